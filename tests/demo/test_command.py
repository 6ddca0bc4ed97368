"""`jiesu demo` on a database: a two-month slice, loaded once for this module and rolled back."""

from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from jiesu.accounts.models import Role, User
from jiesu.core.masking import mask_phone
from jiesu.places.models import Community, Compound
from jiesu.units.models import Unit
from jiesu.units.selectors import unit_subtree_ids
from jiesu.workorders import services
from jiesu.workorders.models import Category, EventKind, ExtensionRequest, WorkOrder, WorkOrderEvent
from jiesu.workorders.states import Status

SLICE = ["--from", "2026-10-01", "--until", "2026-11-26", "--password", "demo-pw"]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("demo", *SLICE, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_the_street_is_loaded_with_its_places_and_projects(loaded):
    assert Counter(Community.objects.values_list("kind", flat=True)) == {
        "community": 17,
        "village": 1,
        "preparatory": 2,
    }
    assert Counter(Compound.objects.values_list("kind", flat=True)) == {"apartment": 75, "bungalow": 21}
    assert Unit.objects.filter(kind=Unit.Kind.PROPERTY_PROJECT).count() == 21
    assert Unit.objects.filter(kind=Unit.Kind.COMMUNITY, community__isnull=False).count() == 20
    leak = Compound.objects.get(name="阳光星苑")
    assert leak.built_year == 2013 and leak.buildings.count() == 20 and leak.property_project is not None
    assert 39.9 < leak.lat < 40.1 and 116.4 < leak.lng < 116.6
    assert Category.objects.filter(level=3).count() >= 40
    assert Category.objects.get(path="城乡建设 › 物业管理 › 房屋漏水").level == 3


def test_there_is_a_user_per_role_with_the_given_password(loaded):
    for role in Role.values:
        assert User.objects.filter(role=role).exists(), role
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    community = User.objects.get(username="community")
    assert community.unit.community.name == "御槐园社区"
    company = User.objects.get(username="property").unit
    assert company.kind == Unit.Kind.PROPERTY_COMPANY
    assert company.children.filter(compounds__name="阳光星苑").exists()
    assert User.objects.get(username="dispatcher").check_password("demo-pw")
    assert "dispatcher" in loaded and "demo-pw" in loaded and "御槐园社区居委会" in loaded


def test_every_open_state_is_present(loaded):
    statuses = set(WorkOrder.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    new = WorkOrder.objects.filter(status=Status.NEW)
    assert any(order.flags for order in new)
    assert WorkOrder.objects.filter(sla_state="overdue").exists()
    assert WorkOrder.objects.filter(sla_state="due_soon").exists()
    pending = ExtensionRequest.objects.get(state=ExtensionRequest.State.PENDING)
    assert pending.order.status == Status.ACCEPTED
    assert pending.requested_by.unit == pending.order.lead_unit


def test_events_are_consistent_with_each_orders_status(loaded):
    chains = defaultdict(list)
    for order_id, old, new in WorkOrderEvent.objects.order_by("at", "id").values_list(
        "order_id", "old", "new"
    ):
        chains[order_id].append((old, new))
    orders = dict(WorkOrder.objects.values_list("id", "status"))
    assert set(chains) == set(orders)
    for order_id, chain in chains.items():
        status = chain[0][1]["status"]
        for old, new in chain[1:]:
            if "status" in new:
                assert old["status"] == status
                status = new["status"]
        assert status == orders[order_id]


def test_each_unit_login_finds_open_orders_it_leads(loaded):
    for username in ("community", "property", "property2", "department"):
        units = unit_subtree_ids(unit_id=User.objects.get(username=username).unit_id)
        assert WorkOrder.objects.filter(lead_unit_id__in=units, status=Status.ACCEPTED).exists(), username


def test_imports_are_recorded_as_the_intake_records_them_without_unmasked_phones(loaded):
    order = WorkOrder.objects.filter(channel="12345", status=Status.CLOSED).first()
    imported = order.events.get(kind=EventKind.IMPORTED)
    assert imported.actor is None and imported.note.startswith("12345派单")
    assert imported.new["number"] == order.number and imported.new["category"] == order.category_id
    assert imported.new["citizen_phone"] == mask_phone(order.citizen_phone)
    phones = set(WorkOrder.objects.exclude(citizen_phone="").values_list("citizen_phone", flat=True)[:500])
    for old, new in WorkOrderEvent.objects.values_list("old", "new")[:20000]:
        assert not any(str(value) in phones for value in (*old.values(), *new.values()))


def test_unit_staff_act_on_demo_orders_through_the_services(loaded):
    dispatcher = User.objects.get(username="dispatcher")
    order = WorkOrder.objects.filter(status=Status.NEW, flags=[]).first()
    project = Compound.objects.get(name="阳光星苑").property_project
    services.workorder_dispatch(order_id=order.pk, actor=dispatcher, lead_unit=project)
    order = services.workorder_accept(order_id=order.pk, actor=User.objects.get(username="property"))
    assert order.status == Status.ACCEPTED
    assert order.events.last().actor.username == "property"


def test_a_second_run_refuses_or_with_if_empty_only_prints_the_logins(loaded):
    with pytest.raises(CommandError):
        call_command("demo", *SLICE, stdout=StringIO())
    out = StringIO()
    call_command("demo", "--if-empty", *SLICE, stdout=out)
    assert "跳过" in out.getvalue() and "leader" in out.getvalue() and "demo-pw" in out.getvalue()
    out = StringIO()
    call_command("demo", "--if-empty", "--password", "wrong", stdout=out)
    assert "已修改" in out.getvalue()
