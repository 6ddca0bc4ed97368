"""Forms of the riders' pages (public ones carry the public kit's honeypot and phone check)."""

from datetime import date

from django import forms

from jiesu.core.params import BadParameter, parse_month
from jiesu.places.models import Community, Compound
from jiesu.public.forms import ContactFields, PhotosField, PublicForm, everyday_choices, phone_clean
from jiesu.public.models import Audience, EverydayCategory
from jiesu.riders.models import AMENITIES, HostKind, Platform, RestStation, StationStatus


def month_parse(value: str | None) -> date | None:
    """The first day of a YYYY-MM month; None when empty; BadParameter (a 400) when not a month in
    the range every page accepts (core.params)."""
    return parse_month(value, name="month") if value else None


# -- public ------------------------------------------------------------------------------------
class CardForm(PublicForm):
    platform = forms.ChoiceField(label="所属平台", choices=[("", "请选择"), *Platform.choices])
    nickname = forms.CharField(label="昵称（选填，排行榜上打码显示）", max_length=20, required=False)
    phone = forms.CharField(label="手机号", max_length=20)
    consent = forms.BooleanField(
        label="我已阅读并同意隐私说明", error_messages={"required": "请阅读并同意隐私说明后再办理。"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].error_messages.update(
            required="请选择所属平台。", invalid_choice="请选择所属平台。"
        )

    def clean_phone(self) -> str:
        phone = phone_clean(self.cleaned_data.get("phone", ""))
        if len(phone) != 11:
            raise forms.ValidationError("请填写11位手机号。")
        return phone


def compound_choices() -> list:
    groups: dict[str, list] = {}
    for compound in Compound.objects.select_related("community").order_by("community_id", "id"):
        groups.setdefault(compound.community.name, []).append((compound.pk, compound.name))
    return [("", "不在小区内 / 不确定"), *groups.items()]


class ReportForm(PublicForm, ContactFields):
    everyday = forms.TypedChoiceField(label="发现了什么隐患", coerce=int, empty_value=None)
    compound = forms.TypedChoiceField(label="所在小区（选填）", coerce=int, empty_value=None, required=False)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, widget=forms.HiddenInput)
    place_text = forms.CharField(
        label="具体位置",
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如：槐林路与北湖街交叉口东南角"}),
    )
    content = forms.CharField(
        label="情况描述",
        min_length=5,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"min_length": "请把情况写得具体一些（至少5个字）。", "required": "请填写情况描述。"},
    )
    photos = PhotosField(label="现场照片（选填，最多3张）")
    card = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = [
        "everyday",
        "compound",
        "place_text",
        "lat",
        "lng",
        "content",
        "photos",
        "name",
        "phone",
        "consent",
        "card",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["everyday"].choices = [("", "请选择"), *everyday_choices(Audience.RIDER)]
        self.fields["everyday"].error_messages.update(
            required="请选择发现了什么隐患。", invalid_choice="请选择发现了什么隐患。"
        )
        self.fields["compound"].error_messages["invalid_choice"] = "所选小区不存在。"
        self.fields["compound"].choices = compound_choices()
        self.fields["name"].label = "称呼（选填）"

    def clean_everyday(self) -> EverydayCategory:
        row = EverydayCategory.objects.filter(
            pk=self.cleaned_data.get("everyday"), is_active=True, audience__in=[Audience.RIDER, Audience.BOTH]
        ).first()
        if row is None:
            raise forms.ValidationError("请选择发现了什么隐患。")
        return row

    def clean_compound(self) -> Compound | None:
        pk = self.cleaned_data.get("compound")
        if pk is None:
            return None
        compound = Compound.objects.select_related("community").filter(pk=pk).first()
        if compound is None:
            raise forms.ValidationError("所选小区不存在。")
        return compound

    def clean(self):
        data = super().clean()
        if (data.get("lat") is None) != (data.get("lng") is None):
            raise forms.ValidationError("定位不完整，请重新定位。")
        return data


# -- staff -------------------------------------------------------------------------------------
class StationForm(forms.ModelForm):
    class Meta:
        model = RestStation
        fields = [
            "name",
            "host_name",
            "host_kind",
            "community",
            "compound",
            "address",
            "lat",
            "lng",
            "hours",
            "has_water",
            "has_charging",
            "has_microwave",
            "has_toilet",
            "has_seats",
            "benefits",
            "phone",
        ]
        widgets = {"benefits": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["compound"].queryset = Compound.objects.filter(community__in=communities).order_by(
            "community_id", "id"
        )
        self.fields["lat"].help_text = "WGS-84，如 39.99"
        self.fields["lng"].help_text = "WGS-84，如 116.48"

    def _post_clean(self):  # the service validates and saves; the form only parses
        pass


class StationFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=50)
    community = forms.ModelChoiceField(
        label="社区", queryset=Community.objects.none(), required=False, empty_label="全部社区"
    )
    host_kind = forms.ChoiceField(
        label="承办单位类型", required=False, choices=[("", "全部"), *HostKind.choices]
    )
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *StationStatus.choices])
    amenities = forms.MultipleChoiceField(
        label="设施", required=False, choices=AMENITIES, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class VerifyForm(forms.Form):
    card = forms.CharField(
        label="暖心卡号",
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    station = forms.ModelChoiceField(label="驿站", queryset=RestStation.objects.none(), empty_label=None)
    benefit = forms.ChoiceField(label="使用的权益")
    note = forms.CharField(label="备注（选填）", max_length=200, required=False)

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        benefits = sorted({b for station in stations for b in station.benefit_list})
        self.fields["benefit"].choices = [(b, b) for b in benefits]


class MonthForm(forms.Form):
    month = forms.CharField(label="月份", required=False, widget=forms.TextInput(attrs={"type": "month"}))

    def clean_month(self) -> date | None:
        value = self.cleaned_data.get("month")
        if not value:
            return None
        try:
            return month_parse(value)
        except BadParameter as error:
            raise forms.ValidationError(error.message) from error
