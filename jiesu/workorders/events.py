"""Writing the append-only events. One writer; every service calls it inside its transaction.

Each event kind has one payload builder below (`payload_<kind>`): the services, the import and
the demo's `lifecycle.py` all call them, so an event of a kind has one shape wherever it was
written. A builder returns `(old, new)` already serialised by `jsonable` (datetimes as local ISO
time to the second, dates as ISO, model instances as their pk). Status changes are added by
`with_status`, as `perform` does; tests/workorders/test_event_shapes.py drives the same stories
through the services and the demo and compares `(kind, old, new)`.
"""

from datetime import date, datetime

from django.utils import timezone

from jiesu.core.masking import mask_name, mask_phone
from jiesu.workorders.models import WorkOrder, WorkOrderEvent

# the notes of the SLA scan's automatic escalation, by level (1 催办, 2 督办)
AUTO_ESCALATION_NOTES = {1: "系统自动催办：已超过办结时限。", 2: "系统自动督办：超期未办结。"}


def jsonable(value):
    """The one serialiser of event payloads."""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(item) for item in value]
    if hasattr(value, "pk"):
        return value.pk
    return value


# citizens' names and phones never enter an event unmasked
PII_MASKS = {"citizen_name": mask_name, "citizen_phone": mask_phone}


def shown(field: str, value):
    """A field's value as an event records it: masked if personal, else serialised."""
    return PII_MASKS[field](value) if field in PII_MASKS else jsonable(value)


def _shape(kind: str, old: dict, new: dict) -> tuple[dict, dict]:
    """Every builder ends here (tests stamp it to prove no path bypasses the builders)."""
    return jsonable(old), jsonable(new)


def with_status(old: dict, new: dict, old_status: str, new_status: str) -> tuple[dict, dict]:
    """A lifecycle event's payload with its change of status first, when the status changed."""
    if new_status == old_status:
        return old, new
    return {"status": old_status, **old}, {"status": new_status, **new}


# --- one builder per kind -------------------------------------------------------------------
def payload_created(*, status: str, channel: str, number: str) -> tuple[dict, dict]:
    return _shape("created", {}, {"status": status, "channel": channel, "number": number})


# what a new order holds before an import derives anything from its row
IMPORT_DERIVED_BLANK = {
    "category": None,
    "community": None,
    "compound": None,
    "building": None,
    "lead_unit": None,
    "status": "new",
    "flags": [],
}


def payload_imported(
    *, number: str, channel: str, status: str, derived: dict, values: dict
) -> tuple[dict, dict]:
    """导入 (a new order from a platform row): what was derived (category, place, unit, status,
    flags) where it differs from a blank order, and the row's values as shown."""
    derived = {key: value for key, value in derived.items() if IMPORT_DERIVED_BLANK.get(key, ...) != value}
    new = {"number": number, "channel": channel, "status": status, **derived}
    new.update({field: shown(field, value) for field, value in values.items()})
    return _shape("imported", {}, new)


def payload_import_updated(
    *, old: dict, new: dict, derived_old: dict, derived_new: dict
) -> tuple[dict, dict]:
    """导入更新: the row's changed values (as shown) and what was derived again from them."""
    return _shape(
        "import_updated",
        {**{field: shown(field, value) for field, value in old.items()}, **derived_old},
        {**{field: shown(field, value) for field, value in new.items()}, **derived_new},
    )


def payload_corrected(*, old: dict, new: dict) -> tuple[dict, dict]:
    """更正: old and new of every field changed (personal ones masked)."""
    return _shape(
        "corrected",
        {field: shown(field, value) for field, value in old.items()},
        {field: shown(field, value) for field, value in new.items()},
    )


def payload_assign(*, kind: str, old_lead, old_co, lead, co) -> tuple[dict, dict]:
    """派单 (dispatch) and 改派 (reassign): the lead unit and the co-handlers (never the lead)."""
    lead_id = getattr(lead, "pk", lead)
    co_ids = sorted({getattr(unit, "pk", unit) for unit in co} - {lead_id})
    return _shape(
        kind,
        {"lead_unit": getattr(old_lead, "pk", old_lead), "co_handlers": sorted(old_co)},
        {"lead_unit": lead_id, "co_handlers": co_ids},
    )


def payload_accept(*, at: datetime) -> tuple[dict, dict]:
    return _shape("accept", {}, {"accepted_at": at})


def payload_return(*, old_lead) -> tuple[dict, dict]:
    return _shape("return", {"lead_unit": old_lead}, {"lead_unit": None})


def payload_respond(*, at: datetime, round_only: bool = False) -> tuple[dict, dict]:
    """The order's first contact, or (`round_only`) the first of a redo round."""
    key = "round_responded_at" if round_only else "responded_at"
    return _shape("respond", {key: None}, {key: at})


def payload_note() -> tuple[dict, dict]:
    return _shape("note", {}, {})


def payload_request_extension(*, working_days: int) -> tuple[dict, dict]:
    return _shape("request_extension", {}, {"extension_working_days": working_days})


def payload_approve_extension(*, old_due, new_due, working_days: int) -> tuple[dict, dict]:
    return _shape(
        "approve_extension", {"resolve_due": old_due}, {"resolve_due": new_due, "working_days": working_days}
    )


def payload_reject_extension() -> tuple[dict, dict]:
    return _shape("reject_extension", {"extension": "pending"}, {"extension": "rejected"})


def payload_resolve(*, old_result: str, result: str, at: datetime) -> tuple[dict, dict]:
    return _shape("resolve", {"result": old_result}, {"result": result, "resolved_at": at})


VISIT_FIELDS = ("visit_contacted", "visit_resolved", "visit_satisfaction")


def payload_return_visit(
    *, before: dict, contacted, resolved, satisfaction, channel: str = ""
) -> tuple[dict, dict]:
    """回访: `before` holds the order's visit fields (and `visit_channel` when a channel is given)."""
    old = {key: before[key] for key in VISIT_FIELDS}
    new = {"visit_contacted": contacted, "visit_resolved": resolved, "visit_satisfaction": satisfaction}
    if channel:
        old["visit_channel"], new["visit_channel"] = before.get("visit_channel", ""), channel
    return _shape("return_visit", old, new)


REDO_FIELDS = ("resolve_due", "redo_count", "result", *VISIT_FIELDS)


def payload_redo(*, before: dict, after: dict) -> tuple[dict, dict]:
    """重办: of the round's fields (REDO_FIELDS), those that changed."""
    changed = [key for key in REDO_FIELDS if before[key] != after[key]]
    return _shape("redo", {key: before[key] for key in changed}, {key: after[key] for key in changed})


def payload_merge(*, master) -> tuple[dict, dict]:
    return _shape("merge", {"master": None}, {"master": getattr(master, "pk", master)})


def payload_merged_in(*, order, number: str) -> tuple[dict, dict]:
    return _shape("merged_in", {}, {"merged_order": getattr(order, "pk", order), "merged_number": number})


def payload_close(*, at: datetime) -> tuple[dict, dict]:
    return _shape("close", {}, {"closed_at": at})


def payload_urge() -> tuple[dict, dict]:
    """催办 by hand (the automatic one is `payload_escalate`)."""
    return _shape("urge", {}, {})


def payload_supervise(*, was_supervised: bool) -> tuple[dict, dict]:
    """督办 by hand (the automatic one is `payload_escalate`)."""
    return _shape("supervise", {"is_supervised": was_supervised}, {"is_supervised": True})


def payload_escalate(*, level: int, resolve_due) -> tuple[dict, dict]:
    """The SLA scan's automatic 催办 (level 1) / 督办 (level 2)."""
    return _shape(
        "urge" if level == 1 else "supervise",
        {"escalation_level": level - 1},
        {"escalation_level": level, "resolve_due": resolve_due},
    )


def payload_sla_changed(*, old_state: str, new_state: str) -> tuple[dict, dict]:
    return _shape("sla_changed", {"sla_state": old_state}, {"sla_state": new_state})


def event_write(
    *,
    order: WorkOrder,
    kind: str,
    actor=None,
    old: dict | None = None,
    new: dict | None = None,
    note: str = "",
    at: datetime | None = None,
    level: int | None = None,
) -> WorkOrderEvent:
    return WorkOrderEvent.objects.create(
        order=order,
        kind=kind,
        actor=actor,
        actor_unit=getattr(actor, "unit", None) if actor else None,
        at=at or timezone.now(),
        old=jsonable(old or {}),
        new=jsonable(new or {}),
        note=note,
        level=level,
    )
