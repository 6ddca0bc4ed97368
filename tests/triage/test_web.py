"""The suggestions panel, one click through HTTP, the 需人工 queue, and the overview page."""

import pytest
from django.urls import reverse

from jiesu.triage.models import ModelVersion, RoutingRule
from jiesu.triage.services import triage_order
from jiesu.workorders import services
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.states import Status
from tests.factories import UserFactory

SERVICE = "城乡建设 › 物业管理 › 物业服务"


@pytest.fixture
def waiting(street, fake_model):
    fake_model(SERVICE, 0.8)
    RoutingRule.objects.create(name="物业", category=street["estate"], target="property_project")
    order = services.workorder_create(actor=None, content="楼道灯坏了", address_text="阳光星苑小区五号楼")
    triage_order(order_id=order.pk)
    return WorkOrder.objects.get(pk=order.pk)


def test_the_dispatcher_sees_the_suggestions_with_their_confidence(client, dispatcher, waiting):
    client.force_login(dispatcher)
    page = client.get(reverse("order_detail", args=[waiting.pk])).content.decode()
    assert "智能分拣建议" in page
    assert SERVICE in page and "京槐物业阳光星苑项目部" in page and "5号楼" in page
    assert "采纳并派单" in page


def test_a_unit_user_never_sees_the_panel(client, waiting, street):
    member = UserFactory(role="property", unit=street["project"])
    services.workorder_dispatch(order_id=waiting.pk, actor=None, lead_unit=street["project"])
    client.force_login(member)
    response = client.get(reverse("order_detail", args=[waiting.pk]))
    assert response.status_code == 200
    assert "智能分拣建议" not in response.content.decode()


def test_one_click_accepts_the_unit_and_the_refreshed_order_is_returned(client, dispatcher, waiting, street):
    client.force_login(dispatcher)
    response = client.post(
        reverse("triage_accept", args=[waiting.pk, "unit"]),
        {"version": waiting.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "已采纳承办单位建议" in response.content.decode()
    waiting.refresh_from_db()
    assert (waiting.status, waiting.lead_unit) == (Status.DISPATCHED, street["project"])


def test_units_cannot_post_to_the_suggestions(client, waiting, street):
    client.force_login(UserFactory(role="community", unit=street["community_unit"]))
    response = client.post(reverse("triage_accept", args=[waiting.pk, "unit"]))
    assert response.status_code in (403, 404)
    assert WorkOrder.objects.get(pk=waiting.pk).status == Status.NEW


def test_the_needs_human_queue_lists_only_waiting_orders_triage_could_not_decide(client, dispatcher, waiting):
    client.force_login(dispatcher)
    other = services.workorder_create(actor=None, content="未分拣的工单：路边垃圾")
    listing = client.get(reverse("order_list") + "?needs_human=1").content.decode()
    assert waiting.number in listing and other.number not in listing
    assert "需人工分拣" in client.get(reverse("workbench")).content.decode()
    # the filter form's checkbox sends "on"
    checkbox = client.get(reverse("order_list") + "?needs_human=on").content.decode()
    assert waiting.number in checkbox.split("</form>", 1)[1] and other.number not in checkbox


def test_the_overview_is_for_centre_and_leaders_only(client, dispatcher, waiting, street):
    client.force_login(dispatcher)
    page = client.get(reverse("triage_overview")).content.decode()
    assert "尚无可用的分类模型" in page and "按月统计" in page
    client.force_login(UserFactory(role="community", unit=street["community_unit"]))
    assert client.get(reverse("triage_overview")).status_code == 403


def test_the_active_models_figures_read_as_counts_seconds_and_scores(client, dispatcher, street):
    ModelVersion.objects.create(
        version="v1", blob=b"", is_active=True,
        evaluation={"train_seconds": 4.3, "inner_cv_macro_f1": 0.98765, "holdout_n": 600, "decision": "已启用"},
    )  # fmt: skip
    client.force_login(dispatcher)

    page = client.get(reverse("triage_overview")).content.decode()

    assert "<td>4.3</td>" in page and "<td>0.988</td>" in page and "<td>600</td>" in page
    assert "600.000" not in page and "4.300" not in page
    assert "样本不足" not in page  # no category was left out


def test_the_panel_names_the_model_or_says_the_category_came_with_the_order(
    client, dispatcher, waiting, street
):
    client.force_login(dispatcher)
    assert "分类来自工单" not in client.get(reverse("order_detail", args=[waiting.pk])).content.decode()
    given = services.workorder_create(
        actor=None, content="楼道灯坏了", address_text="阳光星苑小区五号楼", category=street["lamps"]
    )
    triage_order(order_id=given.pk)

    page = client.get(reverse("order_detail", args=[given.pk])).content.decode()

    assert "分类来自工单，未用模型" in page and "模型：—" not in page


def test_the_overview_counts_the_categories_left_out_of_training(client, dispatcher, street):
    ModelVersion.objects.create(
        version="v1", blob=b"", is_active=True, evaluation={"rare_labels_n": 3, "rare_orders_n": 5}
    )
    client.force_login(dispatcher)

    page = client.get(reverse("triage_overview")).content.decode()

    assert "样本不足未参与训练的分类（个）</th><td>3</td>" in page and "其工单（件）</th><td>5</td>" in page
