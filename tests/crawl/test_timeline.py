"""The order timeline renders every event kind with every payload shape it can have."""

from django.test import Client

from jiesu.workorders.events import event_write
from jiesu.workorders.models import EventKind, Flag, WorkOrder
from jiesu.workorders.views._timeline import timeline_rows

SHAPES = [
    {},
    {"status": "new"},
    {"flags": []},
    {"flags": list(Flag.values)},
    {"flags": ["not_a_flag"]},
    {"co_handlers": [1, 2]},
    {"co_handlers": []},
    {"lead_unit": None},
    {"master": 123456789},
    {"merged_order": [1, "x"]},
    {"escalation_level": [1]},
    {"extension": {"state": "approved", "working_days": 3}},
    {"resolve_due": "2026-01-05T18:00:00+08:00"},
    {"visit_resolved": False, "visit_satisfaction": "unsatisfied"},
    {"category": {"id": 1}},
    {"unknown_key": [[1, 2], {"a": None}]},
]


def test_every_event_kind_with_every_payload_shape_renders(generated):
    street = generated
    order = street.orders["待派单"]
    for kind in EventKind.values:
        for old in SHAPES:
            event_write(order=order, kind=kind, actor=None, old=old, new=SHAPES[-1 - SHAPES.index(old)])
    events = list(order.events.all())
    for user in street.users.values():
        rows = timeline_rows(events=events, user=user)
        assert len(rows) == len(events)
    client = Client()
    client.force_login(street.users["dispatcher"])
    body = client.get(f"/orders/{order.pk}/").content.decode()
    assert "地址未能定位" in body  # a list of flags shows as their labels


def test_the_import_event_with_a_list_of_flags_renders(generated, client):
    """The bug the first users met: 191 of 192 flagged orders answered 500."""
    flagged = generated.orders["导入待核实"]
    assert isinstance(flagged.events.get(kind=EventKind.IMPORTED).new["flags"], list)
    client.force_login(generated.users["dispatcher"])
    response = client.get(f"/orders/{flagged.pk}/")
    assert response.status_code == 200
    assert "承办单位未识别" in response.content.decode()
    assert WorkOrder.objects.filter(pk=flagged.pk).exists()
