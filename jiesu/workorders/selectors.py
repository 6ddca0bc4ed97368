"""Reading work orders. Every list, page, export and API read starts from workorder_scope."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils import timezone

from jiesu.accounts import access
from jiesu.accounts.access import user_units
from jiesu.workorders.models import Channel, EventKind, ExtensionRequest, SlaState, WorkOrder, WorkOrderEvent
from jiesu.workorders.states import IN_HANDLING, Status


def workorder_scope(*, user) -> QuerySet[WorkOrder]:
    """The orders `user` may see (the work-order policy). Anything outside it is a 404, never partial."""
    return access.scope(user, WorkOrder)


def workorder_get(*, user, order_id: int) -> WorkOrder:
    """One order in the user's scope; raises WorkOrder.DoesNotExist otherwise."""
    return (
        workorder_scope(user=user)
        .select_related("category", "community", "compound", "building", "lead_unit", "master")
        .prefetch_related("co_handlers")
        .get(pk=order_id)
    )


LIST_RELATED = ("category", "community", "compound", "lead_unit")


class _Named:
    __slots__ = ("name", "path")

    def __init__(self, name: str, path: str = ""):
        self.name, self.path = name, path


class ListedOrder:
    """An order as a list table draws it (`{% order_rows %}`): the columns of `LISTED_COLUMNS`
    read with `values_list`, no model instances — a 50-row page costs ~1 ms instead of ~3
    (five model instances per row). Read-only; `community`, `compound`, `category` and
    `lead_unit` carry only `name` (`path` for the category), None when the order has none; their
    ids are there as `community_id` etc."""

    __slots__ = (
        "pk", "number", "flags", "channel", "title", "content", "status", "is_supervised",
        "received_at", "resolve_due", "category_text", "community", "compound", "category", "lead_unit",
        "community_id", "compound_id", "building_id", "category_id", "lead_unit_id",
    )  # fmt: skip

    def __init__(self, row: tuple):
        (self.pk, self.number, self.flags, self.channel, self.title, self.content, self.status,
         self.is_supervised, self.received_at, self.resolve_due, self.category_text, community,
         compound, category, lead_unit, self.community_id, self.compound_id, self.building_id,
         self.category_id, self.lead_unit_id) = row  # fmt: skip
        self.community = _Named(community) if community is not None else None
        self.compound = _Named(compound) if compound is not None else None
        self.category = _Named("", category) if category is not None else None
        self.lead_unit = _Named(lead_unit) if lead_unit is not None else None

    @property
    def id(self) -> int:
        return self.pk

    def get_channel_display(self) -> str:
        return _label(Channel, self.channel)

    def get_status_display(self) -> str:
        return _label(Status, self.status)


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


LISTED_COLUMNS = (
    "pk", "number", "flags", "channel", "title", "content", "status", "is_supervised", "received_at",
    "resolve_due", "category_text", "community__name", "compound__name", "category__path",
    "lead_unit__name", "community_id", "compound_id", "building_id", "category_id", "lead_unit_id",
)  # fmt: skip


def workorder_listed(*, ids) -> list[ListedOrder]:
    """The orders with these ids as list rows (any order). For a page whose ids came from a scoped
    list (core.paging): it does not scope again."""
    return [ListedOrder(row) for row in WorkOrder.objects.filter(pk__in=ids).values_list(*LISTED_COLUMNS)]


def workorder_list_counts_with_keys(*, user) -> bool:
    """Whether the order list reads its total in the query of the page's keys (core.paging's
    `count_with_keys`): for a unit's scope on SQLite, where both would visit the same ~4,500 rows
    of a MULTI-INDEX OR (department's list, raw SQLite on a loaded machine: count 16 + keys 20 ms,
    together 23 ms). Not street-wide (an index gives the newest
    orders and the LIMIT stops early) and not on PostgreSQL, where `COUNT(*) OVER ()` over the
    scope took 23–27 ms against 11–15 ms for a separate count and keys (demo street, 30 Nov)."""
    return not access.is_street_wide(user) and connection.vendor == "sqlite"


def workorder_rows(*, ids) -> QuerySet[WorkOrder]:
    """The orders with these ids with their related rows (the API's list). For the rows of a page
    whose ids came from a scoped list (core.paging): it does not scope again."""
    return WorkOrder.objects.filter(pk__in=ids).select_related(*LIST_RELATED)


def workorder_timeline(*, order: WorkOrder) -> QuerySet[WorkOrderEvent]:
    return order.events.select_related("actor", "actor_unit").order_by("at", "id")


@dataclass
class OrderFilters:
    status: str = ""
    community: int | None = None
    compound: int | None = None
    building: int | None = None
    category: int | None = None
    unit: int | None = None
    channel: str = ""
    appeal_type: str = ""
    counted: bool = False  # leave out duplicates merged into a master (as the figures do)
    date_from: date | None = None
    date_to: date | None = None
    overdue: bool = False
    flagged: bool = False
    due_soon: bool = False  # in handling and close to its deadline (the SLA scan's 即将超期)
    extension_pending: bool = False  # a lead unit's extension request awaits the centre
    mine: bool = False  # led by the user's own units (a unit user's to-do)
    co_handling: bool = False  # co-handled, not led, by the user's units
    q: str = ""


def workorder_list(*, user, filters: OrderFilters) -> QuerySet[WorkOrder]:
    orders = workorder_scope(user=user).select_related(*LIST_RELATED)
    if filters.status:
        orders = orders.filter(status=filters.status)
    if filters.community:
        orders = orders.filter(community_id=filters.community)
    if filters.compound:
        orders = orders.filter(compound_id=filters.compound)
    if filters.building:
        orders = orders.filter(building_id=filters.building)
    if filters.category:
        orders = orders.filter(
            Q(category_id=filters.category)
            | Q(category__parent_id=filters.category)
            | Q(category__parent__parent_id=filters.category)
        )
    if filters.unit:
        orders = orders.filter(lead_unit_id=filters.unit)
    if filters.channel:
        orders = orders.filter(channel=filters.channel)
    if filters.appeal_type:
        orders = orders.filter(appeal_type=filters.appeal_type)
    if filters.counted:
        orders = orders.exclude(status=Status.MERGED)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        orders = orders.filter(received_at__gte=datetime.combine(filters.date_from, time.min, tzinfo=tz))
    if filters.date_to:
        orders = orders.filter(
            received_at__lt=datetime.combine(filters.date_to + timedelta(days=1), time.min, tzinfo=tz)
        )
    if filters.overdue:
        orders = orders.filter(status__in=IN_HANDLING, resolve_due__lt=timezone.now())
    if filters.flagged:
        orders = orders.exclude(flags=[])
    if filters.due_soon:
        orders = orders.filter(status__in=IN_HANDLING, sla_state=SlaState.DUE_SOON)
    if filters.extension_pending:
        orders = orders.filter(_extension_pending())
    if filters.mine and not access.is_street_wide(user):
        orders = orders.filter(lead_unit_id__in=user_units(user))
    if filters.co_handling:
        orders = _co_handled_open(orders, user)
    if filters.q:
        for word in filters.q.split()[:5]:
            orders = orders.filter(
                Q(number__icontains=word)
                | Q(title__icontains=word)
                | Q(content__icontains=word)
                | Q(address_text__icontains=word)
                | _phone_q(word, user)
            )
    return orders.order_by("-received_at", "-id")


PHONE_SEPARATORS = ("-", " ", "+86")


def _phone_digits(field: str = "citizen_phone"):
    expression = F(field)
    for separator in PHONE_SEPARATORS:
        expression = Replace(expression, Value(separator), Value(""))
    return expression


def _phone_q(word: str, user) -> Q:
    """找来电人: a full phone number or its last 4 digits finds the caller's orders — only those
    whose phone the user may see (the centre: all in scope; a unit: the orders in its hands), so a
    search never confirms a number the user could not read on the order page."""
    digits = word.replace("-", "").removeprefix("+86")
    if not (digits.isascii() and digits.isdigit()) or len(digits) not in (4, *range(7, 13)):
        return Q(pk__in=[])
    if len(digits) == 4:
        match = Q(citizen_phone__endswith=digits)
    else:
        match = Q(citizen_phone__endswith=digits[-4:]) & Q(
            pk__in=WorkOrder.objects.alias(digits=_phone_digits()).filter(digits=digits).values("pk")
        )
    if access.can(user, "unmask", WorkOrder):
        return match
    units = user_units(user)
    co_handled = WorkOrder.co_handlers.through.objects.filter(workorder_id=OuterRef("pk"), unit_id__in=units)
    return match & Q(status__in=IN_HANDLING) & (Q(lead_unit_id__in=units) | Q(Exists(co_handled)))


def _co_handled_open(orders: QuerySet[WorkOrder], user) -> QuerySet[WorkOrder]:
    units = user_units(user)
    co_handled = WorkOrder.co_handlers.through.objects.filter(workorder_id=OuterRef("pk"), unit_id__in=units)
    return orders.filter(Exists(co_handled), status__in=IN_HANDLING).exclude(lead_unit_id__in=units)


def _own(user, orders: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """A unit user's to-do is what their units lead; street-wide roles count the whole street."""
    return orders if access.is_street_wide(user) else orders.filter(lead_unit_id__in=user_units(user))


def _extension_pending() -> Q:
    pending = ExtensionRequest.objects.filter(order_id=OuterRef("pk"), state=ExtensionRequest.State.PENDING)
    return Q(Exists(pending), status=Status.ACCEPTED)


def workbench_counts(*, user) -> dict[str, int]:
    """The numbers at a glance on the user's workbench; each equals the list its tile opens
    (tiles.py; tests/workorders/test_tiles.py holds every tile and role to it)."""
    scope = workorder_scope(user=user)
    now = timezone.now()
    counts = _own(user, scope).aggregate(
        undispatched=Count("id", filter=Q(status=Status.NEW)),
        returned=Count("id", filter=Q(status=Status.RETURNED)),
        to_accept=Count("id", filter=Q(status=Status.DISPATCHED)),
        in_progress=Count("id", filter=Q(status=Status.ACCEPTED)),
        due_soon=Count("id", filter=Q(status__in=IN_HANDLING, sla_state=SlaState.DUE_SOON)),
        overdue=Count("id", filter=Q(status__in=IN_HANDLING, resolve_due__lt=now)),
        to_visit=Count("id", filter=Q(status=Status.RESOLVED)),
        flagged=Count("id", filter=Q(status=Status.NEW) & ~Q(flags=[])),
        extension_pending=Count("id", filter=_extension_pending()),
    )
    counts["co_handling"] = 0 if access.is_street_wide(user) else _co_handled_open(scope, user).count()
    return counts


@dataclass
class Queue:
    """One queue on the workbench: its first `limit` orders, how many there are, the full list."""

    title: str
    orders: list[WorkOrder]
    total: int
    url: str

    @property
    def capped(self) -> bool:
        return self.total > len(self.orders)


def _returned_by(orders: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """Who returned each order last, and why (the 已退单 queue shows it)."""
    last = WorkOrderEvent.objects.filter(order_id=OuterRef("pk"), kind=EventKind.RETURNED).order_by(
        "-at", "-id"
    )
    return orders.annotate(
        returned_note=Subquery(last.values("note")[:1]),
        returned_unit=Subquery(last.values("actor_unit__name")[:1]),
        returned_user=Subquery(last.values("actor__display_name")[:1]),
        returned_username=Subquery(last.values("actor__username")[:1]),
    )


def _queue_sources(user) -> list[tuple[str, QuerySet[WorkOrder], str]]:
    """(title, the queue's orders in order, the order-list query showing all of them)."""
    scope = workorder_scope(user=user).select_related("community", "compound", "lead_unit", "category")
    orders = _own(user, scope)
    now = timezone.now()
    overdue = orders.filter(status__in=IN_HANDLING, resolve_due__lt=now).order_by("resolve_due")
    if access.is_centre(user):
        return [
            ("待派单", orders.filter(status=Status.NEW).order_by("received_at"), "status=new"),
            (
                "已退单",
                _returned_by(orders.filter(status=Status.RETURNED)).order_by("received_at"),
                "status=returned",
            ),
            (
                "待审批延期",
                orders.filter(_extension_pending()).order_by("resolve_due"),
                "extension_pending=1",
            ),
            ("待回访", orders.filter(status=Status.RESOLVED).order_by("resolved_at"), "status=resolved"),
            ("已超期", overdue, "overdue=1"),
        ]
    mine = "" if access.is_street_wide(user) else "&mine=1"
    return [
        (
            "待签收",
            orders.filter(status=Status.DISPATCHED).order_by("received_at"),
            f"status=dispatched{mine}",
        ),
        ("办理中", orders.filter(status=Status.ACCEPTED).order_by("resolve_due"), f"status=accepted{mine}"),
        (
            "即将超期",
            orders.filter(status__in=IN_HANDLING, sla_state=SlaState.DUE_SOON).order_by("resolve_due"),
            f"due_soon=1{mine}",
        ),
        ("已超期", overdue, f"overdue=1{mine}"),
        ("协办中", _co_handled_open(scope, user).order_by("resolve_due"), "co_handling=1"),
    ]


def workbench_queues(*, user, limit: int = 20) -> dict[str, QuerySet[WorkOrder]]:
    return {title: orders[:limit] for title, orders, _ in _queue_sources(user)}


def workbench_queue_list(*, user, limit: int = 20, titles: set[str] | None = None) -> list[Queue]:
    """The queues with their totals: a capped queue says how many more there are and links to all."""
    base = reverse("order_list")
    queues = []
    for title, orders, query in _queue_sources(user):
        if titles is not None and title not in titles:
            continue
        shown = list(orders[:limit])
        total = len(shown) if len(shown) < limit else orders.count()
        queues.append(Queue(title, shown, total, f"{base}?{query}"))
    return queues
