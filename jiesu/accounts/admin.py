"""Accounts in the admin: the security administrator's area (三员分立, `access.admin_may`)."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm

from jiesu.accounts import services
from jiesu.accounts.models import User


class ResetPasswordForm(AdminPasswordChangeForm):
    """A password set by the security administrator must be changed by its owner at next sign-in."""

    def save(self, commit=True):
        self.user.must_change_password = True
        return super().save(commit=commit)


class NewUserForm(AdminUserCreationForm):
    def save(self, commit=True):
        user = super().save(commit=False)
        user.must_change_password = True
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = NewUserForm
    change_password_form = ResetPasswordForm
    list_display = ["username", "display_name", "role", "unit", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "display_name"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("display_name", "phone", "email")}),
        ("角色与单位", {"fields": ("role", "unit")}),
        ("状态", {"fields": ("is_active", "must_change_password")}),
        ("时间", {"fields": ("last_login", "date_joined", "password_changed_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        ("接诉即办", {"fields": ("display_name", "role", "unit")}),
    )
    readonly_fields = ["last_login", "date_joined", "password_changed_at"]
    autocomplete_fields = ["unit"]
    actions = ["unlock"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            fields += ["role", "is_active"]  # no one raises or re-enables themselves
        return fields

    def save_model(self, request, obj, form, change):
        services.user_admin_flags_apply(user=obj)
        super().save_model(request, obj, form, change)

    @admin.action(description="解除登录锁定")
    def unlock(self, request, queryset):
        count = services.users_unlock(users=list(queryset), actor=request.user)
        self.message_user(request, f"已解除 {count} 条登录失败记录。", messages.SUCCESS)
