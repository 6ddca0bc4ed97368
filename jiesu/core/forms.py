"""The project's form renderer (labels without Django's ASCII colon) and the calendar's forms."""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils import timezone


class PlainLabelBoundField(BoundField):
    """Labels as written: Django appends ":" (its `label_suffix`); Chinese forms put the label
    above or beside the field without one. A form or field that sets `label_suffix` keeps it."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        if label_suffix is None and self.field.label_suffix is None and self.form.label_suffix == ":":
            label_suffix = ""
        return super().label_tag(contents, attrs, label_suffix=label_suffix, tag=tag)


class FormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: Django's own templates, every form's labels without a colon."""

    bound_field_class = PlainLabelBoundField


def _next_year() -> int:
    return timezone.localdate().year + 1


class HolidayNoticeForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100, initial=_next_year)
    days_off = forms.CharField(
        label="放假日期",
        widget=forms.Textarea(attrs={"rows": 9, "cols": 70}),
        help_text="每行一个假期，如“春节：2月6日至13日”或“2027-10-01 至 2027-10-07”。"
        "也可直接粘贴通知原文：含“上班”的句子按调休上班日处理，没有日期的行会跳过。",
    )
    workdays = forms.CharField(
        label="调休上班日期",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
        help_text="周末上班的日期，如“2月14日（星期日）、2月20日（星期六）”。",
    )
