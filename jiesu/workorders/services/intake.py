"""登记 and 更正: registering a request (form, any channel) and correcting its details."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import ConcurrentChange, TransitionNotAllowed, ValidationFailed
from jiesu.core.normalise import clean_line, clean_number, clean_text
from jiesu.places.models import Building, Compound
from jiesu.places.selectors import place_resolve
from jiesu.workorders.deadlines import deadlines_compute
from jiesu.workorders.events import event_write, payload_corrected, payload_created
from jiesu.workorders.flags import flags_at_registration, flags_settle
from jiesu.workorders.hooks import order_registered_notify
from jiesu.workorders.lock_objects import workorder_lock
from jiesu.workorders.models import (
    CHANNEL_PREFIX,
    AppealType,
    Category,
    Channel,
    EventKind,
    OrderNumberCounter,
    Urgency,
    WorkOrder,
)
from jiesu.workorders.states import OPEN_STATUSES, TERMINAL_STATUSES, Status
from jiesu.workorders.validation import content_check, phone_normalise, received_at_check

TITLE_LENGTH = 40
CORRECTABLE = {
    "category",
    "community",
    "compound",
    "building",
    "appeal_type",
    "urgency",
    "title",
    "address_text",
    "received_at",
    "content",
    "citizen_phone",
}


def _title_from(content: str) -> str:
    first_line = content.strip().splitlines()[0] if content.strip() else ""
    return first_line[:TITLE_LENGTH]


def _counter_locked(key: str) -> OrderNumberCounter:
    """The counter row of `key`, locked until the caller's transaction ends. A new day's row
    starts after the highest sequence already used under that prefix (imports, older numbers)."""
    counter = OrderNumberCounter.objects.select_for_update().filter(key=key).first()
    if counter is not None:
        return counter
    used = WorkOrder.objects.filter(number__regex=rf"^{key}[0-9]+$").values_list("number", flat=True)
    try:
        with transaction.atomic():
            return OrderNumberCounter.objects.create(
                key=key, last=max((int(n[len(key) :]) for n in used), default=0)
            )
    except IntegrityError:  # another registration created it meanwhile: wait for its lock
        return OrderNumberCounter.objects.select_for_update().get(key=key)


def workorder_number_next(*, channel: str, received_at: datetime) -> str:
    """The next number of `channel` on the day received: prefix + date + sequence (DH202611300007).

    Call inside the transaction that saves the order: the counter row stays locked until it
    commits, so two registrations at once get two numbers (PostgreSQL; SQLite serialises writes).
    """
    key = f"{CHANNEL_PREFIX.get(channel, 'QT')}{timezone.localtime(received_at):%Y%m%d}"
    with transaction.atomic():
        counter = _counter_locked(key)
        while True:
            counter.last += 1
            number = f"{key}{counter.last:04d}"
            if not WorkOrder.objects.filter(number=number).exists():
                break
        counter.save(update_fields=["last"])
    return number


def _order_insert(**fields) -> WorkOrder:
    """Insert the order; a number taken meanwhile (a given number, registered twice at once) is a
    clear refusal, never a 500."""
    try:
        with transaction.atomic():
            return WorkOrder.objects.create(**fields)
    except IntegrityError as clash:
        raise ValidationFailed(f"工单编号「{fields['number']}」已存在，请核对。") from clash


def workorder_create(
    *,
    actor,
    content: str,
    received_at: datetime | None = None,
    channel: str = Channel.PHONE,
    number: str = "",
    appeal_type: str = AppealType.HELP,
    category: Category | None = None,
    title: str = "",
    address_text: str = "",
    compound: Compound | None = None,
    building: Building | None = None,
    citizen_name: str = "",
    citizen_phone: str = "",
    urgency: str = Urgency.NORMAL,
    note: str = "",
) -> WorkOrder:
    """Register a request (phone, walk-in, any channel). The place is picked or resolved from text.

    `actor` None is the system registering for a public channel (QR page, riders); a person must
    be allowed to register. Subscribers of `order_registered` (triage, ...) run after the commit.
    """
    if actor is not None:
        access.ensure(actor, "create", WorkOrder, "只有派单员可以登记工单。")
    content = clean_text(content)
    title, address_text, number = clean_line(title), clean_line(address_text), clean_number(number)
    citizen_name, citizen_phone = clean_line(citizen_name), clean_number(citizen_phone)
    content_check(content)
    if channel not in Channel.values or appeal_type not in AppealType.values or urgency not in Urgency.values:
        raise ValidationFailed("来源渠道、诉求类型或紧急程度无效。")
    received_at = received_at or timezone.now()
    received_at_check(received_at)
    citizen_phone = phone_normalise(citizen_phone)
    if building and compound and building.compound_id != compound.pk:
        raise ValidationFailed("所选楼栋不属于所选小区。")
    community_id = None
    if building and not compound:
        compound = building.compound
    if compound:
        community_id = compound.community_id
    else:
        place = place_resolve(text=address_text, more=(content,))  # the gazetteer triage reads too
        community_id = place.community_id
        compound = Compound.objects.filter(pk=place.compound_id).first() if place.compound_id else None
        building = Building.objects.filter(pk=place.building_id).first() if place.building_id else None
    flags = flags_at_registration(community_id=community_id)
    response_due, resolve_due = deadlines_compute(
        received_at=received_at, appeal_type=appeal_type, urgency=urgency
    )
    with transaction.atomic():
        if number and WorkOrder.objects.filter(number=number).exists():
            raise ValidationFailed(f"工单编号「{number}」已存在，请核对。")
        order = _order_insert(
            number=number or workorder_number_next(channel=channel, received_at=received_at),
            channel=channel,
            received_at=received_at,
            appeal_type=appeal_type,
            category=category,
            title=(title or _title_from(content))[:200],
            content=content,
            address_text=address_text[:300],
            community_id=community_id,
            compound=compound,
            building=building,
            citizen_name=citizen_name.strip(),
            citizen_phone=citizen_phone.strip(),
            urgency=urgency,
            response_due=response_due,
            resolve_due=resolve_due,
            flags=flags,
        )
        _, new = payload_created(status=order.status, channel=channel, number=order.number)
        event_write(order=order, kind=EventKind.CREATED, actor=actor, note=note, new=new)
        order_registered_notify(order_id=order.pk)
    return order


def workorder_correct(
    *, order_id: int, actor, changes: dict, note: str = "", expected_version: int | None = None
) -> WorkOrder:
    """更正: the centre fixes category, place, appeal type, urgency, and what was registered wrong
    (受理时间, content, the citizen's phone, the address); flags are re-evaluated.

    A new appeal type, urgency or 受理时间 on an order still in handling recomputes its deadlines
    from the time it was received (the rules are data), and the event records old and new
    deadlines. The event holds old and new of every field changed (a phone masked, as everywhere
    in events).
    """
    if actor is not None:
        access.ensure(actor, "correct", WorkOrder, "只有派单员或中心管理员可以更正工单信息。")
    unknown = set(changes) - CORRECTABLE
    if unknown:
        raise ValidationFailed(f"不能修改这些字段：{', '.join(sorted(unknown))}")
    changes = dict(changes)
    if "content" in changes:
        changes["content"] = clean_text(changes["content"])
        content_check(changes["content"])
    if "received_at" in changes:
        received_at_check(changes["received_at"])
    if "citizen_phone" in changes:
        changes["citizen_phone"] = phone_normalise(clean_number(changes["citizen_phone"]))
    if "address_text" in changes:
        changes["address_text"] = clean_line(changes["address_text"])[:300]
    with transaction.atomic():
        order = workorder_lock(order_id=order_id)
        if expected_version is not None and order.version != expected_version:
            raise ConcurrentChange()
        if order.status in TERMINAL_STATUSES:
            raise TransitionNotAllowed(f"工单当前状态为「{Status(order.status).label}」，不能更正。")
        old, new = {}, {}
        for field, value in changes.items():
            current = getattr(order, field)
            if current != value:
                old[field] = current
                new[field] = value
                setattr(order, field, value)
        # a compound picked without its community fills it in, as workorder_create does
        compound = order.compound if "compound" in new and "community" not in changes else None
        if compound and order.community_id != compound.community_id:
            old["community"], new["community"] = order.community, compound.community
            order.community = compound.community
        if not new:
            return order
        if ({"appeal_type", "urgency", "received_at"} & set(new)) and order.status in OPEN_STATUSES:
            old["resolve_due"], old["response_due"] = order.resolve_due, order.response_due
            order.response_due, order.resolve_due = deadlines_compute(
                received_at=order.received_at, appeal_type=order.appeal_type, urgency=order.urgency
            )
            new["resolve_due"], new["response_due"] = order.resolve_due, order.response_due
        order.flags = flags_settle(
            order.flags,
            category_id=order.category_id,
            community_id=order.community_id,
            compound_id=order.compound_id,
        )
        order.version += 1
        order.save()
        old, new = payload_corrected(old=old, new=new)
        event_write(order=order, kind=EventKind.CORRECTED, actor=actor, old=old, new=new, note=note)
    return order
