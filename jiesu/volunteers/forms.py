"""Forms of the volunteer pages: they only parse; the services check and write."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from jiesu.accounts import access
from jiesu.places.models import Community, Compound
from jiesu.volunteers.models import (
    NeedKind,
    Resident,
    ServiceMode,
    ServiceNature,
    Team,
    VisitWellbeing,
    Volunteer,
    VolunteerKind,
)

DATE = forms.DateInput(attrs={"type": "date"})


def communities_for(user):
    mine = access.user_community_id(user)
    return (
        Community.objects.filter(pk=mine)
        if mine and not access.is_street_wide(user)
        else Community.objects.order_by("id")
    )


class VolunteerForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=30)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    kind = forms.ChoiceField(label="身份", choices=VolunteerKind.choices)
    team = forms.ModelChoiceField(label="所属队伍", queryset=Team.objects.filter(is_active=True))
    community = forms.ModelChoiceField(label="所在社区", queryset=Community.objects.none())
    rider = forms.ModelChoiceField(
        label="骑手（暖心卡）",
        queryset=Volunteer._meta.get_field("rider").related_model.objects.none(),
        required=False,
        help_text="身份为骑手时选择",
    )
    skills = forms.CharField(label="技能特长", max_length=200, required=False)
    availability = forms.CharField(label="可服务时间", max_length=100, required=False)

    def __init__(self, *args, user, current: Volunteer | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities_for(user)
        if access.is_street_wide(user):  # the rider register is the centre's (riders' RiderPolicy)
            riders = Volunteer._meta.get_field("rider").related_model
            free = Q(volunteer__isnull=True) | Q(pk=current.rider_id if current else None)
            self.fields["rider"].queryset = access.scope(user, riders).filter(free)
        else:
            del self.fields["rider"]


class RecordForm(forms.Form):
    volunteer = forms.ModelChoiceField(label="志愿者", queryset=Volunteer.objects.none())
    served_on = forms.DateField(label="服务日期", widget=DATE, initial=timezone.localdate)
    hours = forms.DecimalField(
        label="时长(小时)", max_digits=5, decimal_places=1, min_value=0.1, max_value=24
    )
    mode = forms.ChoiceField(label="方式", choices=ServiceMode.choices)
    nature = forms.ChoiceField(label="类型", choices=ServiceNature.choices)
    content = forms.CharField(label="服务内容", max_length=200)
    whom = forms.CharField(
        label="服务对象", max_length=100, required=False, help_text="如：小区老人、某楼居民"
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = (
            access.scope(user, Volunteer).filter(status="active").order_by("team_id", "id")
        )


class ResidentForm(forms.Form):
    community = forms.ModelChoiceField(label="社区", queryset=Community.objects.none())
    compound = forms.ModelChoiceField(label="小区", queryset=Compound.objects.none(), required=False)
    address = forms.CharField(label="住址", max_length=120, required=False, help_text="楼栋、单元、门牌")
    name = forms.CharField(label="姓名", max_length=30)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    kind = forms.ChoiceField(label="类别", choices=NeedKind.choices)
    needs = forms.CharField(label="主要需求", max_length=200, required=False)
    visit_every_days = forms.IntegerField(label="走访周期(天)", min_value=1, max_value=90, initial=7)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        communities = communities_for(user)
        self.fields["community"].queryset = communities
        self.fields["compound"].queryset = Compound.objects.filter(community__in=communities).order_by(
            "community_id", "id"
        )


class PairingForm(forms.Form):
    volunteer = forms.ModelChoiceField(label="志愿者", queryset=Volunteer.objects.none())
    started_on = forms.DateField(label="结对日期", widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, user, resident: Resident, **kwargs):
        super().__init__(*args, **kwargs)
        volunteers = access.scope(user, Volunteer).filter(status="active")
        if not access.is_street_wide(user):
            volunteers = volunteers.filter(community_id=resident.community_id)
        self.fields["volunteer"].queryset = volunteers.select_related("team").order_by("team_id", "id")


class VisitForm(forms.Form):
    visited_on = forms.DateField(label="走访日期", widget=DATE, initial=timezone.localdate)
    hours = forms.DecimalField(
        label="时长(小时)", max_digits=5, decimal_places=1, min_value=0.1, max_value=24, initial=1
    )
    wellbeing = forms.ChoiceField(label="状况", choices=VisitWellbeing.choices)
    note = forms.CharField(label="走访情况", max_length=300)
