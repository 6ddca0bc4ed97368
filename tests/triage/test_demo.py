"""Triage works from the first `make run`: the demo seeder learns default routing rules and an
active category model from the demo's finished orders, and a new order at 阳光星苑5号楼 about a
roof leak is triaged to 房屋漏水 and the compound's property project.

A rainy-season slice of the demo street is loaded (fast); the seeder runs once for this module,
rolled back afterwards."""

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from jiesu.core.extensions import DemoContext, demo_seeders
from jiesu.core.models import Job
from jiesu.demo.loader import demo_load
from jiesu.places.models import Compound
from jiesu.triage.demo import DEMO_PARAMS, triage_demo_seed
from jiesu.triage.models import ModelVersion, RoutingRule, TriageEvent
from jiesu.triage.selectors import triage_caches_clear
from jiesu.triage.services import triage_order
from jiesu.workorders import services

UNTIL = date(2025, 9, 10)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        loaded = demo_load(seed=2024, until=UNTIL, start=date(2025, 5, 1), password="demo-pw")
        context = DemoContext(
            seed=2024, now=loaded.now, start=date(2025, 5, 1), until=UNTIL, password="demo-pw"
        )
        triage_caches_clear()
        summary = triage_demo_seed(context)
        yield {"summary": summary}
        transaction.set_rollback(True)
    triage_caches_clear()


pytestmark = pytest.mark.django_db


def test_the_seeder_is_registered_after_the_apps_whose_orders_it_learns_from():
    keys = [key for key, _ in demo_seeders.keyed()]
    assert keys[-1] == "triage"


def test_the_demo_has_an_active_model_and_property_rules(demo):
    active = ModelVersion.objects.get(is_active=True)
    assert active.trained_on > 500 and "城乡建设 › 物业管理 › 房屋漏水" in active.labels
    assert active.evaluation["holdout_new"]["macro_f1"] > 0.8
    leak_rule = RoutingRule.objects.get(category__path="城乡建设 › 物业管理 › 房屋漏水", has_property="yes")
    assert leak_rule.target == RoutingRule.Target.PROPERTY_PROJECT
    assert TriageEvent.objects.filter(kind=TriageEvent.Kind.MODEL_TRAINED).exists()
    assert "分类模型" in demo["summary"]


def test_a_new_roof_leak_at_sunshine_5_gets_a_category_and_a_unit(demo):
    sunshine = Compound.objects.get(name="阳光星苑")
    order = services.workorder_create(actor=None, content="阳光星苑5号楼顶层漏雨", address_text="")

    result = triage_order(order_id=order.pk)

    assert result.category.path == "城乡建设 › 物业管理 › 房屋漏水"
    assert result.category_confidence >= 0.5
    assert (result.compound, result.building.number) == (sunshine, "5")
    assert result.unit_id == sunshine.property_project_id and result.unit_source.startswith("rule:")


def test_triage_is_in_the_menu_and_the_centre_admin_retrains_in_the_background(
    demo, client, django_user_model, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(django_user_model.objects.get(username="admin"))
    assert reverse("triage_overview") in client.get(reverse("workbench")).content.decode()
    monkeypatch.setattr("jiesu.triage.jobs.TRAIN_PARAMS", DEMO_PARAMS)  # as quick as the demo's
    before = ModelVersion.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("triage_train"))
    page = client.get(response["Location"]).content.decode()

    assert ModelVersion.objects.count() == before + 1
    job = Job.objects.get(kind="triage_train")
    assert job.total > 0 and job.done == job.total  # the page's progress bar moved with the fit
    assert 'id="train-result"' in page and 'data-model="new"' in page and 'data-model="active"' in page


def test_a_dispatcher_may_not_retrain(demo, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="dispatcher"))
    before = ModelVersion.objects.count()
    response = client.post(reverse("triage_train"))
    assert "只有中心管理员" in response.content.decode()
    assert ModelVersion.objects.count() == before
