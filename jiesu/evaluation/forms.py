"""Forms: they parse and check input; the services decide and change."""

from decimal import Decimal

from django import forms
from django.utils import timezone

from jiesu.evaluation.models import Severity
from jiesu.evaluation.selectors.ledger import LedgerFilters
from jiesu.evaluation.states import LedgerStatus

PHOTO_HELP = "可直接拍照，最多6张，JPG/PNG/WebP"


class PhotoInput(forms.ClearableFileInput):
    """A file input for several photos that opens the camera on a phone."""

    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/*", "capture": "environment", **(attrs or {})})


class PhotosField(forms.FileField):
    widget = PhotoInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", PHOTO_HELP)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = [super(PhotosField, self).clean(file, initial) for file in files]
        if self.required and not cleaned:
            raise forms.ValidationError("请上传照片。")
        return cleaned


class RoundForm(forms.Form):
    name = forms.CharField(label="轮次名称", max_length=50, help_text="如 2024年第二季度")
    period_start = forms.DateField(
        label="考评期起", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label="考评期止", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_start"] > data["period_end"]:
            raise forms.ValidationError("考评期的开始日期不能晚于结束日期。")
        return data


class ScoreSheetForm(forms.Form):
    """One deduction and one reason per indicator of the sheet (`d<indicator id>`, `r<indicator id>`)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, scores: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.scores = scores
        for score in scores:
            indicator = score.indicator
            self.fields[f"d{indicator.pk}"] = forms.DecimalField(
                label=f"{indicator.code} 扣分",
                min_value=Decimal("0"),
                max_value=indicator.max_score,
                decimal_places=1,
                max_digits=5,
                required=False,
                initial=score.deduction,
                error_messages={
                    "max_value": f"不能超过该项分值 {indicator.max_score} 分",
                    "min_value": "不能为负数",
                    "invalid": "请输入数字",
                    "max_decimal_places": "最多一位小数",
                },
                widget=forms.NumberInput(
                    attrs={"step": "0.5", "inputmode": "decimal", "min": "0", "max": str(indicator.max_score)}
                ),  # fmt: skip
            )
            self.fields[f"r{indicator.pk}"] = forms.CharField(
                label=f"{indicator.code} 扣分原因", max_length=300, required=False, initial=score.reason
            )

    def clean(self):
        data = super().clean()
        for score in self.scores:
            key = score.indicator.pk
            if (data.get(f"d{key}") or 0) > 0 and not (data.get(f"r{key}") or "").strip():
                self.add_error(f"r{key}", "扣了分，请写明扣分原因")
        return data

    def deductions(self) -> dict[int, tuple[Decimal, str]]:
        return {
            score.indicator.pk: (
                self.cleaned_data.get(f"d{score.indicator.pk}") or Decimal("0"),
                self.cleaned_data.get(f"r{score.indicator.pk}") or "",
            )
            for score in self.scores
        }

    def rows(self):
        """(score, deduction field, reason field) in sheet order, for the template."""
        return [
            (score, self[f"d{score.indicator.pk}"], self[f"r{score.indicator.pk}"]) for score in self.scores
        ]


class FindingForm(forms.Form):
    compound = forms.TypedChoiceField(label="小区", coerce=int)
    building = forms.TypedChoiceField(label="楼栋", coerce=int, required=False, empty_value=None)
    indicator = forms.TypedChoiceField(label="对应指标", coerce=int, required=False, empty_value=None)
    severity = forms.ChoiceField(label="严重程度", choices=Severity.choices, initial=Severity.MINOR)
    description = forms.CharField(
        label="问题描述",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "如：3号楼东侧消防通道被私家车占用"}),
    )
    photos = PhotosField(label="现场照片")

    def __init__(self, *args, places: list, indicators: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].choices = [(c.pk, c.name) for c in places]
        self.fields["building"].choices = [("", "（不限楼栋）")] + [
            (b.pk, f"{c.name} {b.number}号楼") for c in places for b in c.buildings.all()
        ]
        self.fields["indicator"].choices = [("", "（不对应具体指标）")] + [(i.pk, str(i)) for i in indicators]


class SubmitForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    inspected_on = forms.DateField(
        label="检查日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    summary = forms.CharField(
        label="总体评价", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_inspected_on(self):
        day = self.cleaned_data["inspected_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("检查日期不能晚于今天。")
        return day


class NoteForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label="说明", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RequiredNoteForm(NoteForm):
    note = forms.CharField(label="理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class VerifyForm(NoteForm):
    note = forms.CharField(
        label="核查情况", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    severity = forms.ChoiceField(
        label="严重程度", choices=Severity.choices, help_text="整改时限按严重程度计算"
    )


class RectifyForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    rectification = forms.CharField(
        label="整改情况", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = PhotosField(label="整改后照片", required=True)


class LookbackForm(NoteForm):
    note = forms.CharField(
        label="回头看情况", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    photos = PhotosField(label="复查照片")


class ReopenForm(LookbackForm):
    note = forms.CharField(label="重新整改的理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class LedgerFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100,
                        widget=forms.TextInput(attrs={"placeholder": "问题、小区、项目或编号", "type": "search"}))  # fmt: skip
    round = forms.TypedChoiceField(label="轮次", coerce=int, required=False, empty_value=None)
    project = forms.TypedChoiceField(label="物业服务项目", coerce=int, required=False, empty_value=None)
    community = forms.TypedChoiceField(label="社区", coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *LedgerStatus.choices])
    severity = forms.ChoiceField(label="严重程度", required=False, choices=[("", "全部"), *Severity.choices])
    overdue = forms.BooleanField(label="整改超期", required=False)
    lookback = forms.BooleanField(label="待回头看", required=False)

    def __init__(self, *args, rounds: list, projects: list, communities: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [("", "全部")] + [(r.pk, r.name) for r in rounds]
        self.fields["project"].choices = [("", "全部")] + [(p.pk, p.name) for p in projects]
        self.fields["community"].choices = [("", "全部")] + [(c.pk, c.name) for c in communities]
        if len(communities) <= 1:
            del self.fields["community"]

    def filters(self) -> LedgerFilters:
        """The filters of a valid form; an invalid value is ignored rather than failing the list."""
        data = self.cleaned_data if self.is_valid() else {
            name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors
        }  # fmt: skip
        return LedgerFilters(
            q=(data.get("q") or "").strip(),
            round_id=data.get("round"),
            project_id=data.get("project"),
            community_id=data.get("community"),
            status=data.get("status") or "",
            severity=data.get("severity") or "",
            overdue=bool(data.get("overdue")),
            lookback=bool(data.get("lookback")),
        )
