"""Writing one parsed row: create the order, or update it from a newer export.

With `write=False` (a dry run) the same steps run on an unsaved copy and nothing is written or
locked: the outcome and the warnings are those the real import would give, read-only.

What the platform last said about an order is read back from its import events, so a field the
street changed locally (a corrected category, a dispatch) is only overwritten when the platform
itself reports something new. Citizens' names and phones never enter an event unmasked.
"""

from jiesu.intake.importing.resolve import Resolver
from jiesu.intake.importing.rows import ParsedRow
from jiesu.workorders import events
from jiesu.workorders.deadlines import deadlines_compute
from jiesu.workorders.events import PII_MASKS, event_write, jsonable
from jiesu.workorders.hooks import order_registered_notify
from jiesu.workorders.lock_objects import workorder_lock
from jiesu.workorders.models import AppealType, EventKind, Flag, Urgency, WorkOrder
from jiesu.workorders.states import Status

IMPORT_EVENTS = (EventKind.IMPORTED, EventKind.IMPORT_UPDATED)
RESOLVED_FROM = ("category_text", "address_text", "source_unit", "source_status")
# statuses in which someone has to sign or handle the order: never without a lead unit
NEEDS_UNIT = (Status.DISPATCHED, Status.ACCEPTED)


_plain = jsonable  # the form a value takes in an event (and in which it is compared)
_shown = events.shown


def _platform_said(order: WorkOrder, fields) -> dict:
    """What the last imports said about `fields` (the order itself for names and phones, and for
    orders that never came from an import)."""
    news = list(
        order.events.filter(kind__in=IMPORT_EVENTS).order_by("at", "id").values_list("new", flat=True)
    )
    said = {}
    for field in fields:
        if field in PII_MASKS or not news:
            said[field] = _plain(getattr(order, field))
    for new in news:
        said.update(
            {field: value for field, value in new.items() if field in fields and field not in PII_MASKS}
        )
    return said


def _derived(order: WorkOrder) -> dict:
    """The fields an import derives from the platform's texts, as an event records them."""
    return {
        "category": order.category_id,
        "community": order.community_id,
        "compound": order.compound_id,
        "building": order.building_id,
        "lead_unit": order.lead_unit_id,
        "status": order.status,
        "flags": list(order.flags),
    }


def _resolve(order: WorkOrder, parsed: ParsedRow, changed: set[str], resolver: Resolver) -> tuple[dict, dict]:
    """Re-match category, place, unit and status for the source texts that changed.
    A match replaces what we have; no match keeps it and flags the order for checking."""
    before = _derived(order)
    flags = set(order.flags)
    if "category_text" in changed:
        category_id = resolver.category(order.category_text)
        order.category_id = category_id or order.category_id
        _flag(flags, Flag.UNKNOWN_CATEGORY, bool(order.category_text) and category_id is None)
    if "address_text" in changed:
        place = resolver.place(address=order.address_text or order.content, community=parsed.community_hint)
        if place.resolved:
            order.community_id, order.compound_id = place.community_id, place.compound_id
            order.building_id = place.building_id
        _flag(flags, Flag.UNRESOLVED_PLACE, not place.resolved)
    if "source_unit" in changed:
        unit_id = resolver.unit(order.source_unit)
        order.lead_unit_id = unit_id or order.lead_unit_id
        _flag(flags, Flag.UNKNOWN_UNIT, bool(order.source_unit) and unit_id is None)
    if "source_status" in changed and parsed.status:
        order.status = parsed.status
        if order.status in NEEDS_UNIT and order.lead_unit_id is None:
            # never an order nobody can sign: it waits for a dispatcher (see service._flag_warnings)
            order.status = before["status"] if before["status"] not in NEEDS_UNIT else Status.NEW
    order.flags = sorted(flags)
    after = _derived(order)
    old = {key: before[key] for key in before if before[key] != after[key]}
    return old, {key: after[key] for key in old}


def _flag(flags: set[str], flag: str, on: bool) -> None:
    if on:
        flags.add(flag.value)
    else:
        flags.discard(flag.value)


def order_create_from_row(
    *, parsed: ParsedRow, resolver: Resolver, calendar, actor, note: str, write: bool = True
) -> WorkOrder:
    values = parsed.values
    response_due, resolve_due = deadlines_compute(
        received_at=values["received_at"],
        appeal_type=values.get("appeal_type", AppealType.HELP),
        urgency=values.get("urgency", Urgency.NORMAL),
        calendar=calendar,
    )
    fields = {"resolve_due": resolve_due, **values}  # the file's 办理时限 wins over the rules
    order = WorkOrder(
        number=parsed.number, channel=parsed.channel, status=Status.NEW, response_due=response_due, **fields
    )
    _old, derived = _resolve(order, parsed, set(RESOLVED_FROM), resolver)
    if not write:
        return order
    order.save()
    _, new = events.payload_imported(
        number=order.number, channel=order.channel, status=order.status, derived=derived, values=values
    )
    event_write(order=order, kind=EventKind.IMPORTED, actor=actor, new=new, note=note)
    order_registered_notify(order_id=order.pk)  # after this row's commit; dropped on a dry run
    return order


def _changed(order: WorkOrder, parsed: ParsedRow) -> set[str]:
    said = _platform_said(order, parsed.values)
    return {field for field, value in parsed.values.items() if said.get(field) != _plain(value)}


def order_update_from_row(
    *, order: WorkOrder, parsed: ParsedRow, resolver: Resolver, actor, note: str, write: bool = True
) -> tuple[bool, WorkOrder]:
    """(True, order) after updating from a newer export; (False, order) when it says nothing new.
    The order is only locked (and re-read) when there is something to write."""
    changed = _changed(order, parsed)
    if not changed:
        return False, order
    if write:
        order = workorder_lock(order_id=order.pk)
        changed = _changed(order, parsed)
        if not changed:
            return False, order
    old = {field: getattr(order, field) for field in sorted(changed)}
    new = {field: parsed.values[field] for field in sorted(changed)}
    for field in changed:
        setattr(order, field, parsed.values[field])
    derived_old, derived_new = _resolve(order, parsed, changed, resolver)
    if not write:
        return True, order
    order.version += 1
    order.save()
    old, new = events.payload_import_updated(
        old=old, new=new, derived_old=derived_old, derived_new=derived_new
    )
    event_write(order=order, kind=EventKind.IMPORT_UPDATED, actor=actor, old=old, new=new, note=note)
    return True, order
