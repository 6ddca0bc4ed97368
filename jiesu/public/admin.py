from django import forms
from django.contrib import admin

from jiesu.public.models import EverydayCategory, Submission
from jiesu.workorders.models import Category


class EverydayCategoryForm(forms.ModelForm):
    class Meta:
        model = EverydayCategory
        fields = ["label", "hint", "category_path", "appeal_type", "audience", "position", "is_active"]

    def clean_category_path(self) -> str:
        path = (self.cleaned_data.get("category_path") or "").strip()
        if path and not Category.objects.filter(path=path).exists():
            raise forms.ValidationError("问题分类中没有这个路径，请从“问题分类”中复制完整路径。")
        return path


@admin.register(EverydayCategory)
class EverydayCategoryAdmin(admin.ModelAdmin):
    form = EverydayCategoryForm
    list_display = ["label", "hint", "category_path", "appeal_type", "audience", "position", "is_active"]
    list_filter = ["audience", "is_active"]
    list_editable = ["position", "is_active"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["order", "place_label", "everyday", "created_at", "rated_at"]
    list_filter = ["place_kind"]
    raw_id_fields = ["order"]
    readonly_fields = [field.name for field in Submission._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
