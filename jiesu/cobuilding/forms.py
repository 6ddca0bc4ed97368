"""Forms of the co-building pages: they parse input; the services decide."""

from django import forms

from jiesu.accounts import access
from jiesu.cobuilding.models import ActivityType, CobuildingProfile, JointActivity
from jiesu.cobuilding.permissions import cobuilding_units_of
from jiesu.cobuilding.selectors import ActivityFilters
from jiesu.cobuilding.states import ActivityStatus
from jiesu.places.models import Community
from jiesu.units.models import Unit
from jiesu.whistles.forms import PhotosField


class ActivityFilterForm(forms.Form):
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "活动名称、地点", "type": "search"}),
    )
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *ActivityStatus.choices])
    type = forms.TypedChoiceField(label="活动类型", required=False, coerce=int, empty_value=None)
    community = forms.TypedChoiceField(label="社区", required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label="共建单位", required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(
        label="日期起", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label="日期止", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    queue = forms.ChoiceField(
        label="待办", required=False, choices=[("", "全部"), ("to_record", "待登记开展情况")]
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "全部"), *ActivityType.objects.values_list("id", "name")]
        communities = Community.objects.order_by("id")
        if not access.is_street_wide(user):
            communities = communities.filter(
                joint_activities__in=access.scope(user, JointActivity)
            ).distinct()
        self.fields["community"].choices = [("", "全部"), *communities.values_list("id", "name")]
        units = Unit.objects.filter(kind=Unit.Kind.COBUILDING).order_by("name")
        self.fields["unit"].choices = [("", "全部"), *units.values_list("id", "name")]

    def filters(self) -> ActivityFilters:
        if not self.is_bound or not self.is_valid():
            return ActivityFilters()
        return ActivityFilters(**self.cleaned_data)


class UnitsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class ActivityForm(forms.Form):
    title = forms.CharField(label="活动名称", max_length=100)
    type = forms.ModelChoiceField(label="活动类型", queryset=ActivityType.objects.filter(is_active=True))
    date = forms.DateField(label="活动日期", widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label="活动地点", max_length=200)
    community = forms.ModelChoiceField(label="社区", queryset=Community.objects.order_by("id"))
    units = UnitsField(
        label="共建单位", queryset=Unit.objects.filter(kind=Unit.Kind.COBUILDING).order_by("name")
    )
    description = forms.CharField(label="活动内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        community = access.user_community_id(user)
        if not access.is_centre(user) and community is not None:
            self.fields["community"].queryset = Community.objects.filter(pk=community)
            self.fields["community"].initial = community
        mine = cobuilding_units_of(user)
        if mine and not access.is_centre(user):
            self.fields["units"].initial = list(mine)


class HoldForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    participants = forms.IntegerField(label="参与人数", min_value=1, max_value=100000)
    summary = forms.CharField(label="开展情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    photos = PhotosField(label="活动照片", required=False, help_text="最多 9 张")


class CancelForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    note = forms.CharField(label="取消原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class PhotosForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    photos = PhotosField(label="活动照片", help_text="最多 9 张")


ACTION_FORMS = {"hold": HoldForm, "cancel": CancelForm, "add_photos": PhotosForm}


class ProfileFilterForm(forms.Form):
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "单位名称", "type": "search"}),
    )
    community = forms.TypedChoiceField(label="结对社区", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        paired = Community.objects.filter(
            cobuilding_profiles__in=access.scope(user, CobuildingProfile)
        ).distinct()
        self.fields["community"].choices = [("", "全部"), *paired.order_by("id").values_list("id", "name")]
