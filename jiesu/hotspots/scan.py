"""`hotspot_scan`: run each enabled rule's detector over the orders and store what it finds.

Per rule, in one transaction under a lock on the rule row:
1. orders of the last `history_months` build the baseline; orders received since the rule's
   watermark (`last_scan_at`) minus one window and a day of replay may raise alerts (the replay
   catches orders imported late and completes windows cut by the previous scan);
2. each alert the detector raises is matched to a stored alert of the same rule and key whose
   last order is within one window of the new alert's first order (the same burst): its new
   orders join it (event `extended`); otherwise a new alert is stored (event `raised`);
3. orders of a stored alert's key arriving within one window of its last order join it too, even
   when the replay alone would not re-raise the burst.
Running the scan twice with the same orders changes nothing the second time.

A rule's first scan lets the orders since the first day of the previous month raise alerts (older
history only builds the baseline), so a fresh street — `make run` on the demo — shows the bursts
of this month and the last, the months the dashboard talks about. Pages call
`hotspot_ensure_fresh()`: when no scheduler has scanned within `JIESU_HOTSPOT_SCAN_MINUTES` (a
server started without Celery beat), the page runs the scan itself before it reads.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from jiesu.hotspots.detector import Detector, Event, Params
from jiesu.hotspots.models import Alert, AlertEvent, AlertEventKind, AlertOrder, HotspotRule, PlaceLevel
from jiesu.workorders.models import Category, WorkOrder
from jiesu.workorders.states import Status

REPLAY = timedelta(hours=24)


@dataclass
class ScanResult:
    rules: int = 0
    orders_read: int = 0
    raised: int = 0
    extended: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


def rule_params(rule: HotspotRule) -> Params:
    return Params(
        window_hours=rule.window_hours,
        min_count=rule.min_count,
        p_value=rule.p_value,
        floor_per_month=rule.floor_per_month,
    )


def hotspot_scan(*, now: datetime | None = None) -> ScanResult:
    now = now or timezone.now()
    result = ScanResult()
    for rule_id in HotspotRule.objects.filter(enabled=True).values_list("id", flat=True):
        with transaction.atomic():
            rule = HotspotRule.objects.select_for_update().get(pk=rule_id)
            _scan_rule(rule, now, result)
            rule.last_scan_at = now
            rule.save(update_fields=["last_scan_at"])
        result.rules += 1
    return result


def first_scan_from(now: datetime) -> datetime:
    """Where a rule's first scan starts alerting: the first day of the previous month (local)."""
    local = timezone.localtime(now)
    month = local.year * 12 + local.month - 2  # the previous month, as a month index
    return local.replace(
        year=month // 12, month=month % 12 + 1, day=1, hour=0, minute=0, second=0, microsecond=0
    )


def scan_interval() -> timedelta:
    return timedelta(minutes=getattr(settings, "JIESU_HOTSPOT_SCAN_MINUTES", 10))


def hotspot_last_scan() -> datetime | None:
    """When every enabled rule was last scanned (the oldest of their marks); None: never."""
    rules = HotspotRule.objects.filter(enabled=True)
    if rules.filter(last_scan_at__isnull=True).exists():
        return None
    return rules.aggregate(last=Min("last_scan_at"))["last"]


def hotspot_ensure_fresh(*, now: datetime | None = None) -> ScanResult | None:
    """Scan now if the last scan is older than the interval (no scheduler running); else nothing."""
    now = now or timezone.now()
    if not HotspotRule.objects.filter(enabled=True).exists():
        return None
    last = hotspot_last_scan()
    if last is not None and now - last < scan_interval():
        return None
    return hotspot_scan(now=now)


def _ancestors(level: int) -> dict[int, int]:
    """Category id → id of its ancestor at `level` (itself when it is at or above that level)."""
    by_path = dict(Category.objects.values_list("path", "id"))
    mapping = {}
    for path, category_id in by_path.items():
        parts = path.split(Category.SEPARATOR)
        mapping[category_id] = by_path.get(Category.SEPARATOR.join(parts[:level]), category_id)
    return mapping


def _scan_rule(rule: HotspotRule, now: datetime, result: ScanResult) -> None:
    params = rule_params(rule)
    window = timedelta(hours=params.window_hours)
    alert_from = (rule.last_scan_at - window - REPLAY) if rule.last_scan_at else first_scan_from(now)
    history_from = alert_from - timedelta(days=31 * rule.history_months)
    by_building = rule.place_level == PlaceLevel.BUILDING
    rows = (
        WorkOrder.objects.filter(
            received_at__gte=history_from,
            received_at__lte=now,
            category__isnull=False,
            compound__isnull=False,
        )
        .exclude(status=Status.MERGED)
        .values_list("id", "received_at", "category_id", "compound_id", "building_id", "community_id")
        .order_by("received_at", "id")
    )
    ancestors = _ancestors(rule.category_level)
    detector = Detector(params)
    places: dict[str, tuple[int, int | None, int | None]] = {}
    recent: dict[tuple[str, str], list[Event]] = defaultdict(list)
    for order_id, at, category_id, compound_id, building_id, community_id in rows.iterator(chunk_size=2000):
        if by_building and not building_id:
            continue
        place = f"b{building_id}" if by_building else f"c{compound_id}"
        places[place] = (compound_id, building_id if by_building else None, community_id)
        at = timezone.localtime(at)  # months and seasons in local time
        event = Event(order_id, at, str(ancestors.get(category_id, category_id)), place)
        detector.observe(event, alerting=at >= alert_from)
        if at >= alert_from:
            recent[event.place, event.category].append(event)
        result.orders_read += 1
    for found in detector.alerts:
        _store(rule, found, places[found.place], window, now, result)
    _extend_stored(rule, recent, window, now, result)


def _stored_for(rule: HotspotRule, key: tuple[str, str], places, since: datetime):
    compound_id, building_id, _ = places
    return (
        Alert.objects.filter(
            rule=rule,
            compound_id=compound_id,
            building_id=building_id,
            category_id=int(key[1]),
            last_order_at__gte=since,
        )
        .order_by("-last_order_at")
        .first()
    )


def _store(rule, found, place, window: timedelta, now: datetime, result: ScanResult) -> None:
    stored = _stored_for(rule, found.key, place, found.first_at - window)
    if stored is not None:
        _join(stored, list(zip(found.order_ids, found.times, strict=True)), now, result)
        return
    compound_id, building_id, community_id = place
    alert = Alert.objects.create(
        rule=rule,
        category_id=int(found.category),
        community_id=community_id,
        compound_id=compound_id,
        building_id=building_id,
        first_order_at=found.first_at,
        last_order_at=found.last_at,
        raised_at=found.raised_at,
        detected_at=now,
        order_count=found.count,
        expected=found.expected,
        p_value=found.p_value,
    )
    AlertOrder.objects.bulk_create(AlertOrder(alert=alert, order_id=i) for i in found.order_ids)
    AlertEvent.objects.create(
        alert=alert,
        kind=AlertEventKind.RAISED,
        at=now,
        new={"order_count": found.count, "expected": round(found.expected, 4), "p_value": found.p_value},
    )
    result.raised += 1


def _join(alert: Alert, orders: list[tuple[int, datetime]], now: datetime, result: ScanResult) -> None:
    known = set(alert.links.values_list("order_id", flat=True))
    new = [(i, at) for i, at in orders if i not in known]
    if not new:
        return
    AlertOrder.objects.bulk_create(AlertOrder(alert=alert, order_id=i) for i, _ in new)
    old = {"order_count": alert.order_count, "last_order_at": alert.last_order_at.isoformat()}
    alert.order_count = len(known) + len(new)
    alert.last_order_at = max([alert.last_order_at, *(at for _, at in new)])
    alert.first_order_at = min([alert.first_order_at, *(at for _, at in new)])
    alert.save(update_fields=["order_count", "last_order_at", "first_order_at"])
    new_values = {"order_count": alert.order_count, "last_order_at": alert.last_order_at.isoformat()}
    AlertEvent.objects.create(alert=alert, kind=AlertEventKind.EXTENDED, at=now, old=old, new=new_values)
    result.extended += 1


def _extend_stored(rule, recent: dict, window: timedelta, now: datetime, result: ScanResult) -> None:
    """Orders that continue a stored alert's burst join it."""
    if not recent:
        return
    earliest = min(events[0].at for events in recent.values())
    for alert in Alert.objects.filter(rule=rule, last_order_at__gte=earliest - window):
        place = f"b{alert.building_id}" if alert.building_id else f"c{alert.compound_id}"
        chained, last = [], alert.last_order_at
        for event in recent.get((place, str(alert.category_id)), []):
            if event.at > last and event.at - last >= window:
                break
            if event.at >= alert.first_order_at:
                chained.append((event.id, event.at))
                last = max(last, event.at)
        if chained:
            _join(alert, chained, now, result)
