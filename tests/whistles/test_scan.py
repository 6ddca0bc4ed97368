"""Overdue check-ins are escalated by the same periodic scan as orders, once per level."""

from io import StringIO

import pytest
from django.core.management import call_command

from jiesu.whistles import services
from jiesu.whistles.models import Summons, WhistleEvent
from jiesu.workorders.tasks import deadline_scans_run
from tests.whistles.conftest import at, blow

pytestmark = pytest.mark.django_db


def escalations() -> list[tuple[str, int, int]]:
    return list(
        WhistleEvent.objects.filter(kind__in=["urge", "supervise"])
        .order_by("id")
        .values_list("kind", "summons__unit__name", "actor")
    )


def test_a_unit_that_does_not_check_in_is_urged_then_supervised_once(street):
    # given an urgent whistle (due 13:00) where 住建委 checks in and the water company does not
    whistle = blow(street)
    housing = Summons.objects.get(whistle=whistle, unit=street.housing)
    services.summons_check_in(
        summons_id=housing.pk, actor=street["department"], on_site=True, now=at("2024-03-12 12:00")
    )

    # before the deadline nothing happens
    assert services.whistle_deadline_scan(now=at("2024-03-12 12:59"))["urged"] == 0

    # after it, the water company is urged — once, however often the scan runs
    first = services.whistle_deadline_scan(now=at("2024-03-12 13:30"))
    again = services.whistle_deadline_scan(now=at("2024-03-12 16:00"))
    assert (first["overdue"], first["urged"], first["supervised"]) == (1, 1, 0)
    assert (again["urged"], again["supervised"]) == (0, 0)
    assert escalations() == [("urge", "自来水公司", None)]

    # nine working hours late (13:00 → next day 13:00) it is put under supervision, once
    assert services.whistle_deadline_scan(now=at("2024-03-13 12:59"))["supervised"] == 0
    assert services.whistle_deadline_scan(now=at("2024-03-13 13:00"))["supervised"] == 1
    assert services.whistle_deadline_scan(now=at("2024-03-14 13:00"))["scanned"] == 0
    assert escalations() == [("urge", "自来水公司", None), ("supervise", "自来水公司", None)]
    water = Summons.objects.get(whistle=whistle, unit=street.water)
    assert (water.escalation_level, water.status) == (2, "summoned")
    event = water.events.get(kind="supervise")
    assert event.old == {"escalation_level": 1} and "督办" in event.note


def test_a_scan_that_finds_a_unit_very_late_writes_both_levels(street):
    blow(street, units=[street.housing])
    result = services.whistle_deadline_scan(now=at("2024-03-20 09:00"))
    assert (result["urged"], result["supervised"]) == (1, 1)
    assert [kind for kind, *_ in escalations()] == ["urge", "supervise"]


def test_the_orders_scan_command_runs_the_whistle_scan_too(street):
    blow(street, units=[street.housing])  # in 2024: long overdue today
    assert deadline_scans_run()["whistles"]["supervised"] == 1
    call_command("sla-scan", stdout=StringIO())
    assert len(escalations()) == 2  # nothing twice
