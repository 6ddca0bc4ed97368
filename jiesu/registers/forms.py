"""Forms of the register pages: they parse input; the services check and decide."""

from django import forms

from jiesu.accounts.models import User
from jiesu.core.errors import ValidationFailed
from jiesu.places.models import Community, Compound
from jiesu.registers.models import Campaign, Source, Topic
from jiesu.registers.permissions import compound_q
from jiesu.registers.selectors import POINT_QUEUES, TASK_QUEUES, task_owner_choices
from jiesu.registers.states import PointStatus, TaskStatus


def filter_error(form: forms.Form) -> ValidationFailed:
    """A filter the list cannot use: its name and why, as a 400 (nothing is listed with it)."""
    field, errors = next(iter(form.errors.items()))
    label = form.fields[field].label if field in form.fields else field
    return ValidationFailed(f"筛选条件「{label}」无效：{errors[0]}")


def _compounds(user):
    compounds = Compound.objects.select_related("community").order_by("community_id", "id")
    q = compound_q(user, "")
    return compounds if q is None else compounds.filter(q)


class PointFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    queue = forms.ChoiceField(label="待办", required=False, choices=[("", "全部"), *POINT_QUEUES.items()])
    community = forms.ModelChoiceField(label="社区", required=False, queryset=Community.objects.none())
    compound = forms.ModelChoiceField(label="小区", required=False, queryset=Compound.objects.none())
    topic = forms.ModelChoiceField(label="主题", required=False, queryset=Topic.objects.all())
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *PointStatus.choices])
    source = forms.ChoiceField(label="来源", required=False, choices=[("", "全部"), *Source.choices])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        compounds = _compounds(user)
        self.fields["compound"].queryset = compounds
        self.fields["community"].queryset = Community.objects.filter(
            pk__in=compounds.values("community_id")
        ).order_by("id")

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        if not self.is_valid():
            raise filter_error(self)
        data = self.cleaned_data
        return {
            "q": data["q"],
            "queue": data["queue"],
            "community": data["community"].pk if data["community"] else None,
            "compound": data["compound"].pk if data["compound"] else None,
            "topic": data["topic"].pk if data["topic"] else None,
            "status": data["status"],
            "source": data["source"],
        }


class TaskFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    queue = forms.ChoiceField(label="待办", required=False, choices=[("", "全部"), *TASK_QUEUES.items()])
    campaign = forms.ModelChoiceField(label="专项行动", required=False, queryset=Campaign.objects.none())
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *TaskStatus.choices])

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        if not self.is_valid():
            raise filter_error(self)
        data = self.cleaned_data
        return {
            "q": data["q"],
            "queue": data["queue"],
            "campaign": data["campaign"].pk if data["campaign"] else None,
            "status": data["status"],
        }


class RegisterForm(forms.Form):
    compound = forms.ModelChoiceField(label="小区", queryset=Compound.objects.none())
    topic = forms.ModelChoiceField(label="主题", queryset=Topic.objects.filter(is_active=True))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = _compounds(user)


class PointForm(forms.Form):
    building = forms.CharField(label="楼号", required=False, max_length=20)
    entrance = forms.CharField(label="单元", required=False, max_length=10)
    room = forms.CharField(label="门牌号", required=False, max_length=20)
    description = forms.CharField(label="问题描述", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    source = forms.ChoiceField(label="来源", choices=Source.choices)
    source_ref = forms.CharField(label="来源编号", required=False, max_length=64)


class PhotoInput(forms.ClearableFileInput):
    """Several photos at once; on a phone it opens the camera."""

    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__(
            {"accept": "image/jpeg,image/png,image/webp", "capture": "environment", **(attrs or {})}
        )


class PhotosField(forms.FileField):
    """Zero or more uploads; the service checks type, size and content and strips EXIF."""

    widget = PhotoInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PhotosField, self).clean(file, initial) for file in files if file]


class WhistleLinkForm(forms.Form):
    whistle = forms.CharField(label="吹哨编号", max_length=30)


class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label="说明", required=False, max_length=500)
    cadre = forms.IntegerField(label="包户干部", required=False)
    solved = forms.ChoiceField(label="回访结果", required=False, choices=[("1", "已解决"), ("0", "未解决")])
    orders = forms.CharField(label="工单号", required=False, max_length=500)
    photos = PhotosField(label="照片")


class CampaignForm(forms.Form):
    name = forms.CharField(label="名称", max_length=60)
    topic = forms.ModelChoiceField(label="主题", queryset=Topic.objects.filter(is_active=True))
    starts_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    compounds = forms.ModelMultipleChoiceField(label="覆盖小区", queryset=Compound.objects.order_by("id"))
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TaskForm(forms.Form):
    title = forms.CharField(label="任务", max_length=60)
    compound = forms.ModelChoiceField(label="小区", queryset=Compound.objects.none())
    building = forms.CharField(label="楼号", required=False, max_length=20)
    owner = forms.ModelChoiceField(label="负责人", queryset=User.objects.none())
    due_on = forms.DateField(label="完成期限", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].queryset = campaign.compounds.order_by("id")
        self.fields["owner"].queryset = task_owner_choices(campaign=campaign)
