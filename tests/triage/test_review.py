"""The dispatcher's one click: accept, correct (kept as a label), merge a proposed duplicate."""

import pytest

from jiesu.core.errors import NotPermitted
from jiesu.triage.models import Correction, RoutingRule, TriageResult
from jiesu.triage.services import training_data, triage_accept, triage_correct, triage_merge, triage_order
from jiesu.workorders import services
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.states import Status
from tests.factories import UserFactory

SERVICE = "城乡建设 › 物业管理 › 物业服务"


@pytest.fixture
def triaged(street, fake_model):
    fake_model(SERVICE, 0.7)
    RoutingRule.objects.create(name="物业", category=street["estate"], target="property_project")
    order = services.workorder_create(actor=None, content="5号楼楼道灯坏了", address_text="阳光星苑5号楼")
    return triage_order(order_id=order.pk)


def test_accepting_category_place_and_unit(triaged, dispatcher, street):
    order_id = triaged.order_id
    triage_accept(order_id=order_id, field="category", actor=dispatcher)
    triage_accept(order_id=order_id, field="place", actor=dispatcher)
    order = triage_accept(order_id=order_id, field="unit", actor=dispatcher)

    assert (order.category, order.building, order.lead_unit) == (
        street["service"],
        street["building5"],
        street["project"],
    )
    assert order.status == Status.DISPATCHED
    assert TriageResult.objects.get(order_id=order_id).accepted == ["category", "place", "unit"]
    assert not Correction.objects.exists()


def test_a_correction_is_applied_and_kept_as_the_training_label(triaged, dispatcher, street):
    order = triage_correct(
        order_id=triaged.order_id, field="category", value=street["lamps"].pk, actor=dispatcher
    )

    assert order.category == street["lamps"]
    correction = Correction.objects.get()
    assert (correction.suggested, correction.chosen, correction.actor) == (
        SERVICE,
        street["lamps"].path,
        dispatcher,
    )
    texts, labels = training_data()
    assert labels == [street["lamps"].path] and "楼道灯" in texts[0]


def test_units_may_not_use_the_suggestions(triaged):
    with pytest.raises(NotPermitted):
        triage_accept(order_id=triaged.order_id, field="unit", actor=UserFactory())


def test_an_earlier_order_about_the_same_problem_is_proposed_and_merged_with_one_click(
    street, fake_model, dispatcher
):
    fake_model(SERVICE, 0.9)
    first = services.workorder_create(
        actor=None,
        content="阳光星苑5号楼3单元楼道灯坏了，晚上很黑",
        address_text="阳光星苑5号楼",
        citizen_phone="13800000001",
    )
    services.workorder_create(actor=None, content="阳光星苑8号楼门口垃圾没人清", address_text="阳光星苑8号楼")
    second = services.workorder_create(
        actor=None, content="阳光星苑5号楼3单元的楼道灯坏了，晚上太黑了", address_text="阳光星苑五号楼"
    )
    triage_order(order_id=first.pk)

    result = triage_order(order_id=second.pk)

    assert [item["id"] for item in result.duplicates] == [first.pk]
    assert result.needs_human
    merged = triage_merge(order_id=second.pk, master_id=first.pk, actor=dispatcher)
    assert (merged.status, merged.master_id) == (Status.MERGED, first.pk)
    assert WorkOrder.objects.get(pk=first.pk).status == Status.NEW
