"""Reads of the volunteer service: every list starts from the user's scope (`access.scope`)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.masking import mask_name, mask_phone
from jiesu.volunteers.models import (
    Pairing,
    PairingStatus,
    Resident,
    ServiceRecord,
    Team,
    Visit,
    Volunteer,
    VolunteerEvent,
)


def volunteer_list(*, user, filters: dict | None = None) -> QuerySet:
    filters = filters or {}
    volunteers = access.scope(user, Volunteer).select_related("team", "community")
    if filters.get("team"):
        volunteers = volunteers.filter(team_id=filters["team"])
    if filters.get("community"):
        volunteers = volunteers.filter(community_id=filters["community"])
    if filters.get("kind"):
        volunteers = volunteers.filter(kind=filters["kind"])
    if filters.get("status"):
        volunteers = volunteers.filter(status=filters["status"])
    if filters.get("q"):
        q = filters["q"]
        volunteers = volunteers.filter(
            Q(name__contains=q) | Q(skills__contains=q) | Q(availability__contains=q)
        )
    return volunteers.annotate(hours=Sum("records__hours"), services=Count("records")).order_by(
        "team_id", "id"
    )


def record_list(*, user, filters: dict | None = None) -> QuerySet:
    filters = filters or {}
    records = access.scope(user, ServiceRecord).select_related("volunteer", "team", "community")
    for key, field in (("team", "team_id"), ("community", "community_id"), ("volunteer", "volunteer_id")):
        if filters.get(key):
            records = records.filter(**{field: filters[key]})
    for key in ("mode", "nature"):
        if filters.get(key):
            records = records.filter(**{key: filters[key]})
    if filters.get("start"):
        records = records.filter(served_on__gte=filters["start"])
    if filters.get("end"):
        records = records.filter(served_on__lte=filters["end"])
    if filters.get("q"):
        records = records.filter(
            Q(content__contains=filters["q"]) | Q(volunteer__name__contains=filters["q"])
        )
    return records.order_by("-served_on", "-id")


@dataclass
class TeamHours:
    team: Team
    volunteers: int
    services: int
    hours: Decimal


def team_hours(*, user=None, start: date | None = None, end: date | None = None) -> list[TeamHours]:
    """Per team: active volunteers, services and hours in the period — in the user's scope, or the
    whole street when `user` is None (the street's report)."""
    records, volunteers, teams = ServiceRecord.objects.all(), Volunteer.objects.all(), Team.objects.all()
    if user is not None:
        records = access.scope(user, ServiceRecord)
        volunteers, teams = access.scope(user, Volunteer), access.scope(user, Team)
    if start:
        records = records.filter(served_on__gte=start)
    if end:
        records = records.filter(served_on__lte=end)
    sums = {
        row["team_id"]: row
        for row in records.order_by().values("team_id").annotate(services=Count("id"), hours=Sum("hours"))
    }
    people = dict(
        volunteers.filter(status="active").order_by().values_list("team_id").annotate(n=Count("id"))
    )
    return [
        TeamHours(
            team=team,
            volunteers=people.get(team.pk, 0),
            services=sums.get(team.pk, {}).get("services", 0),
            hours=sums.get(team.pk, {}).get("hours") or Decimal("0"),
        )
        for team in teams.order_by("id")
    ]


# -- residents in need ----------------------------------------------------------------------------
def resident_list(*, user, filters: dict | None = None) -> QuerySet:
    filters = filters or {}
    residents = access.scope(user, Resident).select_related("community", "compound")
    if filters.get("community"):
        residents = residents.filter(community_id=filters["community"])
    if filters.get("kind"):
        residents = residents.filter(kind=filters["kind"])
    if filters.get("status"):
        residents = residents.filter(status=filters["status"])
    if filters.get("unpaired"):
        residents = residents.filter(status="active").exclude(pairings__status=PairingStatus.ACTIVE)
    if filters.get("q"):  # searching a masked register by name would reveal it: needs, address only
        residents = residents.filter(Q(needs__contains=filters["q"]) | Q(address__contains=filters["q"]))
    return residents.annotate(
        active_pairings=Count("pairings", filter=Q(pairings__status=PairingStatus.ACTIVE))
    ).order_by("community_id", "id")


def resident_get(*, user, resident_id: int) -> Resident:
    return access.scope(user, Resident).select_related("community", "compound").get(pk=resident_id)


def resident_shown(resident: Resident, *, revealed: bool = False) -> dict:
    """Name and phone as shown: masked unless this request revealed them (and logged it)."""
    if revealed:
        return {"name": resident.name, "phone": resident.phone}
    return {"name": mask_name(resident.name), "phone": mask_phone(resident.phone)}


def resident_events(*, resident: Resident) -> QuerySet:
    return VolunteerEvent.objects.filter(resident=resident).select_related("actor").order_by("at", "id")


# -- pairings -------------------------------------------------------------------------------------
def overdue_q(today: date) -> Q:
    return Q(status=PairingStatus.ACTIVE, next_visit_due__lt=today)


def pairing_list(*, user, filters: dict | None = None, today: date | None = None) -> QuerySet:
    filters = filters or {}
    today = today or timezone.localdate()
    pairings = access.scope(user, Pairing).select_related(
        "resident", "resident__community", "volunteer", "volunteer__team"
    )
    if filters.get("community"):
        pairings = pairings.filter(resident__community_id=filters["community"])
    if filters.get("team"):
        pairings = pairings.filter(volunteer__team_id=filters["team"])
    if filters.get("status"):
        pairings = pairings.filter(status=filters["status"])
    if filters.get("rider"):
        pairings = pairings.filter(volunteer__rider__isnull=False)
    if filters.get("overdue"):
        pairings = pairings.filter(overdue_q(today))
    return pairings.order_by("next_visit_due", "id")


def pairing_overdue_count(*, user, today: date | None = None) -> int:
    return pairing_list(user=user, filters={"overdue": True}, today=today).count()


def visit_list(*, pairing: Pairing) -> QuerySet:
    return Visit.objects.filter(pairing=pairing).select_related("record").order_by("-visited_on", "-id")
