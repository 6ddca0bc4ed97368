"""The Django admin for Jiesu: entered by role (三员分立), signed into through Jiesu's own login
(lockout, second factor), every change announced to the audit log, and every form's one-line
text cleaned of invisible characters. Applies to every app's ModelAdmin, later apps' included."""

from django import forms
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from jiesu.accounts import access
from jiesu.accounts.signals import security_event
from jiesu.core.masking import mask_free_text, mask_name, mask_phone
from jiesu.core.normalise import clean_line


class CleanModelForm(forms.ModelForm):
    """Strips zero-width and control characters from every one-line text field."""

    def clean(self):
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(value, str) and isinstance(field.widget, forms.TextInput):
                cleaned[name] = clean_line(value)
        return cleaned


class AuditedAdmin(admin.ModelAdmin):
    """Every add, change and delete in the admin goes to the audit log (besides Django's LogEntry)."""

    def _announce(self, request, kind: str, obj, message="") -> None:
        target = f"{obj._meta.verbose_name} {obj.pk}：{obj}"
        detail = {"model": obj._meta.label_lower, "id": obj.pk}
        if message:
            detail["change"] = str(message)[:500] if not isinstance(message, list) else message
        security_event.send(
            __name__, kind=kind, request=request, user=request.user, target=target, detail=detail
        )

    def log_addition(self, request, obj, message):
        self._announce(request, "admin_add", obj, message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._announce(request, "admin_change", obj, message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._announce(request, "admin_delete", obj)
        return super().log_deletions(request, queryset)


class MaskedFields:
    """Citizens' personal data shown masked in the admin (no reveal here: the order page has one,
    and it is logged). `pii_fields` maps a field to "name", "phone" or "text" (numbers in text).
    For a ModelAdmin (`MaskedAdmin`) or an inline (`MaskedInline`)."""

    pii_fields: dict[str, str] = {}
    MASKS = {"name": mask_name, "phone": mask_phone, "text": mask_free_text}

    def get_fields(self, request, obj=None):
        return list(dict.fromkeys(self._masked_name(f) for f in super().get_fields(request, obj)))

    def get_readonly_fields(self, request, obj=None):
        fields = [self._masked_name(f) for f in super().get_readonly_fields(request, obj)]
        return list(dict.fromkeys(fields + [self._masked_name(f) for f in self.pii_fields]))

    def get_search_fields(self, request):
        return [f for f in super().get_search_fields(request) if f not in self.pii_fields]

    def _masked_name(self, field: str) -> str:
        return f"{field}_masked" if field in self.pii_fields else field

    def __getattr__(self, name: str):
        field = name.removesuffix("_masked")
        if name.endswith("_masked") and field in type(self).pii_fields:
            mask = self.MASKS[type(self).pii_fields[field]]

            def shown(obj):
                return mask(getattr(obj, field) or "")

            shown.short_description = self.model._meta.get_field(field).verbose_name
            return shown
        raise AttributeError(name)


class _MaskedTitle:
    """The object as the admin names it (page title, breadcrumbs), with numbers in it masked."""

    def __init__(self, obj):
        self._obj = obj

    def __str__(self) -> str:
        return mask_free_text(str(self._obj))

    def __getattr__(self, name):
        return getattr(self._obj, name)


class MaskedAdmin(MaskedFields, admin.ModelAdmin):
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["subtitle"] = mask_free_text(str(obj))
            context["original"] = _MaskedTitle(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


class MaskedInline(MaskedFields, admin.TabularInline):
    pass


class JiesuAdminSite(admin.AdminSite):
    site_header = "接诉 · 后台管理"
    site_title = "接诉后台"
    index_title = "后台管理"

    def has_permission(self, request) -> bool:
        return access.admin_may_enter(request.user)

    def login(self, request, extra_context=None):
        """One door: the admin's own login form would skip the lockout and the second factor."""
        if request.user.is_authenticated:  # signed in, but not in a role that uses the admin
            raise PermissionDenied("您的角色不能使用后台管理。")
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        return redirect(f"{reverse('login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")

    def password_change(self, request, extra_context=None):
        return redirect("password_change")  # the one page that applies the rules and clears a reset

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        attrs = {"form": CleanModelForm} if admin_class.form is forms.ModelForm else {}
        admin_class = type(admin_class.__name__, (AuditedAdmin, admin_class), attrs)
        return super().register(model_or_iterable, admin_class, **options)
