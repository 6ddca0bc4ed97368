"""Forms of 居民议事: they only parse input; the services check and write."""

from django import forms

from jiesu.deliberation.models import Programme, SubmissionChannel
from jiesu.deliberation.selectors import QUEUES
from jiesu.deliberation.states import TaskStatus
from jiesu.places.models import Building, Community
from jiesu.public.forms import ContactFields, PublicForm
from jiesu.units.models import Unit
from jiesu.workorders.models import Channel

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def building_choices(programme: Programme) -> list[tuple[str, str]]:
    if not programme.community_id:
        return [("", "—")]
    buildings = Building.objects.filter(compound__community_id=programme.community_id).select_related(
        "compound"
    )
    return [("", "不选")] + [(str(b.pk), str(b)) for b in buildings.order_by("compound_id", "id")]


class ProgrammeForm(forms.Form):
    name = forms.CharField(label="名称", max_length=80)
    community = forms.ModelChoiceField(
        label="社区",
        queryset=Community.objects.none(),
        required=False,
        empty_label="街道层面（不属于某个社区）",
    )
    started_on = forms.DateField(label="启动日期", widget=DATE)
    order_channel = forms.ChoiceField(label="对照工单渠道", choices=Channel.choices, initial=Channel.HOTLINE)
    rules = forms.CharField(label="议事规则", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    management_group = forms.CharField(
        label="管理小组",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="成员与分工，一行一人",
    )
    is_active = forms.BooleanField(label="进行中（接受议题征集）", required=False, initial=True)

    def __init__(self, *args, communities=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["community"]
        else:
            self.fields["community"].queryset = (
                communities if communities is not None else Community.objects.none()
            )


class RepresentativeForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=30)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    building = forms.TypedChoiceField(label="楼栋", coerce=int, empty_value=None, required=False)
    grid = forms.CharField(label="网格", max_length=30, required=False)
    role_note = forms.CharField(
        label="身份", max_length=50, required=False, help_text="如 楼门长、党员、骑手"
    )
    term_start = forms.DateField(label="任期开始", widget=DATE)
    term_end = forms.DateField(label="任期结束", widget=DATE, required=False)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].choices = building_choices(programme)


class TermForm(forms.Form):
    term_end = forms.DateField(label="任期结束", widget=DATE, required=False)


class SubmissionEntryForm(forms.Form):
    """A proposal from the mailbox under the tree or a door-to-door visit, entered by staff."""

    channel = forms.ChoiceField(
        label="来源",
        choices=[(c, label) for c, label in SubmissionChannel.choices if c != SubmissionChannel.ONLINE],
    )
    content = forms.CharField(label="内容", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    building = forms.TypedChoiceField(label="楼栋", coerce=int, empty_value=None, required=False)
    place_text = forms.CharField(label="位置", max_length=100, required=False)
    submitter_name = forms.CharField(label="提议人", max_length=30, required=False)
    submitter_phone = forms.CharField(label="联系电话", max_length=30, required=False)
    submitted_on = forms.DateField(label="收集日期", widget=DATE, required=False, help_text="不填为今天")

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].choices = building_choices(programme)


class PublicSubmissionForm(PublicForm, ContactFields):
    """The public page's proposal form (the programme comes from the poster's token)."""

    content = forms.CharField(
        label="您希望议事会讨论什么",
        min_length=5,
        max_length=1000,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": "例如：5号楼前的空地能否改成停车位或休闲座椅？"}
        ),
        error_messages={"min_length": "请把内容写得具体一些（至少5个字）。", "required": "请填写内容。"},
    )
    place_text = forms.CharField(label="楼栋或位置（选填）", max_length=100, required=False)
    field_order = ["content", "place_text", "name", "phone", "consent"]


class MeetingForm(forms.Form):
    held_at = forms.DateTimeField(
        label="会议时间", widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    )
    place = forms.CharField(label="地点", max_length=100)
    topics = forms.TypedMultipleChoiceField(label="议题", coerce=int, widget=forms.CheckboxSelectMultiple)
    invited = forms.TypedMultipleChoiceField(
        label="邀请代表", coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, topics, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(t.pk, f"{t.month:%Y-%m} {t.title}") for t in topics]
        self.fields["invited"].choices = [
            (r.pk, f"{r.masked_name} {r.building_label} {r.grid}".strip()) for r in representatives
        ]


class HoldForm(forms.Form):
    attended = forms.TypedMultipleChoiceField(
        label="出席代表", coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )
    minutes = forms.CharField(label="会议纪要", max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    residents_count = forms.IntegerField(label="参会居民(人)", min_value=0, max_value=5000, initial=0)
    social_organisations = forms.CharField(label="社会组织", max_length=300, required=False)
    social_workers = forms.CharField(label="社会工作者", max_length=300, required=False)
    volunteers = forms.CharField(label="志愿者", max_length=300, required=False)
    charitable_resources = forms.CharField(label="社会慈善资源", max_length=300, required=False)

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (i.representative_id, f"{i.representative.masked_name} {i.representative.building_label}".strip())
            for i in invitations
        ]


class DecideForm(forms.Form):
    decision = forms.CharField(label="议定事项", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    topic = forms.TypedChoiceField(label="议题", coerce=int, empty_value=None, required=False)
    owner_unit = forms.ModelChoiceField(label="责任单位", queryset=Unit.objects.order_by("kind", "name"))
    deadline = forms.DateField(label="完成时限", widget=DATE)
    orders = forms.CharField(
        label="关联工单编号", max_length=500, required=False, help_text="多个编号用空格或逗号分隔"
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "—")] + [(t.pk, t.title) for t in topics]


class PublishForm(forms.Form):
    summary = forms.CharField(
        label="公开说明",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="将显示在议事公开页（不含姓名）",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(forms.Form):
    progress = forms.CharField(label="办理情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    note = forms.CharField(label="说明", max_length=300, required=False)


class LinkForm(forms.Form):
    orders = forms.CharField(label="工单编号", max_length=500, help_text="多个编号用空格或逗号分隔")


class TaskFilterForm(forms.Form):
    q = forms.CharField(label="搜索", max_length=100, required=False)
    queue = forms.ChoiceField(label="待办", choices=[("", "全部")] + list(QUEUES.items()), required=False)
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部")] + list(TaskStatus.choices), required=False
    )
    programme = forms.ModelChoiceField(
        label="议事项目", queryset=Programme.objects.none(), required=False, empty_label="全部"
    )
    mine = forms.BooleanField(label="只看本单位", required=False)

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes


class SubmissionFilterForm(forms.Form):
    q = forms.CharField(label="搜索", max_length=100, required=False)
    programme = forms.ModelChoiceField(
        label="议事项目", queryset=Programme.objects.none(), required=False, empty_label="全部"
    )
    channel = forms.ChoiceField(
        label="来源", choices=[("", "全部")] + list(SubmissionChannel.choices), required=False
    )
    month = forms.DateField(
        label="月份", required=False, input_formats=["%Y-%m"], widget=forms.DateInput(attrs={"type": "month"})
    )
    unassigned = forms.BooleanField(label="未归入议题", required=False)

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes

    def clean_month(self):
        month = self.cleaned_data.get("month")
        if month is not None and not 1990 <= month.year <= 2100:
            raise forms.ValidationError("月份应在 1990 到 2100 年之间。")
        return month
