"""Forms of 主动治理: they parse and check input; the services decide."""

from django import forms

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.places.models import Building, Community, Compound
from jiesu.projects.models import Batch, FundingSource, Project, ProjectType, SourceKind
from jiesu.projects.selectors import QUEUES, ProjectFilters
from jiesu.projects.services.proposing import PHOTO_AFTER, PHOTO_BEFORE
from jiesu.projects.states import ProjectAction as A
from jiesu.projects.states import ProjectStatus
from jiesu.units.models import Unit
from jiesu.whistles.forms import PhotosField

MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": 0}
OWNER_KINDS = (
    Unit.Kind.STREET_SECTION,
    Unit.Kind.DEPARTMENT,
    Unit.Kind.UTILITY,
    Unit.Kind.PROPERTY_PROJECT,
    Unit.Kind.PROPERTY_COMPANY,
    Unit.Kind.COMMUNITY,
    Unit.Kind.COBUILDING,
)


def owner_choices() -> list[tuple]:
    units = Unit.objects.filter(kind__in=OWNER_KINDS, is_active=True).order_by("kind", "name")
    return [("", "—"), *units.values_list("id", "name")]


class ProjectFilterForm(forms.Form):
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "编号、名称、小区", "type": "search"}),
    )
    batch = forms.TypedChoiceField(label="批次", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *ProjectStatus.choices])
    type = forms.TypedChoiceField(label="类型", required=False, coerce=int, empty_value=None)
    community = forms.TypedChoiceField(label="社区", required=False, coerce=int, empty_value=None)
    source_kind = forms.ChoiceField(label="来源", required=False, choices=[("", "全部"), *SourceKind.choices])
    queue = forms.ChoiceField(label="待办", required=False, choices=[("", "全部"), *QUEUES.items()])
    mine = forms.BooleanField(label="只看本单位实施", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].choices = [
            ("", "全部"),
            *Batch.objects.order_by("-opens_on").values_list("id", "name"),
        ]
        self.fields["type"].choices = [("", "全部"), *ProjectType.objects.values_list("id", "name")]
        communities = Community.objects.order_by("id")
        if not access.visibility(user).street_wide:
            communities = communities.filter(projects__in=access.scope(user, Project)).distinct()
        self.fields["community"].choices = [("", "全部"), *communities.values_list("id", "name")]
        if access.visibility(user).street_wide or access.role_of(user) in (Role.COMMUNITY, Role.GRID_WORKER):
            del self.fields["mine"]

    def filters(self) -> ProjectFilters:
        if not self.is_bound or not self.is_valid():
            return ProjectFilters()
        data = self.cleaned_data
        return ProjectFilters(
            q=data["q"],
            batch=data["batch"],
            status=data["status"],
            type=data["type"],
            community=data["community"],
            source_kind=data["source_kind"],
            queue=data["queue"],
            mine=bool(data.get("mine")),
        )


class FundingFields(forms.Form):
    budget = forms.DecimalField(label="预算(元)", **MONEY)
    district = forms.DecimalField(label=FundingSource.DISTRICT.label + "(元)", required=False, **MONEY)
    party = forms.DecimalField(label=FundingSource.PARTY.label + "(元)", required=False, **MONEY)
    welfare = forms.DecimalField(label=FundingSource.WELFARE.label + "(元)", required=False, **MONEY)
    other = forms.DecimalField(label=FundingSource.OTHER.label + "(元)", required=False, **MONEY)
    other_note = forms.CharField(label="其他来源说明", required=False, max_length=100)

    def funding_lines(self) -> list[tuple]:
        data = self.cleaned_data
        return [
            (source, data[source], data["other_note"] if source == FundingSource.OTHER else "")
            for source in FundingSource.values
            if data.get(source)
        ]


class ProposeForm(FundingFields):
    batch = forms.ModelChoiceField(label="征集批次", queryset=Batch.objects.none())
    title = forms.CharField(label="项目名称", max_length=100)
    type = forms.ModelChoiceField(label="项目类型", queryset=ProjectType.objects.filter(is_active=True))
    description = forms.CharField(label="项目内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    community = forms.ModelChoiceField(label="社区", queryset=Community.objects.order_by("id"))
    compounds = forms.ModelMultipleChoiceField(
        label="小区",
        queryset=Compound.objects.order_by("community_id", "name"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    building_numbers = forms.CharField(
        label="楼号",
        required=False,
        max_length=100,
        help_text="只选一个小区时可填，如 5 13 16；不填为整个小区",
    )
    source_kind = forms.ChoiceField(label="来源", choices=SourceKind.choices)
    source_alert = forms.IntegerField(label="来源预警编号", required=False, min_value=1, max_value=2**62)
    source_whistle = forms.CharField(label="来源吹哨编号", required=False, max_length=30)
    source_ref = forms.CharField(
        label="来源说明", required=False, max_length=200, help_text="点位台账、议题或反复诉求点位"
    )
    owner_unit = forms.TypedChoiceField(label="实施单位", required=False, coerce=int, empty_value=None)
    photos = PhotosField(label="实施前照片", required=False)
    field_order = ["batch", "title", "type", "description", "community", "compounds", "building_numbers",
                   "source_kind", "source_alert", "source_whistle", "source_ref", "owner_unit", "budget"]  # fmt: skip

    def __init__(self, *args, user, batches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches
        self.fields["owner_unit"].choices = owner_choices()
        self.fields["budget"].required = False
        if not access.is_centre(user):
            mine = access.user_community_id(user)
            self.fields["community"].queryset = Community.objects.filter(pk=mine)
            self.fields["community"].initial = mine
            self.fields["compounds"].queryset = Compound.objects.filter(community_id=mine).order_by("name")

    def places(self) -> list[tuple]:
        data = self.cleaned_data
        compounds = list(data["compounds"])
        numbers = data["building_numbers"].replace("，", " ").replace(",", " ").split()
        if not numbers:
            return [(compound, None) for compound in compounds]
        if len(compounds) != 1:
            raise forms.ValidationError("填写楼号时只能选一个小区。")
        found = {b.number: b for b in Building.objects.filter(compound=compounds[0], number__in=numbers)}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(f"{compounds[0].name}没有楼号：{'、'.join(missing)}。")
        return [(compounds[0], found[n]) for n in numbers]


# -- the steps on a project's page -------------------------------------------------------------
class ActionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project


class NoteForm(ActionForm):
    note = forms.CharField(
        label="说明", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(ActionForm):
    note = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(NoteForm):
    owner_unit = forms.TypedChoiceField(label="实施单位", coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].choices = owner_choices()


class MilestoneAddForm(ActionForm):
    title = forms.CharField(label="节点", max_length=100)
    due_on = forms.DateField(label="计划日期", widget=forms.DateInput(attrs={"type": "date"}))


class MilestoneDoneForm(NoteForm):
    milestone = forms.TypedChoiceField(label="节点", coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        open_ones = self.project.milestones.filter(done_on__isnull=True) if self.project else []
        self.fields["milestone"].choices = [(m.pk, f"{m.title}（计划 {m.due_on}）") for m in open_ones]


class FundingForm(ActionForm, FundingFields):
    note = forms.CharField(label="调整说明", required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.project is not None and not self.is_bound:
            self.initial["budget"] = self.project.budget
            for line in self.project.funding.all():
                self.initial[line.source] = line.amount
                if line.source == FundingSource.OTHER:
                    self.initial["other_note"] = line.note


class PhotoForm(ActionForm):
    role = forms.ChoiceField(
        label="照片类型", choices=[(PHOTO_BEFORE, PHOTO_BEFORE), (PHOTO_AFTER, PHOTO_AFTER)]
    )
    photos = PhotosField(label="照片")


class AcceptForm(NoteForm):
    completed_on = forms.DateField(label="完工日期", widget=forms.DateInput(attrs={"type": "date"}))


FORMS = {
    A.SUBMIT: NoteForm,
    A.RETURN: ReasonForm,
    A.APPROVE: ApproveForm,
    A.REJECT: ReasonForm,
    A.START: NoteForm,
    A.MILESTONE_ADD: MilestoneAddForm,
    A.MILESTONE_DONE: MilestoneDoneForm,
    A.FUNDING: FundingForm,
    A.PHOTO: PhotoForm,
    A.ACCEPT: AcceptForm,
    A.CANCEL: ReasonForm,
}


class SeasonForm(forms.Form):
    season = forms.ChoiceField(
        label="季节", required=False, choices=[("", "下一季"), *[(s, f"{s}季") for s in "春夏秋冬"]]
    )
