"""Each order's events tell its story the way the services would have written it."""

from collections import Counter, defaultdict
from datetime import date

from jiesu.demo.generator import demo_now, generate
from jiesu.workorders.states import TRANSITIONS

from .conftest import UNTIL

OPEN = {"new", "dispatched", "accepted", "returned", "resolved", "visited"}


def timelines(demo):
    events = defaultdict(list)
    for event in demo.events:
        events[event[1]].append(event)
    return events


def replay(events):
    """The status after each event, checked against the services' transition table."""
    (first, *rest) = events
    assert first[3] in ("imported", "created") and first[7]["status"] == "new"
    status = "new"
    for _, _, _, kind, _, _, old, new, _, _ in rest:
        if kind in TRANSITIONS:
            sources, target = TRANSITIONS[kind]
            assert status in sources, (kind, status)
            assert new.get("status", status) == (target or status)
        if "status" in new:
            assert old["status"] == status
            status = new["status"]
    return status


def test_every_order_has_a_consistent_event_chain(recent):
    events = timelines(recent)
    for order in recent.orders:
        chain = events[order["id"]]
        assert chain[0][0] >= order["received_at"]
        assert [event[0] for event in chain] == sorted(event[0] for event in chain)
        assert all(event[0].microsecond == 0 for event in chain)
        assert replay(chain) == order["status"]
        assert order["updated_at"] == chain[-1][0]


def test_order_timestamps_match_their_events(recent):
    events = timelines(recent)
    for order in recent.orders:
        last = {event[3]: event[0] for event in events[order["id"]]}
        if order["status"] == "closed":
            assert order["closed_at"] == last["close"]
            assert order["resolved_at"] == last["resolve"] <= order["closed_at"]
            assert order["result"]
        if order["accepted_at"]:
            assert order["accepted_at"] == last["accept"] >= order["dispatched_at"]
        if order["visited_at"]:
            assert order["visit_satisfaction"] in ("satisfied", "basic", "unsatisfied")
        assert order["response_due"] > order["received_at"]
        assert order["resolve_due"].hour == 23 and order["resolve_due"].minute == 59


def test_history_is_closed_and_the_last_weeks_are_open_in_every_state(recent):
    now = demo_now(UNTIL)
    old = [order for order in recent.orders if (now - order["received_at"]).days > 45]
    assert {order["status"] for order in old} <= {"closed", "merged"}
    open_orders = [order for order in recent.orders if order["status"] in OPEN]
    assert {order["status"] for order in open_orders} == OPEN
    assert sum((now - order["received_at"]).days <= 21 for order in open_orders) > 0.9 * len(open_orders)
    assert any(order["flags"] for order in open_orders if order["status"] == "new")
    states = Counter(order["sla_state"] for order in open_orders)
    assert states["overdue"] >= 1 and states["due_soon"] >= 1
    assert [e["state"] for e in recent.extensions].count("pending") == 1


def test_lifecycles_are_mostly_on_time_with_some_returns_redos_and_merges(recent):
    kinds = Counter(event[3] for event in recent.events)
    closed = [order for order in recent.orders if order["status"] == "closed"]
    late = sum(order["resolved_at"] > order["resolve_due"] for order in closed)
    assert 0.005 < late / len(closed) < 0.1
    assert (
        kinds["return"] and kinds["reassign"] and kinds["redo"] and kinds["merge"] == kinds["merged_in"] > 0
    )
    assert kinds["approve_extension"] and kinds["urge"]
    unsatisfied = sum(
        1 for e in recent.events if e[3] == "return_visit" and e[7]["visit_satisfaction"] == "unsatisfied"
    )
    assert 0.02 < unsatisfied / kinds["return_visit"] < 0.09


def test_the_same_seed_and_end_date_give_the_same_rows(plan, ids, recent):
    again = generate(plan, ids, seed=2024, start=date(2026, 10, 1), until=UNTIL)
    assert again.orders == recent.orders
    assert again.events == recent.events
    other = generate(plan, ids, seed=7, start=date(2026, 11, 1), until=UNTIL)
    assert [o["content"] for o in other.orders[:50]] != [o["content"] for o in recent.orders[:50]]
