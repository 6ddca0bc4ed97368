"""The dashboard's period and scope pickers."""

from datetime import date

from django import forms
from django.utils import timezone

from jiesu.insight.selectors.scope import Period, _add_months, _month_end


class PeriodForm(forms.Form):
    start = forms.CharField(label="起始月", required=False, widget=forms.TextInput(attrs={"type": "month"}))
    end = forms.CharField(label="截止月", required=False, widget=forms.TextInput(attrs={"type": "month"}))
    community = forms.IntegerField(label="社区", required=False, widget=forms.Select)
    unit = forms.IntegerField(label="承办单位", required=False, widget=forms.Select)

    def period(self) -> Period:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = _month(data.get("end")) or today.replace(day=1)
        start = _month(data.get("start")) or _add_months(end, -11)
        if start > end:
            start, end = end, start
        return Period(start, min(_month_end(end), max(today, start)))


def _month(text: str | None) -> date | None:
    try:
        return date.fromisoformat(f"{text}-01") if text else None
    except ValueError:
        return None
