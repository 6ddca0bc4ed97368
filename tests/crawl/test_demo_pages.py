"""The demo street's own events (written by jiesu/demo, not the services) render on every order
page: a two-month slice, every order's timeline, and one order page per status and flag set."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from jiesu.accounts.models import Role, User
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.views._timeline import timeline_rows

SLICE = ["--from", "2026-10-15", "--until", "2026-11-26", "--password", "demo-pw"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", *SLICE, stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_demo_timeline_renders_and_a_page_of_each_kind_answers(demo):
    dispatcher = User.objects.filter(role=Role.DISPATCHER).first()
    orders = WorkOrder.objects.prefetch_related("events")
    for order in orders:
        assert len(timeline_rows(events=list(order.events.all()), user=dispatcher)) == order.events.count()
    kinds = {}
    for order in WorkOrder.objects.only("pk", "status", "flags", "redo_count", "master_id", "channel"):
        kinds.setdefault((order.status, tuple(order.flags), order.redo_count > 0, order.channel), order.pk)
    client = Client(raise_request_exception=False)
    failures = []
    for role in (Role.DISPATCHER, Role.PROPERTY, Role.COMMUNITY):
        client.force_login(User.objects.filter(role=role).first())
        for pk in kinds.values():
            status = client.get(f"/orders/{pk}/").status_code
            if status >= 500:
                failures.append(f"{role} /orders/{pk}/ {status}")
    assert len(kinds) > 10
    assert not failures, failures
