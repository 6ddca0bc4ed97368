"""Overdue ledger items: escalated once per deadline by the periodic scan (`jiesu sla-scan`)."""

import pytest
from django.core.management import call_command

from jiesu.core.extensions import deadline_scans
from jiesu.evaluation import services
from jiesu.evaluation.models import LedgerEvent
from tests.evaluation.conftest import at

pytestmark = pytest.mark.django_db


def test_an_overdue_item_is_escalated_once_and_again_after_a_reopen(street, item_a):
    item = services.ledger_item_verify(
        item_id=item_a.pk, actor=street.user("community"), at=at(2024, 6, 4, 10)
    )
    # due 2024-06-19 23:59:59: not overdue that evening, overdue the morning after
    assert services.ledger_scan(now=at(2024, 6, 19, 23)).as_dict() == {
        "ledger_overdue": 0,
        "ledger_escalated": 0,
    }
    assert services.ledger_scan(now=at(2024, 6, 20, 9)).as_dict() == {
        "ledger_overdue": 1,
        "ledger_escalated": 1,
    }
    assert services.ledger_scan(now=at(2024, 6, 21, 9)).as_dict() == {
        "ledger_overdue": 1,
        "ledger_escalated": 0,
    }
    escalation = LedgerEvent.objects.get(item=item, kind="escalate")
    assert escalation.actor is None and escalation.old == {"escalation_level": 0}
    assert "2024-06-19" in escalation.note

    item = services.ledger_item_rectify(
        item_id=item.pk,
        actor=street.user("property"),
        rectification="已整改",
        photos=[_photo()],
        at=at(2024, 6, 24, 9),
    )
    assert item.late and item.escalation_level == 1
    services.ledger_item_reopen(
        item_id=item.pk, actor=street.user("evaluator"), note="反弹", at=at(2024, 7, 10, 9)
    )
    assert services.ledger_scan(now=at(2024, 8, 1, 9)).escalated == 1
    assert LedgerEvent.objects.filter(item=item, kind="escalate").count() == 2


def test_the_scan_is_registered_with_the_sla_scan(street, item_a):
    assert "evaluation" in deadline_scans
    services.ledger_item_verify(item_id=item_a.pk, actor=street.user("community"), at=at(2024, 6, 4, 10))
    call_command("sla-scan", verbosity=0)  # "now" is long after the deadline
    assert LedgerEvent.objects.filter(kind="escalate").count() == 1


def _photo():
    from tests.evaluation.conftest import photo

    return photo()
