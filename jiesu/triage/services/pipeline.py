"""triage_order: category, place, urgency, duplicates and unit for one new order, then (when
allowed and sure enough) the system's own dispatch. Nothing here may fail intake."""

import logging
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from jiesu.core.errors import DomainError
from jiesu.places.models import Compound
from jiesu.places.selectors import place_resolve
from jiesu.triage.core.urgency import is_higher, urgency_assess
from jiesu.triage.duplicates import duplicates_find
from jiesu.triage.models import TriageResult
from jiesu.triage.selectors import (
    active_model,
    category_by_path,
    category_path_of,
    compound_of,
    routing_suggest,
    triage_settings,
)
from jiesu.units.models import Unit
from jiesu.workorders import services as workorders
from jiesu.workorders.models import Category, WorkOrder
from jiesu.workorders.states import OPEN_STATUSES, Status

logger = logging.getLogger(__name__)
TRIAGED_STATUSES = (Status.NEW, Status.RETURNED)


@dataclass
class _Clock:
    timings: dict = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings[name] = round((now - self.started) * 1000, 2)
        self.started = now


def triage_order(*, order_id: int) -> TriageResult | None:
    """Compute and store the suggestions; apply urgency; auto-dispatch when enabled and sure."""
    order = WorkOrder.objects.select_related("triage").filter(pk=order_id).first()  # one read
    if order is None or order.status not in TRIAGED_STATUSES:
        return None
    result = _stored_result(order)
    if result.auto_dispatched:
        return result  # safe to run twice
    clock, errors = _Clock(), []
    with transaction.atomic():  # one commit for the result and whatever the system applies
        _fast_commit()
        try:
            _suggest_category(order, result)
        except Exception as error:  # a bad model falls back to the queue
            logger.exception("triage: category step failed for order %s", order_id)
            errors.append(f"分类模型出错：{error}")
        clock.lap("category")
        compound = _suggest_place(order, result)
        clock.lap("place")
        text = f"{order.title}。{order.content}"
        result.urgency, result.urgency_reasons = urgency_assess(
            text, day=timezone.localdate(order.received_at)
        )
        clock.lap("urgency")
        settings = triage_settings()
        result.duplicates = duplicates_find(
            order=order,
            category_id=result.category_id,
            compound_id=result.compound_id,
            days=settings.duplicate_days,
            threshold=settings.duplicate_threshold,
        )
        clock.lap("duplicates")
        path = category_path_of(result.category_id)
        unit = routing_suggest(category_path=path, compound=compound, community_id=result.community_id)
        result.unit_id, result.unit_confidence, result.unit_source = (
            unit.unit_id,
            unit.confidence,
            unit.source,
        )
        clock.lap("routing")
        result.error = "\n".join(errors) or result.error
        result.needs_human = True
        _apply(order, result, settings, errors)
        clock.lap("apply")
        result.timings = {**clock.timings, "total": round(sum(clock.timings.values()), 2)}
        result.save()
    return result


def _stored_result(order: WorkOrder) -> TriageResult:
    """The order's earlier result (read with the order) or a new one."""
    try:
        return order.triage
    except TriageResult.DoesNotExist:
        return TriageResult(order=order)


def _fast_commit() -> None:
    """Triage is recomputable (the task may run again), so on PostgreSQL its commit does not wait
    for the WAL flush; the transaction stays atomic, only the last ~0.6 s could be lost in a crash."""
    _synchronous_commit("off")


def _durable_commit() -> None:
    """A change to the order itself (urgency, the system's dispatch) is an audited lifecycle step:
    its commit waits for the disk like every other."""
    _synchronous_commit("on")


def _synchronous_commit(value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL synchronous_commit = {value}")


def _suggest_category(order: WorkOrder, result: TriageResult) -> None:
    if order.category_id:  # given by the platform or the dispatcher
        result.category_id, result.category_confidence = order.category_id, 1.0
        return
    loaded = active_model()
    result.model_version = loaded.version
    if loaded.classifier is None:
        result.error = loaded.error
        result.category_id, result.category_confidence = None, 0.0
        return
    label, confidence = loaded.classifier.predict([f"{order.title}。{order.content}"])[0]
    result.category_id = category_by_path().get(label)
    result.category_confidence = round(float(confidence), 3) if result.category_id else 0.0


def _suggest_place(order: WorkOrder, result: TriageResult) -> Compound | None:
    match = place_resolve(text=order.address_text, more=(order.content,))  # the one gazetteer
    if match.compound_id is None and order.compound_id:
        result.community_id, result.compound_id, result.building_id = (
            order.community_id,
            order.compound_id,
            order.building_id,
        )
        result.place_confidence, result.place_text = 0.9, ""
    else:
        result.community_id, result.compound_id, result.building_id = (
            match.community_id or order.community_id,
            match.compound_id,
            match.building_id,
        )
        result.place_confidence, result.place_text = match.confidence, match.span[:100]
        result.entrance, result.room = match.entrance[:10], match.room[:20]
    return compound_of(result.compound_id)


def _apply(order: WorkOrder, result: TriageResult, settings, errors: list[str]) -> None:
    """The system's own writes, each with the version triage read: a dispatcher's change made
    while triage was thinking wins (ConcurrentChange), and the order waits for them instead."""
    version = order.version
    try:
        if is_higher(result.urgency, order.urgency) and order.status in OPEN_STATUSES:
            _durable_commit()
            version = workorders.workorder_correct(
                order_id=order.pk,
                actor=None,
                changes={"urgency": result.urgency},
                note=f"智能分拣：{'、'.join(result.urgency_reasons)}",
                expected_version=version,
            ).version
        result.would_auto_dispatch = _qualifies(order, result, settings, errors)
        if result.would_auto_dispatch and auto_dispatch_allowed(settings):
            _durable_commit()
            _auto_dispatch(order, result, version)
    except DomainError as error:
        result.error = f"{result.error}\n自动处理未完成：{error.message}".strip()
        result.needs_human = True


def auto_dispatch_allowed(settings) -> bool:
    """Auto-dispatch is on and its guard has not paused it."""
    return settings.auto_dispatch_enabled and settings.paused_at is None


def _qualifies(order: WorkOrder, result: TriageResult, settings, errors: list[str]) -> bool:
    """Whether the system would dispatch this order alone (recorded even when auto-dispatch is
    off: shadow mode measures the precision it would have had)."""
    return (
        not errors
        and order.status == Status.NEW
        and not result.duplicates
        and result.unit_id is not None
        and result.category_id is not None
        and result.category_confidence >= settings.category_threshold
        and result.place_confidence >= settings.place_threshold
        and result.unit_confidence >= settings.unit_threshold
    )


def _auto_dispatch(order: WorkOrder, result: TriageResult, version: int) -> None:
    changes = {}
    if order.category_id is None:
        changes["category"] = Category.objects.get(pk=result.category_id)
    if order.compound_id is None and result.compound_id:
        changes["compound"] = Compound.objects.get(pk=result.compound_id)
        changes["building"] = result.building if result.building_id else None
    with transaction.atomic():
        if changes:
            version = workorders.workorder_correct(
                order_id=order.pk, actor=None, changes=changes, note="智能分拣补全", expected_version=version
            ).version
        workorders.workorder_dispatch(
            order_id=order.pk,
            actor=None,
            lead_unit=Unit.objects.get(pk=result.unit_id),
            note=(
                f"自动派单：分类{result.category_confidence:.2f} 地点{result.place_confidence:.2f} "
                f"单位{result.unit_confidence:.2f}"
            ),
            expected_version=version,
        )
    result.auto_dispatched, result.needs_human = True, False
