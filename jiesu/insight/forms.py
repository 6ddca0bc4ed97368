"""The dashboard's period and scope pickers.

Months are YYYY-MM within 1990–2100 and ids within 1…2⁶³−1 (`jiesu.core.params`); a value outside
them makes `period()` raise BadParameter, which the page answers with 400 and the reason instead
of a 500 from date arithmetic on the year 9999 or 0001.
"""

from datetime import date

from django import forms
from django.utils import timezone

from jiesu.core.params import ID_MAX, BadParameter, parse_month
from jiesu.insight.selectors.scope import Period, _add_months, _month_end


class PeriodForm(forms.Form):
    start = forms.CharField(
        label="起始月", required=False, max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )
    end = forms.CharField(
        label="截止月", required=False, max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )
    community = forms.IntegerField(
        label="社区", required=False, min_value=1, max_value=ID_MAX, widget=forms.Select
    )
    unit = forms.IntegerField(
        label="承办单位", required=False, min_value=1, max_value=ID_MAX, widget=forms.Select
    )

    def _month(self, name: str) -> date | None:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        try:
            return parse_month(text, name=name)
        except BadParameter as error:
            raise forms.ValidationError(error.message) from error

    def clean_start(self):
        return self._month("start")

    def clean_end(self):
        return self._month("end")

    def period(self) -> Period:
        """The months picked (default: the last twelve); BadParameter when a value is out of range."""
        if self.is_bound and not self.is_valid():
            name, errors = next(iter(self.errors.items()))
            raise BadParameter(name, "；".join(str(error).rstrip("。") for error in errors))
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound else {}
        end = data.get("end") or today.replace(day=1)
        start = data.get("start") or _add_months(end, -11)
        if start > end:
            start, end = end, start
        return Period(start, min(_month_end(end), max(today, start)))
