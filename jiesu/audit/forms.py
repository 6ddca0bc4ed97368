from datetime import date

from django import forms

from jiesu.audit.models import AuditKind

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class AuditFilterForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=[("", "全部"), *AuditKind.choices], required=False)
    username = forms.CharField(label="用户名", max_length=150, required=False)
    ip = forms.GenericIPAddressField(label="IP 地址", required=False)
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("date_from", "date_to"):
            day = cleaned.get(name)
            if day and not EARLIEST <= day <= LATEST:
                self.add_error(name, f"日期应在 {EARLIEST.year} 年至 {LATEST.year} 年之间。")
        return cleaned
