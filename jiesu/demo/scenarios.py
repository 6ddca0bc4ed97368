"""Recent orders pinned in every open state, so each workbench has something to show.

The units behind the printed logins (the community, the two property companies, the department)
get their share first, so whoever logs in finds orders to sign, overdue ones and due-soon ones.
"""

import random
from datetime import timedelta

from jiesu.demo.calls import Call, Calls
from jiesu.demo.lifecycle import World
from jiesu.workorders.deadlines import sla_settings
from jiesu.workorders.models import Flag

# name, how many, received between (days before now): newest, oldest
SCENARIOS = (
    ("new_flagged", 3, 0, 1.5),
    ("dispatched", 4, 0.5, 6),
    ("returned", 2, 1, 3),
    ("resolved", 3, 2, 5),
    ("extension_pending", 1, 3, 8),
    ("visited", 2, 8, 14),
    ("due_soon", 3, 3, 14),
    ("overdue", 4, 12, 21),
)
FLAGS_IN_TURN = (Flag.UNKNOWN_CATEGORY.value, Flag.UNRESOLVED_PLACE.value, Flag.UNKNOWN_UNIT.value)
# scenarios that need no particular unit to make sense
UNIT_FREE = {"new_flagged", "returned"}


def _showcase_groups(world: World) -> list[set[str]]:
    """Per printed unit login, the units it acts for (a company acts for its projects)."""
    children: dict[str, set[str]] = {}
    for unit in world.plan.units:
        if unit.parent:
            children.setdefault(unit.parent, set()).add(unit.name)
    return [
        {user.unit} | children.get(user.unit, set()) for user in world.plan.users if user.listed and user.unit
    ]


def _ordered(pool: list[Call], groups: list[set[str]], rng: random.Random) -> list[Call]:
    """One candidate from each showcase group first (in turn), then the rest at random."""
    first: list[Call] = []
    for group in groups:
        candidates = [call for call in pool if call.lead in group and call not in first]
        if candidates:
            first.append(rng.choice(candidates))
    rest = [call for call in pool if call not in first]
    rng.shuffle(rest)
    return first + rest


def scenarios_assign(*, calls: list[Call], world: World, builder: Calls, seed: int) -> None:
    now = world.now
    rng = random.Random(f"{seed}:{now:%Y-%m-%d}:scenarios")
    groups = _showcase_groups(world)
    masters = {call.dup_of.id for call in calls if call.dup_of is not None}
    recent = [
        call
        for call in calls
        if call.received >= now - timedelta(days=22)
        and call.dup_of is None
        and call.id not in masters
        and call.appeal != "praise"
        and call.urgency == "normal"
        and not call.flags
    ]
    due_soon, _ = sla_settings()
    wanted_due = {
        "due_soon": lambda due: now < due <= now + due_soon,
        "overdue": lambda due: due < now - timedelta(hours=1),
        "extension_pending": lambda due: due > now + due_soon,
    }
    for name, count, newest, oldest in SCENARIOS:
        pool = [
            call
            for call in recent
            if not call.scenario
            and now - timedelta(days=oldest) <= call.received <= now - timedelta(days=newest)
        ]
        if name == "new_flagged":
            pool = [call for call in pool if call.channel == "12345"]
        if name in wanted_due:
            pool = [
                call
                for call in pool
                if wanted_due[name](world.deadlines(call.received, call.appeal, call.urgency)[1])
            ]
        ordered = _ordered(pool, [] if name in UNIT_FREE else groups, rng)
        for index, call in enumerate(ordered[:count]):
            call.scenario = name
            if name == "new_flagged":
                builder.apply_flag(call, FLAGS_IN_TURN[index % len(FLAGS_IN_TURN)], rng)
