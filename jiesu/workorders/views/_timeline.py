"""The order timeline in readable Chinese: who, when, what changed from what to what."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

from jiesu.places.models import Building, Community, Compound
from jiesu.units.models import Unit
from jiesu.workorders.models import Category, EventKind, ExtensionRequest, Flag, WorkOrder, WorkOrderEvent
from jiesu.workorders.selectors import workorder_scope

EXTRA_LABELS = {
    "extension_working_days": "延期工作日",
    "working_days": "延期工作日",
    "extension": "延期申请",
    "merged_order": "并入工单",
    "escalation_level": "催督级别",
    "value": "内容",
    "round_responded_at": "本轮首次联系",
}
HIDDEN_KEYS = {"number", "merged_number"}
# keys whose values are primary keys, and the model whose name to show instead
REFERENCES = {
    "lead_unit": Unit,
    "co_handlers": Unit,
    "category": Category,
    "community": Community,
    "compound": Compound,
    "building": Building,
}
ORDER_REFERENCES = {"master", "merged_order"}
ESCALATION = {0: "无", 1: "已催办", 2: "已督办"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class TimelineRow:
    event: WorkOrderEvent
    kind: str
    actor: str
    actor_unit: str
    changes: list[Change] = field(default_factory=list)


def _label(key: str) -> str:
    if key in EXTRA_LABELS:
        return EXTRA_LABELS[key]
    try:
        return str(WorkOrder._meta.get_field(key).verbose_name)
    except FieldDoesNotExist:
        return key


def _choices(key: str) -> dict:
    if key == "extension":
        return dict(ExtensionRequest.State.choices)
    if key == "flags":
        return dict(Flag.choices)
    try:
        return dict(WorkOrder._meta.get_field(key).choices or ())
    except FieldDoesNotExist:
        return {}


def _ids(value) -> list:
    return value if isinstance(value, list) else [value]


def _names(events: list[WorkOrderEvent], user) -> dict[str, dict[int, str]]:
    """Names for every primary key the events mention: one query per referenced model."""
    wanted: dict[str, set[int]] = {}
    for event in events:
        for values in (_payload(event.old), _payload(event.new)):
            for key, value in values.items():
                if (key in REFERENCES or key in ORDER_REFERENCES) and value not in (None, ""):
                    wanted.setdefault(key, set()).update(v for v in _ids(value) if isinstance(v, int))
    names: dict[str, dict[int, str]] = {}
    by_model: dict[type, set[int]] = {}
    for key, ids in wanted.items():
        if key in REFERENCES:
            by_model.setdefault(REFERENCES[key], set()).update(ids)
    fetched = {model: {obj.pk: str(obj) for obj in _fetch(model, ids)} for model, ids in by_model.items()}
    for key in wanted:
        if key in REFERENCES:
            names[key] = fetched[REFERENCES[key]]
    order_ids = set().union(*(wanted[key] for key in ORDER_REFERENCES if key in wanted))
    if order_ids:
        # only numbers of orders the viewer may see
        visible = dict(workorder_scope(user=user).filter(pk__in=order_ids).values_list("pk", "number"))
        for key in ORDER_REFERENCES:
            names[key] = visible
    return names


def _fetch(model, ids):
    objects = model.objects.filter(pk__in=ids)
    return objects.select_related("compound") if model is Building else objects


def _payload(values) -> dict:
    """An event's old/new as a dict, whatever was stored (older rows, hand-made fixtures)."""
    if isinstance(values, dict):
        return values
    return {} if values in (None, "", []) else {"value": values}


def _display(key: str, value, names: dict[str, dict[int, str]]) -> str:
    """A value as the timeline shows it; any JSON shape (lists, dicts) renders, never raises."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, dict):
        return "；".join(f"{_label(k)}：{_display(k, v, names)}" for k, v in value.items())
    if isinstance(value, list) and key not in names:
        return "、".join(_display(key, item, names) for item in value)
    if key in names:
        return "、".join(
            names[key].get(v, "（无权查看）" if key in ORDER_REFERENCES else f"#{v}")
            if isinstance(v, int)
            else str(v)
            for v in _ids(value)
        )
    if key == "escalation_level" and isinstance(value, int):
        return ESCALATION.get(value, str(value))
    if isinstance(value, bool):
        return "是" if value else "否"
    choices = _choices(key)
    if isinstance(value, str | int) and value in choices:
        return str(choices[value])
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            return timezone.localtime(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    return str(value)


def timeline_rows(*, events: list[WorkOrderEvent], user) -> list[TimelineRow]:
    names = _names(events, user)
    rows = []
    for event in events:
        old, new = _payload(event.old), _payload(event.new)
        # a number shows only when it changed (a renumbering), not in a registration's payload
        keys = [key for key in {**old, **new} if key not in HIDDEN_KEYS or key in old]
        changes = [
            Change(_label(key), _display(key, old.get(key), names), _display(key, new.get(key), names))
            for key in keys
        ]
        changes = [change for change in changes if change.old != change.new]
        rows.append(
            TimelineRow(
                event=event,
                kind=EventKind(event.kind).label if event.kind in EventKind.values else event.kind,
                actor=str(event.actor) if event.actor_id else "系统",
                actor_unit=str(event.actor_unit) if event.actor_unit_id else "",
                changes=changes,
            )
        )
    return rows
