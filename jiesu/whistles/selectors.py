"""Reading whistles. Every read starts from the access policy's scope (`whistle_scope`)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.models import Photo
from jiesu.units.models import Unit
from jiesu.whistles.links import link_kinds
from jiesu.whistles.models import Summons, Whistle, WhistleEvent, WhistleLink
from jiesu.whistles.states import SUMMONS, WHISTLE, SummonsAction, SummonsStatus, WhistleAction, WhistleStatus

S = SummonsStatus


def _queue_q(key: str, now: datetime) -> Q:
    return {
        "to_check_in": Q(status=S.SUMMONED),
        "overdue": Q(status=S.SUMMONED, check_in_due__lt=now),
        "checked_in": Q(status=S.CHECKED_IN),
        "to_confirm": Q(status=S.REPORTED),
        "to_rate": Q(status=S.SOLVED, rated_at__isnull=True),
        "to_rate_whistle": Q(status__in=[S.CHECKED_IN, S.REPORTED, S.SOLVED], whistle_rated_at__isnull=True),
    }[key]


QUEUES = {
    "to_check_in": "待报到",
    "overdue": "报到超时",
    "checked_in": "已报到待反馈",
    "to_confirm": "待确认结果",
    "to_rate": "待评价单位",
    "to_rate_whistle": "待评价吹哨",
}


@dataclass(frozen=True)
class WhistleFilters:
    q: str = ""
    status: str = ""
    urgency: str = ""
    community: int | None = None
    unit: int | None = None  # summoning this unit
    queue: str = ""  # a key of QUEUES
    mine: bool = False  # the queue counts only summonses of the user's own units
    blown_from: date | None = None
    blown_to: date | None = None


RELATED = ("community", "compound", "building__compound", "blown_by_unit")


def whistle_scope(*, user) -> QuerySet[Whistle]:
    return access.scope(user, Whistle)


def _local_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def whistle_list(
    *, user, filters: WhistleFilters = WhistleFilters(), now: datetime | None = None
) -> QuerySet:
    whistles = whistle_scope(user=user)
    if filters.q:
        text = filters.q.strip()
        whistles = whistles.filter(
            Q(number__icontains=text)
            | Q(title__icontains=text)
            | Q(description__icontains=text)
            | Q(place_text__icontains=text)
            | Q(compound__name__icontains=text)
        )
    if filters.status:
        whistles = whistles.filter(status=filters.status)
    if filters.urgency:
        whistles = whistles.filter(urgency=filters.urgency)
    if filters.community:
        whistles = whistles.filter(community_id=filters.community)
    if filters.unit:
        whistles = whistles.filter(
            Exists(Summons.objects.filter(whistle_id=OuterRef("pk"), unit_id=filters.unit))
        )
    if filters.blown_from:
        whistles = whistles.filter(blown_at__gte=_local_start(filters.blown_from))
    if filters.blown_to:
        whistles = whistles.filter(blown_at__lt=_local_start(filters.blown_to + timedelta(days=1)))
    if filters.queue in QUEUES or filters.mine:
        summonses = Summons.objects.filter(whistle_id=OuterRef("pk"))
        if filters.queue in QUEUES:
            summonses = summonses.filter(_queue_q(filters.queue, now or timezone.now()))
        if filters.mine:
            summonses = summonses.filter(unit_id__in=access.user_units(user))
        whistles = whistles.filter(Exists(summonses))
    return whistles.select_related(*RELATED).order_by("-blown_at", "-id")


def whistle_queue_counts(*, user, queues: list[str], mine: bool = False) -> dict[str, int]:
    """How many whistles each queue holds — what `whistle_list` with that queue shows — in one query."""
    now = timezone.now()
    whistles = whistle_list(user=user, now=now)
    units = access.user_units(user) if mine else None
    counts = {}
    for queue in queues:
        summonses = Summons.objects.filter(_queue_q(queue, now), whistle_id=OuterRef("pk"))
        if units is not None:
            summonses = summonses.filter(unit_id__in=units)
        counts[queue] = Count("pk", filter=Q(Exists(summonses)))
    return whistles.order_by().aggregate(**counts)


def whistle_get(*, user, whistle_id: int) -> Whistle:
    """One whistle in the user's scope; Whistle.DoesNotExist otherwise."""
    return whistle_scope(user=user).select_related(*RELATED, "blown_by").get(pk=whistle_id)


def summons_get(*, whistle: Whistle, summons_id: int) -> Summons:
    summons = Summons.objects.select_related("unit", "checked_in_by").get(pk=summons_id, whistle=whistle)
    summons.whistle = whistle
    return summons


def whistle_summonses(*, whistle: Whistle) -> list[Summons]:
    summonses = list(whistle.summonses.select_related("unit", "checked_in_by").order_by("id"))
    for summons in summonses:
        summons.whistle = whistle
    return summonses


def whistle_events(*, whistle: Whistle) -> QuerySet[WhistleEvent]:
    return whistle.events.select_related("actor", "actor_unit", "summons__unit").order_by("at", "id")


def photos_by_subject(*, whistle: Whistle, summonses: list[Summons]) -> dict[tuple[str, int], list[Photo]]:
    """('whistle'|'summons', id) → photos, in two queries."""
    types = ContentType.objects.get_for_models(Whistle, Summons)
    found: dict[tuple[str, int], list[Photo]] = {}
    for photo in Photo.objects.filter(
        Q(content_type=types[Whistle], object_id=whistle.pk)
        | Q(content_type=types[Summons], object_id__in=[s.pk for s in summonses])
    ):
        key = ("whistle" if photo.content_type_id == types[Whistle].pk else "summons", photo.object_id)
        found.setdefault(key, []).append(photo)
    return found


@dataclass(frozen=True)
class LinkedItem:
    kind: str
    text: str
    url: str


def whistle_links(*, user, whistle: Whistle) -> tuple[list[LinkedItem], int]:
    """The linked things the viewer may see, and how many more exist outside their scope."""
    rows = list(WhistleLink.objects.filter(whistle=whistle).values_list("content_type_id", "object_id"))
    items: list[LinkedItem] = []
    for kind in link_kinds.items():
        content_type = ContentType.objects.get_for_model(kind.model)
        ids = [object_id for type_id, object_id in rows if type_id == content_type.pk]
        if ids:
            items += [
                LinkedItem(kind.label, kind.describe(obj), kind.url(obj))
                for obj in kind.scope(user).filter(pk__in=ids)
            ]
    return items, len(rows) - len(items)


def whistles_linked_to(*, user, obj) -> QuerySet[Whistle]:
    """The whistles in the user's scope that are linked to `obj` (an order's page shows them)."""
    links = WhistleLink.objects.filter(
        whistle_id=OuterRef("pk"),
        content_type__app_label=obj._meta.app_label,
        content_type__model=obj._meta.model_name,
        object_id=obj.pk,
    )
    return whistle_scope(user=user).filter(Exists(links)).order_by("-blown_at")


# -- what the viewer may do -------------------------------------------------------------------
PERSON_SUMMONS_ACTIONS = (
    SummonsAction.CHECK_IN,
    SummonsAction.REPORT,
    SummonsAction.CONFIRM,
    SummonsAction.SEND_BACK,
    SummonsAction.RATE_UNIT,
    SummonsAction.RATE_WHISTLE,
    SummonsAction.WITHDRAW,
)
PERSON_WHISTLE_ACTIONS = (WhistleAction.SUMMON_MORE, WhistleAction.LINK, WhistleAction.CANCEL)


def summons_actions(*, user, summons: Summons) -> list[str]:
    """The steps the user may take on this summons now (the table, the policy, the one-time ratings)."""
    done = {
        SummonsAction.RATE_UNIT: summons.rated_at is not None,
        SummonsAction.RATE_WHISTLE: summons.whistle_rated_at is not None,
    }
    return [
        action
        for action in PERSON_SUMMONS_ACTIONS
        if SUMMONS.is_allowed(action, summons.status)
        and not done.get(action)
        and access.can(user, action, summons)
    ]


def whistle_actions(*, user, whistle: Whistle) -> list[str]:
    return [
        action
        for action in PERSON_WHISTLE_ACTIONS
        if WHISTLE.is_allowed(action, whistle.status) and access.can(user, action, whistle)
    ]


# -- the timeline --------------------------------------------------------------------------------
@dataclass(frozen=True)
class EventRow:
    at: datetime
    kind: str
    actor: str
    unit: str  # the summoned unit the step was about
    changes: list[str]
    note: str


def _changes(event: WhistleEvent, unit_names: dict[int, str]) -> list[str]:
    old, new = event.old or {}, event.new or {}
    lines = []
    if "status" in new:
        labels = SummonsStatus if event.summons_id else WhistleStatus
        before = labels(old["status"]).label if old.get("status") in labels.values else ""
        lines.append(f"状态：{before + ' → ' if before else ''}{labels(new['status']).label}")
    if "whistle_status" in new:
        lines.append(
            f"吹哨：{WhistleStatus(old['whistle_status']).label} → {WhistleStatus(new['whistle_status']).label}"
        )
    if new.get("units"):
        lines.append("召集：" + "、".join(unit_names.get(pk, str(pk)) for pk in new["units"]))
    if event.kind == SummonsAction.CHECK_IN:
        lines.append(
            f"{'到现场' if new.get('on_site') else '未到现场'}，{'按时' if new.get('on_time') else '超时'}报到"
        )
    if event.kind == SummonsAction.RATE_UNIT:
        lines.append(
            f"报到及时 {new['on_time']} 分，处置有效 {new['effective']} 分，总体满意 {new['satisfied']} 分"
        )
    if event.kind == SummonsAction.RATE_WHISTLE:
        lines.append("吹哨合理" if new.get("reasonable") else "吹哨不合理")
    if event.kind == SummonsAction.REPORT and new.get("result"):
        lines.append(f"结果：{new['result']}")
    return lines


def whistle_timeline(*, whistle: Whistle) -> list[EventRow]:
    events = list(whistle_events(whistle=whistle))
    unit_ids = {pk for event in events for pk in (event.new or {}).get("units", [])}
    unit_names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    return [
        EventRow(
            at=event.at,
            kind=event.get_kind_display(),
            actor=(f"{event.actor}（{event.actor_unit.name}）" if event.actor_unit else str(event.actor))
            if event.actor
            else "系统",
            unit=event.summons.unit.name if event.summons_id else "",
            changes=_changes(event, unit_names),
            note=event.note,
        )
        for event in events
    ]
