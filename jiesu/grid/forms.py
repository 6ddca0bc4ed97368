"""Forms of the grid pages: they only parse; the services check and write."""

from django import forms
from django.utils import timezone

from jiesu.accounts import access
from jiesu.grid.models import GroupKind, MemberRole, Tier
from jiesu.grid.selectors import member_choices
from jiesu.places.models import Building, Community, Compound


def communities_for(user):
    mine = access.user_community_id(user)
    if access.is_street_wide(user) or not mine:
        return Community.objects.order_by("id")
    return Community.objects.filter(pk=mine)


class GroupForm(forms.Form):
    community = forms.ModelChoiceField(label="社区", queryset=Community.objects.none())
    kind = forms.ChoiceField(label="类型", choices=GroupKind.choices)
    name = forms.CharField(label="群名称", max_length=60)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities_for(user)


class BuildingsForm(forms.Form):
    buildings = forms.ModelMultipleChoiceField(
        label="责任楼栋",
        queryset=Building.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buildings"].queryset = (
            Building.objects.filter(compound__community_id=group.community_id)
            .select_related("compound")
            .order_by("compound_id", "id")
        )
        self.fields["buildings"].label_from_instance = lambda b: f"{b.compound.name} {b.number}号楼"


class MemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=30)
    role = forms.ChoiceField(label="群内角色", choices=MemberRole.choices)
    phone = forms.CharField(label="手机号", max_length=20, required=False)


class MatterForm(forms.Form):
    reporter = forms.ModelChoiceField(label="报告人（群成员）", queryset=None)
    tier = forms.ChoiceField(
        label="层级", choices=Tier.choices, help_text="小事群内解决；大事上报社区；难点上报街道"
    )
    title = forms.CharField(label="事项", max_length=100)
    description = forms.CharField(
        label="情况", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    compound = forms.ModelChoiceField(label="小区", queryset=Compound.objects.none(), required=False)
    building_number = forms.CharField(label="楼号", max_length=20, required=False)
    reported_at = forms.DateTimeField(
        label="发现时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        members = member_choices(user=user)
        self.fields["reporter"].queryset = members
        self.fields["reporter"].label_from_instance = lambda m: (
            f"{m.group.name} · {m.name}（{m.get_role_display()}）"
        )
        self.fields["compound"].queryset = Compound.objects.filter(
            community_id__in=members.values("group__community_id")
        ).order_by("community_id", "id")
        self.fields["reported_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    def building(self):
        compound, number = (
            self.cleaned_data.get("compound"),
            (self.cleaned_data.get("building_number") or "").strip(),
        )
        if not compound or not number:
            return None
        return compound.buildings.filter(number=number.removesuffix("号楼").removesuffix("号")).first()
