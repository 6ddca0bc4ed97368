"""One event shape per kind: the same stories driven through the real services and through the
demo's `Life` write the same (kind, old, new), and every event of both comes from a builder in
jiesu/workorders/events.py (a stamp put on `events._shape` must show on each of them)."""

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from jiesu.core.selectors import calendar_current
from jiesu.demo.lifecycle import Ids, Life, World
from jiesu.workorders import events, services
from jiesu.workorders.deadlines import DEFAULT_LIMITS, deadlines_compute
from jiesu.workorders.models import DeadlineRule, Satisfaction, WorkOrder
from jiesu.workorders.services.supervision import sla_scan
from tests.factories import CategoryFactory, CommunityFactory, UnitFactory, UserFactory, WorkOrderFactory

TZ = ZoneInfo("Asia/Shanghai")
START = datetime(2024, 10, 8, 9, 0, tzinfo=TZ)  # a Tuesday, after the National Day holiday

# A story is a list of steps: (step, who, *args). Each is played once on the services, once on Life.
STORIES = {
    "full": [
        ("dispatch", "dispatcher", "城管执法队", ["房管所"]),
        ("accept", "chengguan"),
        ("respond", "chengguan"),
        ("request_extension", "chengguan", 3),
        ("approve_extension", "dispatcher"),
        ("resolve", "chengguan", "已清理堆物"),
        ("visit", "dispatcher", True, Satisfaction.SATISFIED),
        ("close", "dispatcher"),
    ],
    "returned_and_redispatched": [
        ("dispatch", "dispatcher", "城管执法队", []),
        ("return", "chengguan", "不属于本单位职责"),
        ("dispatch", "dispatcher", "房管所", ["城管执法队"]),
        ("accept", "fangguan"),
        ("resolve", "fangguan", "已维修"),
        ("visit", "dispatcher", True, Satisfaction.SATISFIED),
        ("close", "dispatcher"),
    ],
    "reassigned_and_rejected": [
        ("dispatch", "dispatcher", "城管执法队", []),
        ("reassign", "dispatcher", "房管所", [], "派错单位"),
        ("accept", "fangguan"),
        ("request_extension", "fangguan", 5),
        ("reject_extension", "dispatcher", "理由不足"),
        ("resolve", "fangguan", "已处理"),
    ],
    "redone": [
        ("dispatch", "dispatcher", "城管执法队", []),
        ("accept", "chengguan"),
        ("respond", "chengguan"),
        ("resolve", "chengguan", "已处理"),
        ("visit", "dispatcher", False, Satisfaction.UNSATISFIED),
        ("redo", "dispatcher", "群众不满意，重新办理"),
        ("accept", "chengguan"),
        ("respond", "chengguan"),
        ("resolve", "chengguan", "已彻底处理"),
        ("visit", "dispatcher", True, Satisfaction.SATISFIED),
        ("close", "dispatcher"),
    ],
    "merged": [
        ("dispatch", "dispatcher", "城管执法队", []),
        ("merge", "dispatcher", "重复来电"),
    ],
}


@pytest.fixture
def stamped(monkeypatch):
    """Every builder's output carries the kind it was built for; a payload built elsewhere does not."""
    shape = events._shape

    def stamp(kind, old, new):
        old, new = shape(kind, old, new)
        return old, {**new, "_builder": kind}

    monkeypatch.setattr(events, "_shape", stamp)


@pytest.fixture
def people(db, dispatcher):
    units = {name: UnitFactory(name=name) for name in ("城管执法队", "房管所")}
    users = {
        "dispatcher": dispatcher,
        "chengguan": UserFactory(username="chengguan", unit=units["城管执法队"]),
        "fangguan": UserFactory(username="fangguan", unit=units["房管所"]),
    }
    return units, users


class Clock:
    def __init__(self, monkeypatch):
        self.now = START
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def tick(self) -> datetime:
        self.now += timedelta(hours=3)
        return self.now


def _world(units, users) -> World:
    ids = Ids(
        units={name: unit.pk for name, unit in units.items()},
        categories={},
        communities={},
        compounds={},
        buildings={},
        users={name: user.pk for name, user in users.items()},
        user_units={name: user.unit.name for name, user in users.items() if user.unit_id},
    )
    plan = SimpleNamespace(communities=[])
    return World(plan, ids, calendar_current(), DEFAULT_LIMITS, START + timedelta(days=400))


def _life(world: World, order: WorkOrder) -> Life:
    call = SimpleNamespace(
        id=order.pk,
        number=order.number,
        channel=order.channel,
        received=order.received_at,
        appeal=order.appeal_type,
        urgency=order.urgency,
        compound=None,
        building="",
        flags={"unknown_category", "unresolved_place"},
        category_text="",
        title=order.title,
        content=order.content,
        address="",
        community="",
        citizen_name="",
        citizen_phone="",
        source_unit="",
    )
    return Life(world, call)


def _order() -> WorkOrder:
    order = WorkOrderFactory(received_at=START)
    response_due, resolve_due = deadlines_compute(
        received_at=START, appeal_type=order.appeal_type, urgency=order.urgency
    )
    WorkOrder.objects.filter(pk=order.pk).update(response_due=response_due, resolve_due=resolve_due)
    return WorkOrder.objects.get(pk=order.pk)


def _play_services(step, order, master, units, users):
    name, who, *args = step
    actor = users[who]
    oid = order.pk
    match name:
        case "dispatch":
            services.workorder_dispatch(
                order_id=oid, actor=actor, lead_unit=units[args[0]], co_handlers=[units[n] for n in args[1]]
            )
        case "reassign":
            services.workorder_reassign(
                order_id=oid,
                actor=actor,
                lead_unit=units[args[0]],
                co_handlers=[units[n] for n in args[1]],
                note=args[2],
            )
        case "accept":
            services.workorder_accept(order_id=oid, actor=actor)
        case "return":
            services.workorder_return(order_id=oid, actor=actor, reason=args[0])
        case "respond":
            services.workorder_respond(order_id=oid, actor=actor, note="已电话联系")
        case "request_extension":
            services.extension_request(order_id=oid, actor=actor, working_days=args[0], reason="需协调")
        case "approve_extension":
            services.extension_approve(order_id=oid, actor=actor)
        case "reject_extension":
            services.extension_reject(order_id=oid, actor=actor, note=args[0])
        case "resolve":
            services.workorder_resolve(order_id=oid, actor=actor, result=args[0])
        case "visit":
            services.workorder_return_visit(
                order_id=oid, actor=actor, contacted=True, resolved=args[0], satisfaction=args[1], note="回访"
            )
        case "redo":
            services.workorder_redo(order_id=oid, actor=actor, note=args[0])
        case "merge":
            services.workorder_merge(order_id=oid, master_id=master.pk, actor=actor, note=args[0])
        case "close":
            services.workorder_close(order_id=oid, actor=actor)
        case _:
            raise AssertionError(name)


def _play_life(step, life: Life, master: Life, at: datetime):
    name, who, *args = step
    who = life.w.who(who)
    match name:
        case "dispatch":
            life.dispatch(at, who, args[0], args[1])
        case "reassign":
            life.dispatch(at, who, args[0], args[1], kind="reassign", note=args[2])
        case "accept":
            life.accept(at, who)
        case "return":
            life.return_(at, who, args[0])
        case "respond":
            life.respond(at, who, "已电话联系")
        case "request_extension":
            life.request_extension(at, who, args[0], "需协调")
        case "approve_extension":
            life.decide_extension(at, who, approve=True)
        case "reject_extension":
            life.decide_extension(at, who, approve=False, note=args[0])
        case "resolve":
            life.resolve(at, who, args[0])
        case "visit":
            life.visit(at, who, args[0], args[1], "回访")
        case "redo":
            life.redo(at, who, args[0])
        case "merge":
            life.merge(at, who, master, args[0])
        case "close":
            life.close(at, who)
        case _:
            raise AssertionError(name)


def _service_events(order: WorkOrder) -> list[tuple]:
    return [(e.kind, e.old, e.new) for e in order.events.order_by("at", "id")]


def _life_events(life: Life) -> list[tuple]:
    return [(kind, old, new) for (_, _, _, kind, _, _, old, new, _, _) in life.events]


def _assert_built(sequence: list[tuple]) -> None:
    assert sequence
    for kind, _, new in sequence:
        assert new.get("_builder") == kind, f"a {kind} event was not made by its builder in events.py"


@pytest.mark.django_db
@pytest.mark.parametrize("story", sorted(STORIES))
def test_a_story_writes_the_same_events_through_the_services_and_the_demo(
    story, people, stamped, monkeypatch
):
    units, users = people
    clock = Clock(monkeypatch)
    order, master = _order(), _order()
    world = _world(units, users)
    life, master_life = _life(world, order), _life(world, master)
    assert (life.o["response_due"], life.o["resolve_due"]) == (order.response_due, order.resolve_due)
    for step in STORIES[story]:
        at = clock.tick()
        _play_services(step, order, master, units, users)
        _play_life(step, life, master_life, at)
    services_said, demo_said = _service_events(order), _life_events(life)
    _assert_built(services_said)
    _assert_built(demo_said)
    assert demo_said == services_said
    assert _life_events(master_life) == _service_events(master)
    order.refresh_from_db()
    assert (order.status, order.resolve_due, order.redo_count) == (
        life.o["status"],
        life.o["resolve_due"],
        life.o["redo_count"],
    )


@pytest.mark.django_db
def test_the_sla_scan_and_the_demo_escalate_an_overdue_order_alike(people, stamped, monkeypatch):
    """Dispatched a week after its deadline: the scan and the demo's scan both write 超期, 催办
    and 督办 with the same payloads."""
    units, users = people
    clock = Clock(monkeypatch)
    order = _order()
    world = _world(units, users)
    life = _life(world, order)
    clock.now = order.resolve_due + timedelta(days=7)
    step = ("dispatch", "dispatcher", "城管执法队", [])
    _play_services(step, order, None, units, users)
    _play_life(step, life, None, clock.now)
    clock.now += timedelta(hours=1)
    sla_scan(now=clock.now)
    life.w.now = clock.now
    life.sla_until(clock.now)
    services_said, demo_said = _service_events(order), _life_events(life)
    _assert_built(services_said)
    _assert_built(demo_said)
    assert [kind for kind, _, _ in services_said] == ["dispatch", "sla_changed", "urge", "supervise"]
    assert demo_said == services_said


def test_the_default_limits_are_the_rules_the_migration_wrote(db):
    rows = DeadlineRule.objects.values_list(
        "appeal_type", "urgency", "response_hours", "resolve_working_days"
    )
    assert {(a, u): (h, d) for a, u, h, d in rows} == DEFAULT_LIMITS


@pytest.mark.django_db
def test_a_correction_writes_the_same_event_and_flags_through_the_service_and_the_demo(
    people, stamped, monkeypatch
):
    units, users = people
    clock = Clock(monkeypatch)
    category, community = CategoryFactory(), CommunityFactory()
    order = _order()
    WorkOrder.objects.filter(pk=order.pk).update(flags=["unknown_category", "unresolved_place"])
    world = _world(units, users)
    life = _life(world, order)
    at = clock.tick()
    services.workorder_correct(
        order_id=order.pk, actor=users["dispatcher"], changes={"category": category, "community": community}
    )
    life.correct(
        at, world.who("dispatcher"), {"category": (None, category.pk), "community": (None, community.pk)}
    )
    services_said, demo_said = _service_events(order), _life_events(life)
    _assert_built(services_said)
    _assert_built(demo_said)
    assert demo_said == services_said
    order.refresh_from_db()
    assert order.flags == life.o["flags"] == []


@pytest.mark.django_db
def test_the_import_and_the_demo_build_import_events_with_the_builders(tmp_path, people, stamped):
    """An imported row (unplaced, uncategorised, no unit) and the demo's imported call write the
    same derived fields; both import events of the real path come from their builders."""
    from jiesu.intake.importing.service import orders_import
    from tests.intake.helpers import order_row, write_csv

    units, users = people
    row = order_row("IMP1", 承办单位="", 派单时间="", 工单状态="")
    orders_import(source=write_csv(tmp_path / "a.csv", [row]), filename="a.csv")
    changed = order_row("IMP1", 承办单位="", 派单时间="", 工单状态="", 诉求内容="楼道灯坏了两周。")
    orders_import(source=write_csv(tmp_path / "b.csv", [changed]), filename="b.csv")
    order = WorkOrder.objects.get(number="IMP1")
    imported = _service_events(order)
    _assert_built(imported)
    assert [kind for kind, _, _ in imported] == ["imported", "import_updated"]
    assert imported[0][2]["citizen_phone"] != "13812345678"  # masked by the builder
    life = _life(_world(units, users), order)
    life.intake(START, "imported", (None, None))
    demo_said = _life_events(life)
    _assert_built(demo_said)
    # the same derived fields (only those a blank order would not have), as the file's columns differ
    derived = set(events.IMPORT_DERIVED_BLANK) | {"number", "channel", "_builder"}
    assert {k: v for k, v in demo_said[0][2].items() if k in derived} == {
        k: v for k, v in imported[0][2].items() if k in derived
    }
