"""Forms of 吹哨报到: they parse and check input; the services decide."""

from django import forms

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.places.models import Community, Compound
from jiesu.units.models import Unit
from jiesu.whistles.deadlines import check_in_rules
from jiesu.whistles.models import Whistle
from jiesu.whistles.selectors import QUEUES, WhistleFilters
from jiesu.whistles.services.blowing import SUMMONABLE_KINDS
from jiesu.whistles.states import SummonsAction, WhistleAction, WhistleStatus
from jiesu.workorders.models import Urgency

YES_NO = [("1", "是"), ("0", "否")]
SCORES = [(str(n), f"{n} 分") for n in range(5, 0, -1)]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = []
        for item in files:  # (a loop: super() does not work inside a comprehension's scope)
            cleaned.append(super().clean(item, initial))
        return cleaned


def summonable_units() -> list[tuple[str, list[tuple[int, str]]]]:
    """Units one can summon, grouped by kind (an <optgroup> each)."""
    labels = dict(Unit.Kind.choices)
    groups: dict[str, list[tuple[int, str]]] = {}
    for unit in Unit.objects.filter(kind__in=SUMMONABLE_KINDS, is_active=True).order_by("kind", "name"):
        groups.setdefault(labels[unit.kind], []).append((unit.pk, unit.name))
    order = [labels[kind] for kind in SUMMONABLE_KINDS]
    return sorted(groups.items(), key=lambda item: order.index(item[0]))


class UnitsField(forms.TypedMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(coerce=int, **kwargs)
        self.widget.attrs.update({"size": 8})

    def clean(self, value) -> list[Unit]:
        values = super().clean(value)
        found = Unit.objects.in_bulk(values)
        return [found[pk] for pk in values if pk in found]


class WhistleFilterForm(forms.Form):
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "编号、事项、地点", "type": "search"}),
    )
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *WhistleStatus.choices])
    urgency = forms.ChoiceField(label="紧急程度", required=False, choices=[("", "全部"), *Urgency.choices])
    community = forms.TypedChoiceField(label="社区", required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label="召集单位", required=False, coerce=int, empty_value=None)
    queue = forms.ChoiceField(label="待办", required=False, choices=[("", "全部"), *QUEUES.items()])
    mine = forms.BooleanField(label="只看本单位", required=False)
    blown_from = forms.DateField(
        label="吹哨日期起", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    blown_to = forms.DateField(
        label="吹哨日期止", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        communities = Community.objects.order_by("id")
        seen = access.visibility(user)
        if not seen.street_wide:
            communities = communities.filter(whistles__in=access.scope(user, Whistle)).distinct()
        self.fields["community"].choices = [("", "全部"), *communities.values_list("id", "name")]
        self.fields["unit"].choices = [("", "全部"), *summonable_units()]
        if access.role_of(user) not in (Role.DEPARTMENT, Role.PROPERTY):
            del self.fields["mine"]

    def filters(self) -> WhistleFilters:
        if not self.is_bound or not self.is_valid():
            return WhistleFilters()
        data = self.cleaned_data
        return WhistleFilters(
            q=data["q"],
            status=data["status"],
            urgency=data["urgency"],
            community=data["community"],
            unit=data["unit"],
            queue=data["queue"],
            mine=bool(data.get("mine")),
            blown_from=data["blown_from"],
            blown_to=data["blown_to"],
        )


class BlowForm(forms.Form):
    community = forms.ModelChoiceField(label="社区", queryset=Community.objects.order_by("id"))
    title = forms.CharField(
        label="事项",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "如 阳光星苑多栋楼顶层漏雨"}),
    )
    description = forms.CharField(label="情况说明", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    compound = forms.ModelChoiceField(
        label="小区", queryset=Compound.objects.order_by("community_id", "id"), required=False
    )
    building_number = forms.CharField(
        label="楼号", max_length=20, required=False, widget=forms.TextInput(attrs={"placeholder": "如 5"})
    )
    place_text = forms.CharField(label="具体位置", max_length=200, required=False)
    urgency = forms.ChoiceField(
        label="紧急程度", choices=Urgency.choices, initial=Urgency.NORMAL, widget=forms.RadioSelect
    )
    units = UnitsField(label="召集单位", help_text="可多选（按住 Ctrl 或在手机上逐个点选）")
    orders = forms.CharField(
        label="关联工单编号",
        required=False,
        max_length=1000,
        help_text="多个编号用逗号或空格分隔",
        widget=forms.TextInput(),
    )
    photos = PhotosField(label="现场照片", required=False, help_text="最多 9 张，JPG/PNG/WebP")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = summonable_units()
        community_id = access.user_community_id(user)
        if not access.is_centre(user) and community_id is not None:
            self.fields["community"].queryset = Community.objects.filter(pk=community_id)
            self.fields["community"].initial = community_id
            self.fields["community"].widget = forms.HiddenInput()
            self.fields["compound"].queryset = Compound.objects.filter(community_id=community_id).order_by(
                "id"
            )
        hours = check_in_rules()
        self.fields["urgency"].choices = [
            (value, f"{label}（{hours[value]} 个工作小时内报到）" if value in hours else label)
            for value, label in Urgency.choices
        ]


# -- one form per action: `version` is what the person saw ------------------------------------------
class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CheckInForm(ActionForm):
    on_site = forms.TypedChoiceField(
        label="是否到现场", choices=YES_NO, coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    person = forms.CharField(label="报到人", max_length=50, required=False, help_text="不填则为您本人")
    note = forms.CharField(
        label="说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportForm(ActionForm):
    measures = forms.CharField(label="处置措施", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.CharField(label="处置结果", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    photos = PhotosField(label="处置照片", required=False)


class NoteForm(ActionForm):
    note = forms.CharField(
        label="说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(ActionForm):
    note = forms.CharField(label="原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class RateUnitForm(ActionForm):
    on_time = forms.TypedChoiceField(label="报到及时", choices=SCORES, coerce=int, widget=forms.RadioSelect)
    effective = forms.TypedChoiceField(label="处置有效", choices=SCORES, coerce=int, widget=forms.RadioSelect)
    satisfied = forms.TypedChoiceField(label="总体满意", choices=SCORES, coerce=int, widget=forms.RadioSelect)
    note = forms.CharField(
        label="评价说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RateWhistleForm(ActionForm):
    reasonable = forms.TypedChoiceField(
        label="吹哨是否合理", choices=YES_NO, coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="理由",
        max_length=500,
        required=False,
        help_text="认为不合理时必填",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SummonMoreForm(ActionForm):
    units = UnitsField(label="追加召集单位")
    note = forms.CharField(label="说明", max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].choices = summonable_units()


class LinkForm(ActionForm):
    orders = forms.CharField(label="工单编号", max_length=1000, help_text="多个编号用逗号或空格分隔")
    note = forms.CharField(label="说明", max_length=500, required=False)


SUMMONS_FORMS: dict[str, type[ActionForm]] = {
    SummonsAction.CHECK_IN: CheckInForm,
    SummonsAction.REPORT: ReportForm,
    SummonsAction.CONFIRM: NoteForm,
    SummonsAction.SEND_BACK: ReasonForm,
    SummonsAction.WITHDRAW: ReasonForm,
    SummonsAction.RATE_UNIT: RateUnitForm,
    SummonsAction.RATE_WHISTLE: RateWhistleForm,
}
WHISTLE_FORMS: dict[str, type[ActionForm]] = {
    WhistleAction.SUMMON_MORE: SummonMoreForm,
    WhistleAction.LINK: LinkForm,
    WhistleAction.CANCEL: ReasonForm,
}


class FiguresForm(forms.Form):
    start = forms.DateField(label="起", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="止", required=False, widget=forms.DateInput(attrs={"type": "date"}))
