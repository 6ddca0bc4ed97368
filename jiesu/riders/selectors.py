"""Reads of the riders' app: the public map, staff lists, usage per station and month, ranking."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncMonth

from jiesu.accounts import access
from jiesu.core.masking import mask_name
from jiesu.riders.geo import nearest_first
from jiesu.riders.models import AMENITIES, BenefitUse, RestStation, Rider, RiderReport, StationStatus, Verdict
from jiesu.workorders.states import Status

POINTS_PER_REPORT = 10
# a report counts (points, ranking) when the centre confirmed it, or, without a verdict, when its
# order was dispatched to a unit and resolved; a report judged invalid never counts, nor a merged one
DONE_STATUSES = (Status.RESOLVED, Status.VISITED, Status.CLOSED)
CONFIRMED = Q(verdict=Verdict.VALID) | Q(
    verdict=Verdict.PENDING, order__dispatched_at__isnull=False, order__status__in=DONE_STATUSES
)
# waiting for the centre: no verdict and not yet confirmed by its order (merged ones excluded)
AWAITING = Q(verdict=Verdict.PENDING) & ~Q(order__status__in=(*DONE_STATUSES, Status.MERGED))
AMENITY_FIELDS = {field for field, _ in AMENITIES}


# -- stations ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Nearby:
    station: RestStation
    metres: float | None


def stations_public(
    *, amenities: list[str] = (), lat: float | None = None, lng: float | None = None
) -> list[Nearby]:
    """Open stations with every amenity asked for; nearest first when a position is given."""
    stations = RestStation.objects.filter(status=StationStatus.OPEN).select_related("community")
    for field in amenities:
        if field in AMENITY_FIELDS:
            stations = stations.filter(**{field: True})
    stations = list(stations.order_by("community_id", "id"))
    if lat is None or lng is None:
        return [Nearby(station, None) for station in stations]
    return [
        Nearby(s, m) for s, m in nearest_first(stations, lat=lat, lng=lng, where=lambda s: (s.lat, s.lng))
    ]


def station_list(*, user, filters: dict | None = None) -> QuerySet:
    filters = filters or {}
    stations = access.scope(user, RestStation).select_related("community", "compound")
    if filters.get("community"):
        stations = stations.filter(community_id=filters["community"])
    if filters.get("host_kind"):
        stations = stations.filter(host_kind=filters["host_kind"])
    if filters.get("status"):
        stations = stations.filter(status=filters["status"])
    for field in filters.get("amenities") or []:
        if field in AMENITY_FIELDS:
            stations = stations.filter(**{field: True})
    if filters.get("q"):
        q = filters["q"]
        stations = stations.filter(Q(name__icontains=q) | Q(host_name__icontains=q) | Q(address__icontains=q))
    return stations.order_by("community_id", "id")


# -- benefit uses ------------------------------------------------------------------------------
def benefit_list(*, user, filters: dict | None = None) -> QuerySet:
    filters = filters or {}
    uses = access.scope(user, BenefitUse).select_related("rider", "station", "recorded_by")
    if filters.get("station"):
        uses = uses.filter(station_id=filters["station"])
    if filters.get("month"):
        first: date = filters["month"]
        uses = uses.filter(used_at__date__gte=first, used_at__date__lt=_next_month(first))
    if filters.get("date_from"):
        uses = uses.filter(used_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        uses = uses.filter(used_at__date__lte=filters["date_to"])
    return uses.order_by("-used_at", "-id")


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def usage_by_station_month(*, uses: QuerySet) -> list[dict]:
    """Uses and distinct riders per station and month, newest month first."""
    rows = (
        uses.order_by()
        .annotate(month=TruncMonth("used_at"))
        .values("month", "station_id", "station__name")
        .annotate(uses=Count("id"), riders=Count("rider_id", distinct=True))
        .order_by("-month", "station_id")
    )
    return list(rows)


# -- riders and their reports ------------------------------------------------------------------
def rider_list(*, user, filters: dict | None = None) -> QuerySet:
    filters = filters or {}
    riders = access.scope(user, Rider).annotate(
        use_count=Count("benefit_uses", distinct=True), report_count=Count("reports", distinct=True)
    )
    if filters.get("platform"):
        riders = riders.filter(platform=filters["platform"])
    if filters.get("card_status"):
        riders = riders.filter(card_status=filters["card_status"])
    if filters.get("phone_tail"):
        riders = riders.filter(phone__endswith=filters["phone_tail"])
    return riders.order_by("-registered_at", "-id")


def report_list(*, user, filters: dict | None = None) -> QuerySet:
    filters = filters or {}
    reports = access.scope(user, RiderReport).select_related("order", "order__community", "rider")
    state = filters.get("state")
    if state == "awaiting":
        reports = reports.filter(AWAITING)
    elif state == "confirmed":
        reports = reports.filter(CONFIRMED)
    elif state == "invalid":
        reports = reports.filter(verdict=Verdict.INVALID)
    if filters.get("community"):
        reports = reports.filter(order__community_id=filters["community"])
    if filters.get("month"):
        first: date = filters["month"]
        reports = reports.filter(created_at__date__gte=first, created_at__date__lt=_next_month(first))
    return reports.order_by("-created_at", "-id")


def report_confirmed(report: RiderReport) -> bool:
    return RiderReport.objects.filter(CONFIRMED, pk=report.pk).exists()


@dataclass(frozen=True)
class Ranked:
    place: int
    rider_id: int
    shown_name: str  # masked: a nickname's first character, or the platform and two digits
    platform: str
    confirmed: int
    points: int


def rider_shown_name(rider: Rider) -> str:
    if rider.nickname:
        return mask_name(rider.nickname)
    return f"{rider.get_platform_display()}骑手**{rider.phone[-2:]}"


def ranking(*, month: date, limit: int = 20) -> list[Ranked]:
    """The month's riders by confirmed reports (reports made in the month), then who got there first."""
    rows = (
        RiderReport.objects.filter(CONFIRMED, rider__isnull=False)
        .filter(created_at__date__gte=month, created_at__date__lt=_next_month(month))
        .values("rider_id")
        .annotate(confirmed=Count("id"), last=Max("created_at"))
        .order_by("-confirmed", "last", "rider_id")[:limit]
    )
    riders = Rider.objects.in_bulk([row["rider_id"] for row in rows])
    return [
        Ranked(
            place=number,
            rider_id=row["rider_id"],
            shown_name=rider_shown_name(riders[row["rider_id"]]),
            platform=riders[row["rider_id"]].get_platform_display(),
            confirmed=row["confirmed"],
            points=row["confirmed"] * POINTS_PER_REPORT,
        )
        for number, row in enumerate(rows, 1)
    ]


def rider_points(*, rider: Rider) -> tuple[int, int]:
    """(confirmed reports, points) of a rider, all time."""
    confirmed = RiderReport.objects.filter(CONFIRMED, rider=rider).count()
    return confirmed, confirmed * POINTS_PER_REPORT
