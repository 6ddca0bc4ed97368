"""Forms of the public pages. Every public form carries a honeypot and checks phones alike."""

import re

from django import forms
from django.conf import settings

from jiesu.places.models import Building, Compound
from jiesu.public.models import Audience, EverydayCategory
from jiesu.workorders.models import Satisfaction

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")
HONEYPOT = "website"
HONEYPOT_MESSAGE = "提交未通过校验，请刷新页面后重新填写。"
MAX_PHOTOS = 3


def phone_clean(value: str) -> str:
    """A mainland mobile (11 digits) or a landline with its area code; spaces and dashes allowed."""
    digits = re.sub(r"[\s\-]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    if not (MOBILE.match(digits) or LANDLINE.match(digits)):
        raise forms.ValidationError("请填写正确的手机号（11位）或带区号的固定电话。")
    return digits


class PublicForm(forms.Form):
    """A public form: a hidden field people never see and bots fill in (the honeypot)."""

    website = forms.CharField(
        label="请勿填写此项",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def caught_in_honeypot(self) -> bool:
        return bool((self.data.get(HONEYPOT) or "").strip())


class ContactFields(forms.Form):
    name = forms.CharField(label="您的称呼", max_length=20, required=False)
    phone = forms.CharField(label="手机号", max_length=20, help_text="用于回电联系和查询进度，不会公开。")
    consent = forms.BooleanField(
        label="我已阅读并同意隐私说明",
        error_messages={"required": "请阅读并同意隐私说明后再提交。"},
    )

    def clean_phone(self) -> str:
        return phone_clean(self.cleaned_data.get("phone", ""))

    def clean_name(self) -> str:
        return (self.cleaned_data.get("name") or "").strip()


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to MAX_PHOTOS photos; each is checked (type, size, pixels) and cleaned by the service."""

    widget = MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(f"最多上传 {MAX_PHOTOS} 张照片。")
        limit = int(getattr(settings, "JIESU_PHOTO_MAX_MB", 10))
        for item in files:
            if item.size > limit * 1024 * 1024:
                raise forms.ValidationError(f"每张照片不能超过 {limit} MB。")
        return files


def everyday_choices(audience: str) -> list[tuple[int, str]]:
    rows = EverydayCategory.objects.filter(is_active=True, audience__in=[audience, Audience.BOTH])
    return [(row.pk, f"{row.label}（{row.hint}）" if row.hint else row.label) for row in rows]


class SubmitForm(PublicForm, ContactFields):
    """A resident's submission from a poster's page; the place comes from the poster."""

    everyday = forms.TypedChoiceField(label="遇到了什么问题", coerce=int, empty_value=None)
    content = forms.CharField(
        label="具体情况",
        min_length=5,
        max_length=1000,
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                "placeholder": "请描述问题的位置、持续时间和影响，例如：3号楼2单元楼道灯坏了一周。",
            }
        ),
        error_messages={"min_length": "请把情况写得具体一些（至少5个字）。", "required": "请填写具体情况。"},
    )
    compound = forms.TypedChoiceField(label="小区", coerce=int, empty_value=None, required=False)
    building = forms.TypedChoiceField(label="楼栋（选填）", coerce=int, empty_value=None, required=False)
    unit_room = forms.CharField(label="单元、门牌或具体位置（选填）", max_length=40, required=False)
    photos = PhotosField(label="照片（选填，最多3张）")

    field_order = [
        "everyday",
        "compound",
        "building",
        "unit_room",
        "content",
        "photos",
        "name",
        "phone",
        "consent",
    ]

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        self.fields["everyday"].choices = [("", "请选择")] + everyday_choices(Audience.RESIDENT)
        self.fields["everyday"].error_messages.update(
            required="请选择遇到了什么问题。", invalid_choice="请选择遇到了什么问题。"
        )
        compounds = place.compounds
        if compounds:
            self.fields["compound"].choices = [("", "不确定 / 不在小区内")] + [
                (c.pk, c.name) for c in compounds
            ]
        else:
            del self.fields["compound"]
        buildings = place.buildings
        if buildings:
            self.fields["building"].choices = [("", "不选")] + [(b.pk, f"{b.number}号楼") for b in buildings]
            self.fields["building"].error_messages["invalid_choice"] = "所选楼栋不属于本小区。"
        else:
            del self.fields["building"]

    def clean_compound(self) -> Compound | None:
        pk = self.cleaned_data.get("compound")
        if pk is None:
            return None
        compound = next((c for c in self.place.compounds if c.pk == pk), None)
        if compound is None:
            raise forms.ValidationError("所选小区不在本社区。")
        return compound

    def clean_building(self) -> Building | None:
        pk = self.cleaned_data.get("building")
        if pk is None:
            return None
        building = next((b for b in self.place.buildings if b.pk == pk), None)
        if building is None:
            raise forms.ValidationError("所选楼栋不属于本小区。")
        return building

    def clean_everyday(self) -> EverydayCategory:
        pk = self.cleaned_data.get("everyday")
        row = EverydayCategory.objects.filter(
            pk=pk, is_active=True, audience__in=[Audience.RESIDENT, Audience.BOTH]
        ).first()
        if row is None:
            raise forms.ValidationError("请选择遇到了什么问题。")
        return row


class TrackForm(PublicForm):
    code = forms.CharField(
        label="查询码",
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    last4 = forms.CharField(
        label="手机号后四位",
        max_length=4,
        min_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_last4(self) -> str:
        value = (self.cleaned_data.get("last4") or "").strip()
        if not re.fullmatch(r"\d{4}", value):
            raise forms.ValidationError("请填写手机号的后四位数字。")
        return value


YES_NO = [("yes", "是"), ("no", "否")]


class RateForm(PublicForm):
    contacted = forms.ChoiceField(label="承办单位是否联系过您", choices=YES_NO, widget=forms.RadioSelect)
    resolved = forms.ChoiceField(label="问题是否已解决", choices=YES_NO, widget=forms.RadioSelect)
    satisfaction = forms.ChoiceField(
        label="您对办理结果是否满意", choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="还想说的话（选填）", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (
            ("contacted", "请选择是否联系过您。"),
            ("resolved", "请选择问题是否已解决。"),
            ("satisfaction", "请选择满意度。"),
        ):
            self.fields[name].error_messages["required"] = label
