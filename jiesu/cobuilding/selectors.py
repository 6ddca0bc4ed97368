"""Reading co-building units and joint activities, always from the viewer's scope. The whistles a
unit answered are read from jiesu.whistles, in the viewer's whistle scope."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from jiesu.accounts import access
from jiesu.cobuilding.models import CobuildingProfile, JointActivity, Resource
from jiesu.cobuilding.states import ActivityStatus
from jiesu.whistles.models import Summons
from jiesu.whistles.selectors import WhistleFilters, whistle_list
from jiesu.whistles.states import SummonsStatus


def profile_scope(*, user) -> QuerySet[CobuildingProfile]:
    return access.scope(user, CobuildingProfile)


def activity_scope(*, user) -> QuerySet[JointActivity]:
    return access.scope(user, JointActivity)


def profile_list(*, user, q: str = "", community: int | None = None) -> QuerySet[CobuildingProfile]:
    profiles = profile_scope(user=user).select_related("unit", "community")
    if q:
        profiles = profiles.filter(Q(unit__name__icontains=q) | Q(description__icontains=q))
    if community:
        profiles = profiles.filter(community_id=community)
    held = activity_scope(user=user).filter(status=ActivityStatus.HELD, units=OuterRef("unit_id"))
    answered = Summons.objects.filter(
        unit_id=OuterRef("unit_id"), whistle__in=whistle_list(user=user).values("pk")
    ).exclude(status__in=[SummonsStatus.SUMMONED, SummonsStatus.WITHDRAWN])
    return (
        profiles.annotate(
            activities_held=_count(held),
            whistles_answered=_count(answered),
        )
        .prefetch_related(Prefetch("resources", queryset=Resource.objects.filter(available=True)))
        .order_by("unit__name")
    )


def _count(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of a correlated queryset, as a subquery a row can be annotated with."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted[:1]), 0, output_field=IntegerField())


def profile_get(*, user, profile_id: int) -> CobuildingProfile:
    return profile_scope(user=user).select_related("unit", "community").get(pk=profile_id)


def unit_whistles(*, user, profile: CobuildingProfile) -> QuerySet:
    """The whistles that summoned the unit, as far as the viewer may see them."""
    return whistle_list(user=user, filters=WhistleFilters(unit=profile.unit_id))


@dataclass(frozen=True)
class ActivityFilters:
    q: str = ""
    status: str = ""
    type: int | None = None
    community: int | None = None
    unit: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    queue: str = ""  # "to_record": planned activities whose day has come


def activity_list(
    *, user, filters: ActivityFilters = ActivityFilters(), today: date | None = None
) -> QuerySet:
    activities = activity_scope(user=user)
    if filters.q:
        activities = activities.filter(
            Q(title__icontains=filters.q)
            | Q(place__icontains=filters.q)
            | Q(description__icontains=filters.q)
        )
    if filters.status:
        activities = activities.filter(status=filters.status)
    if filters.type:
        activities = activities.filter(type_id=filters.type)
    if filters.community:
        activities = activities.filter(community_id=filters.community)
    if filters.unit:
        taking_part = JointActivity.units.through.objects.filter(
            jointactivity_id=OuterRef("pk"), unit_id=filters.unit
        )
        activities = activities.filter(Exists(taking_part))
    if filters.date_from:
        activities = activities.filter(date__gte=filters.date_from)
    if filters.date_to:
        activities = activities.filter(date__lte=filters.date_to)
    if filters.queue == "to_record":
        activities = activities.filter(status=ActivityStatus.PLANNED, date__lte=today or timezone.localdate())
    return activities.select_related("type", "community").prefetch_related("units").order_by("-date", "-id")


def activity_get(*, user, activity_id: int) -> JointActivity:
    return activity_scope(user=user).select_related("type", "community", "created_by").get(pk=activity_id)


def activity_totals(*, activities: QuerySet) -> dict:
    held = activities.filter(status=ActivityStatus.HELD)
    return {"held": held.count(), "participants": held.aggregate(n=Sum("participants"))["n"] or 0}
