"""Auto-dispatch watched on the street's own orders: shadow mode records and scores what would
have been dispatched; a guard pauses auto-dispatch (audited, shown on /triage/) when the lower
bound of its realised precision falls under the target; thresholds are re-estimated from
dispatcher-confirmed orders."""

import pytest
from django.urls import reverse

from jiesu.triage.models import ModelVersion, RoutingRule, TriageEvent, TriageSettings
from jiesu.triage.selectors import LoadedModel, triage_caches_clear
from jiesu.triage.services import (
    thresholds_calibrate,
    triage_guard_check,
    triage_guard_resume,
    triage_order,
)
from jiesu.triage.services.guard import realised_precision, wilson_lower
from jiesu.workorders import services
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.states import Status
from tests.factories import UserFactory

ESTATE = "城乡建设 › 物业管理 › 物业服务"
DISTINCT = (
    "楼道灯坏了一个月",
    "单元门禁失灵进不去",
    "垃圾桶满了没人清",
    "电梯按钮不亮",
    "草坪里全是狗粪",
    "地下车库漏水积水",
    "保安夜里睡觉不巡逻",
    "快递柜占了消防通道",
    "楼顶水箱有异味",
    "健身器材螺丝松动",
)


def _triaged(street, content: str = "楼道灯坏了一个月了，物业一直不修。"):
    order = services.workorder_create(actor=None, content=content, address_text="阳光星苑小区五号楼")
    return order, triage_order(order_id=order.pk)


@pytest.fixture
def rule(street):
    # these orders are distinct problems at one compound in one category: keep them apart
    settings = TriageSettings.objects.get_or_create(pk=1)[0]
    settings.duplicate_threshold = 0.9
    settings.save()
    triage_caches_clear()
    return RoutingRule.objects.create(
        name="物业管理 → 物业项目", category=street["estate"], has_property="yes", target="property_project"
    )


def test_wilson_lower_bound():
    assert wilson_lower(0, 0) == 0.0
    assert 0.80 < wilson_lower(95, 100) < 0.95 < wilson_lower(990, 1000) < 0.99


def test_shadow_mode_records_what_would_have_been_dispatched_and_scores_it(street, fake_model, rule):
    fake_model(ESTATE, 0.97)
    order, result = _triaged(street, "楼道灯坏了，物业不修 1")
    other, _ = _triaged(street, "单元门禁坏了三天没人管")

    assert result.would_auto_dispatch and not result.auto_dispatched
    assert WorkOrder.objects.get(pk=order.pk).status == Status.NEW  # auto-dispatch is off
    services.workorder_correct(order_id=order.pk, actor=None, changes={"category": street["service"]})
    services.workorder_dispatch(order_id=order.pk, actor=None, lead_unit=street["project"])  # as suggested
    services.workorder_correct(order_id=other.pk, actor=None, changes={"category": street["lamps"]})
    services.workorder_dispatch(order_id=other.pk, actor=None, lead_unit=street["community_unit"])

    shadow = realised_precision(kind="shadow", window=200)
    assert (shadow.n, shadow.correct, shadow.precision) == (2, 1, 0.5)


def test_the_guard_pauses_auto_dispatch_records_why_and_the_centre_sees_it(
    street, fake_model, rule, auto_on, client
):
    auto_on.refresh_from_db()
    auto_on.guard_min_decisions = 5
    auto_on.save()
    triage_caches_clear()
    fake_model(ESTATE, 0.97)
    orders = [_triaged(street, DISTINCT[i])[0] for i in range(8)]
    assert all(WorkOrder.objects.get(pk=o.pk).status == Status.DISPATCHED for o in orders)
    for order in orders[:3]:  # the dispatcher finds three of them in the wrong category
        services.workorder_correct(order_id=order.pk, actor=None, changes={"category": street["lamps"]})

    report = triage_guard_check()

    settings = TriageSettings.objects.get(pk=1)
    assert report["paused"] and settings.paused_at is not None
    assert "最近 8 件自动派单中 3 件被更正或改派" in settings.paused_reason
    event = TriageEvent.objects.get(kind=TriageEvent.Kind.GUARD_PAUSED)
    assert event.actor is None and event.new["n"] == 8 and event.new["correct"] == 5
    triage_caches_clear()
    later, result = _triaged(street, DISTINCT[9])
    assert result.would_auto_dispatch and not result.auto_dispatched
    assert WorkOrder.objects.get(pk=later.pk).status == Status.NEW

    admin = UserFactory(role="centre_admin")
    client.force_login(admin)
    page = client.get(reverse("triage_overview")).content.decode()
    assert 'id="guard-paused"' in page and "低于目标 95%" in page
    triage_guard_check()  # a second scan while paused writes nothing more
    assert TriageEvent.objects.filter(kind=TriageEvent.Kind.GUARD_PAUSED).count() == 1

    client.post(reverse("triage_resume"))
    assert TriageSettings.objects.get(pk=1).paused_at is None
    assert TriageEvent.objects.get(kind=TriageEvent.Kind.GUARD_RESUMED).actor == admin


def test_a_good_record_keeps_auto_dispatch_running(street, fake_model, rule, auto_on):
    auto_on.refresh_from_db()
    auto_on.guard_min_decisions = 5
    auto_on.target_precision = 0.6
    auto_on.save()
    fake_model(ESTATE, 0.97)
    for i in range(8):
        _triaged(street, DISTINCT[i])
    assert not triage_guard_check()["paused"]
    assert not TriageEvent.objects.exists()


def test_only_a_centre_admin_resumes(street, dispatcher):
    from jiesu.core.errors import NotPermitted

    with pytest.raises(NotPermitted):
        triage_guard_resume(actor=dispatcher)


class _ByText:
    """A classifier whose confidence is written at the end of the text (…#0.93)."""

    def predict(self, texts):
        return [(ESTATE, float(text.rsplit("#", 1)[1])) for text in texts]


def test_thresholds_are_re_estimated_from_dispatcher_confirmed_orders(street, rule, monkeypatch):
    version = ModelVersion.objects.create(version="t1", blob=b"", is_active=False)
    monkeypatch.setattr(
        "jiesu.triage.services.pipeline.active_model", lambda: LoadedModel(version, _ByText())
    )
    for i in range(120):
        confident = i % 2 == 0
        confidence = 0.90 + (i % 10) / 100 if confident else 0.55 + (i % 10) / 100
        order, _ = _triaged(street, f"楼道灯坏了 {i} #{confidence:.2f}")
        right = confident or i % 4 == 1  # half of the unsure ones were wrong
        category = street["service"] if right else street["lamps"]
        services.workorder_correct(order_id=order.pk, actor=None, changes={"category": category})
        services.workorder_dispatch(order_id=order.pk, actor=None, lead_unit=street["project"])

    outcome = thresholds_calibrate()

    assert outcome["basis"]["category"]["n"] == 120
    assert 0.64 < outcome["new"]["category"] <= 0.90
    assert TriageSettings.objects.get(pk=1).category_threshold == outcome["new"]["category"]
    assert TriageEvent.objects.filter(kind=TriageEvent.Kind.CALIBRATED).exists()
