"""The dispatcher's one click: accept a suggestion, or correct it (kept as a training label)."""

from django.db import transaction

from jiesu.core.errors import NotPermitted, ValidationFailed
from jiesu.places.models import Building, Compound
from jiesu.triage.models import Correction, TriageResult
from jiesu.triage.services.guard import triage_guard_check
from jiesu.units.models import Unit
from jiesu.workorders import services as workorders
from jiesu.workorders.models import Category, WorkOrder

FIELDS = ("category", "place", "unit", "urgency")


def _result(order_id: int, actor) -> TriageResult:
    if actor is None or not actor.is_centre:
        raise NotPermitted("只有派单员或中心管理员可以处理分拣建议。")
    result = TriageResult.objects.select_related("order").filter(order_id=order_id).first()
    if result is None:
        raise ValidationFailed("该工单没有智能分拣建议。")
    return result


def _mark(result: TriageResult, field: str) -> None:
    result.accepted = sorted({*result.accepted, field})
    result.save(update_fields=["accepted"])


def triage_accept(*, order_id: int, field: str, actor, expected_version: int | None = None) -> WorkOrder:
    """采纳: apply what triage suggested for one field, through the work-order services."""
    if field not in FIELDS:
        raise ValidationFailed("未知的建议项。")
    result = _result(order_id, actor)
    common = {"order_id": order_id, "actor": actor, "expected_version": expected_version}
    with transaction.atomic():
        if field == "category":
            if result.category_id is None:
                raise ValidationFailed("没有分类建议可采纳。")
            order = workorders.workorder_correct(
                changes={"category": result.category}, note="采纳智能分拣建议", **common
            )
        elif field == "place":
            if result.compound_id is None and result.community_id is None:
                raise ValidationFailed("没有地点建议可采纳。")
            changes = {
                "community": result.community,
                "compound": result.compound,
                "building": result.building,
            }
            order = workorders.workorder_correct(changes=changes, note="采纳智能分拣建议", **common)
        elif field == "urgency":
            order = workorders.workorder_correct(
                changes={"urgency": result.urgency},
                note=f"采纳智能分拣建议：{'、'.join(result.urgency_reasons)}",
                **common,
            )
        else:
            if result.unit_id is None:
                raise ValidationFailed("没有承办单位建议可采纳。")
            score = f"（置信度{result.unit_confidence:.2f}）"
            order = workorders.workorder_dispatch(
                lead_unit=result.unit, note=f"采纳智能分拣建议{score}", **common
            )
        _mark(result, field)
    return order


def triage_correct(
    *, order_id: int, field: str, value: int, actor, expected_version: int | None = None
) -> WorkOrder:
    """改为: the dispatcher picks another category, compound/building or unit; the change is
    applied through the work-order services and kept as a Correction (a label for training)."""
    result = _result(order_id, actor)
    common = {"order_id": order_id, "actor": actor, "expected_version": expected_version}
    with transaction.atomic():
        if field == "category":
            chosen = Category.objects.filter(pk=value, is_active=True).first()
            if chosen is None:
                raise ValidationFailed("请选择有效的问题分类。")
            suggested = result.category.path if result.category_id else None
            order = workorders.workorder_correct(
                changes={"category": chosen}, note="更正智能分拣分类", **common
            )
            record = (suggested, chosen.path)
        elif field == "place":
            building = Building.objects.select_related("compound").filter(pk=value).first()
            compound = building.compound if building else Compound.objects.filter(pk=value).first()
            if compound is None:
                raise ValidationFailed("请选择有效的小区或楼栋。")
            changes = {"compound": compound, "building": building}
            order = workorders.workorder_correct(changes=changes, note="更正智能分拣地点", **common)
            record = (
                [result.compound_id, result.building_id],
                [compound.pk, building.pk if building else None],
            )
        elif field == "unit":
            unit = Unit.objects.filter(pk=value, is_active=True).first()
            if unit is None:
                raise ValidationFailed("请选择有效的承办单位。")
            order = workorders.workorder_dispatch(lead_unit=unit, note="更正智能分拣承办单位", **common)
            record = (result.unit_id, unit.pk)
        else:
            raise ValidationFailed("未知的建议项。")
        Correction.objects.create(
            order_id=order_id, field=field, suggested=record[0], chosen=record[1], actor=actor
        )
        _mark(result, field)
        transaction.on_commit(triage_guard_check)  # a correction may push auto-dispatch under target
    return order


def triage_merge(*, order_id: int, master_id: int, actor, expected_version: int | None = None) -> WorkOrder:
    """并单 with the proposed earlier order, confirmed by the dispatcher with one click."""
    result = _result(order_id, actor)
    if master_id not in {item["id"] for item in result.duplicates}:
        raise ValidationFailed("该工单不在疑似重复列表中。")
    with transaction.atomic():
        order = workorders.workorder_merge(
            order_id=order_id,
            master_id=master_id,
            actor=actor,
            note="智能分拣提示重复，派单员确认并单",
            expected_version=expected_version,
        )
        _mark(result, "duplicates")
    return order
