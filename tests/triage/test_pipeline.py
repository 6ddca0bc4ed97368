"""triage_order: suggestions stored, urgency applied, auto-dispatch by the thresholds, and a
missing or broken model sends the order to the queue without failing intake."""

from datetime import datetime
from zoneinfo import ZoneInfo

from jiesu.triage.models import RoutingRule, TriageResult
from jiesu.triage.selectors import LoadedModel
from jiesu.triage.services import triage_order
from jiesu.triage.tasks import triage_enqueue
from jiesu.workorders import services
from jiesu.workorders.models import EventKind, WorkOrder
from jiesu.workorders.states import Status

BEIJING = ZoneInfo("Asia/Shanghai")
ESTATE = "城乡建设 › 物业管理 › 物业服务"


def _order(**kwargs) -> WorkOrder:
    defaults = {
        "actor": None,
        "content": "楼道灯坏了一个月了，物业一直不修。",
        "address_text": "阳光星苑小区五号楼",
    }
    return services.workorder_create(**{**defaults, **kwargs})


def _estate_rule(street) -> RoutingRule:
    return RoutingRule.objects.create(
        name="物业管理 → 物业项目", category=street["estate"], has_property="yes", target="property_project"
    )


def test_suggestions_are_stored_with_scores_and_the_order_waits_when_auto_dispatch_is_off(street, fake_model):
    fake_model(ESTATE, 0.97)
    _estate_rule(street)
    order = _order()

    result = triage_order(order_id=order.pk)

    assert result.category == street["service"] and result.category_confidence == 0.97
    assert (result.compound, result.building) == (street["sunshine"], street["building5"])
    assert result.place_confidence >= 0.9
    assert (result.unit, result.unit_source) == (street["project"], f"rule:{RoutingRule.objects.get().pk}")
    assert result.needs_human and not result.auto_dispatched
    assert WorkOrder.objects.get(pk=order.pk).status == Status.NEW
    assert set(result.timings) >= {"category", "place", "urgency", "duplicates", "routing", "total"}


def test_auto_dispatch_is_done_by_the_system_with_the_scores_in_the_note(street, fake_model, auto_on):
    fake_model(ESTATE, 0.97)
    _estate_rule(street)
    order = _order()

    result = triage_order(order_id=order.pk)

    order.refresh_from_db()
    assert result.auto_dispatched and not result.needs_human
    assert (order.status, order.lead_unit, order.category) == (
        Status.DISPATCHED,
        street["project"],
        street["service"],
    )
    event = order.events.get(kind=EventKind.DISPATCHED)
    assert event.actor is None
    assert event.note == "自动派单：分类0.97 地点0.99 单位0.95"
    events = order.events.count()
    triage_order(order_id=order.pk)  # a second run changes nothing
    assert order.events.count() == events


def test_a_score_under_its_threshold_keeps_the_order_in_the_queue(street, fake_model, auto_on):
    fake_model(ESTATE, 0.6)
    _estate_rule(street)
    order = _order()

    result = triage_order(order_id=order.pk)

    assert result.needs_human and not result.auto_dispatched
    assert WorkOrder.objects.get(pk=order.pk).status == Status.NEW


def test_missing_and_broken_models_fall_back_to_the_queue(street, auto_on, monkeypatch):
    _estate_rule(street)
    order = _order()
    result = triage_order(order_id=order.pk)  # no ModelVersion at all
    assert result.needs_human and result.category is None and "没有可用的分类模型" in result.error

    class Broken:
        def predict(self, texts):
            raise ValueError("corrupt")

    monkeypatch.setattr("jiesu.triage.services.pipeline.active_model", lambda: LoadedModel(None, Broken()))
    other = _order(content="另一件事：垃圾没人清运")
    result = triage_order(order_id=other.pk)
    assert result.needs_human and "corrupt" in result.error
    assert WorkOrder.objects.get(pk=other.pk).status == Status.NEW


def test_urgency_raises_the_level_and_shortens_the_deadline(street, fake_model):
    fake_model(ESTATE, 0.5)
    order = _order(content="楼道里很大燃气味，快来人！", received_at=datetime(2026, 7, 6, 9, tzinfo=BEIJING))

    result = triage_order(order_id=order.pk)

    order_after = WorkOrder.objects.get(pk=order.pk)
    assert (result.urgency, result.urgency_reasons) == ("critical", ["疑似燃气泄漏"])
    assert order_after.urgency == "critical"
    assert order_after.resolve_due < order.resolve_due
    assert order_after.events.get(kind=EventKind.CORRECTED).actor is None


def test_enqueue_runs_after_commit(street, fake_model, django_capture_on_commit_callbacks):
    fake_model(ESTATE, 0.9)
    order = _order()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        triage_enqueue(order_id=order.pk)
    assert len(callbacks) == 1
    assert TriageResult.objects.filter(order=order).exists()


def test_a_crashing_triage_never_fails_intake(street, monkeypatch, django_capture_on_commit_callbacks):
    def boom(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("jiesu.triage.tasks.triage_order", boom)
    order = _order()
    with django_capture_on_commit_callbacks(execute=True):
        triage_enqueue(order_id=order.pk)
    assert WorkOrder.objects.filter(pk=order.pk).exists()


def test_a_dispatcher_category_set_meanwhile_is_never_overwritten_by_auto_dispatch(
    street, fake_model, auto_on, monkeypatch
):
    """Triage reads the order; meanwhile a dispatcher sets another category. The system's own
    correction and dispatch carry the version triage read, so they are refused: the dispatcher's
    category stays and the order waits for them."""
    fake_model(ESTATE, 0.97)
    _estate_rule(street)
    order = _order()
    from jiesu.triage.services import pipeline

    original = pipeline.routing_suggest

    def dispatcher_acts_meanwhile(**kwargs):
        services.workorder_correct(order_id=order.pk, actor=None, changes={"category": street["lamps"]})
        return original(**kwargs)

    monkeypatch.setattr(pipeline, "routing_suggest", dispatcher_acts_meanwhile)

    result = triage_order(order_id=order.pk)

    order.refresh_from_db()
    assert (order.category, order.status) == (street["lamps"], Status.NEW)
    assert not order.events.filter(kind=EventKind.DISPATCHED).exists()
    assert not result.auto_dispatched and result.needs_human and "自动处理未完成" in result.error


def test_a_dispatcher_urgency_change_meanwhile_is_not_overwritten(street, fake_model, monkeypatch):
    fake_model(ESTATE, 0.5)
    order = _order(content="楼道里很大燃气味，快来人！")
    from jiesu.triage.services import pipeline

    original = pipeline.duplicates_find

    def dispatcher_corrects_meanwhile(**kwargs):
        services.workorder_correct(order_id=order.pk, actor=None, changes={"title": "人工更正"})
        return original(**kwargs)

    monkeypatch.setattr(pipeline, "duplicates_find", dispatcher_corrects_meanwhile)

    result = triage_order(order_id=order.pk)

    after = WorkOrder.objects.get(pk=order.pk)
    assert after.title == "人工更正" and after.urgency == "normal"
    assert "自动处理未完成" in result.error
