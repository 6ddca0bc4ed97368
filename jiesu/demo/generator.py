"""The whole demo history as plain rows: pure Python, deterministic for a seed and an end date.

`generate()` draws the calls month by month, pins a few recent ones in every open state,
lives each order's story up to the demo's now (09:00 on the --until day, Asia/Shanghai) and
returns rows the loader can bulk-insert as they are.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time
from operator import itemgetter

from jiesu.core.calendar import WorkCalendar
from jiesu.demo.calls import Call, Calls
from jiesu.demo.lifecycle import TZ, Ids, Life, World
from jiesu.demo.scenarios import scenarios_assign
from jiesu.demo.story import Story
from jiesu.demo.street import StreetPlan
from jiesu.workorders.deadlines import DEFAULT_LIMITS

CLOCK = time(9, 0)
DEFAULT_START = date(2023, 1, 1)


@dataclass
class Demo:
    orders: list[dict]
    # (at, order_id, seq, kind, actor_id, actor_unit_id, old, new, note, level), in time order; the
    # loader numbers them from Ids.first_event
    events: list[tuple]
    co_handlers: list[tuple[int, int]]  # (order_id, unit_id)
    extensions: list[dict]
    now: datetime


def demo_now(until: date) -> datetime:
    return datetime.combine(until, CLOCK, TZ)


def months(start: date, until: date) -> list[tuple[int, int]]:
    year, month, result = start.year, start.month, []
    while (year, month) <= (until.year, until.month):
        result.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def calls_between(builder: Calls, *, start: date, until: date, first_id: int = 1) -> list[Call]:
    """The calls received from `start` to the demo's now, numbered from `first_id`."""
    now = demo_now(until)
    drawn = [call for year, month in months(start, until) for call in builder.month(year, month)]
    kept: list[Call] = []
    kept_ids: set[int] = set()
    for call in drawn:
        if call.received.date() < start or call.received > now:
            continue
        if call.dup_of is not None and id(call.dup_of) not in kept_ids:
            continue
        kept.append(call)
        kept_ids.add(id(call))
    for number, call in enumerate(kept, first_id):
        call.id = number
    return kept


def generate(
    plan: StreetPlan,
    ids: Ids,
    *,
    seed: int,
    until: date,
    start: date = DEFAULT_START,
    calendar: WorkCalendar | None = None,
    limits: dict | None = None,
) -> Demo:
    calendar = calendar or WorkCalendar()
    world = World(plan, ids, calendar, DEFAULT_LIMITS if limits is None else limits, demo_now(until))
    builder = Calls(plan, seed, calendar)
    calls = calls_between(builder, start=start, until=until, first_id=ids.first_order)
    scenarios_assign(calls=calls, world=world, builder=builder, seed=seed)
    lives: dict[int, Life] = {}
    for call in sorted(calls, key=lambda c: c.dup_of is not None):  # masters before duplicates
        life = Life(world, call)
        Story(life, random.Random(call.life_seed)).run(lives)
        lives[call.id] = life
    return _rows(lives, ids, world.now)


def _rows(lives: dict[int, Life], ids: Ids, now: datetime) -> Demo:
    orders, co_handlers, extensions, events = [], [], [], []
    for order_id in sorted(lives):
        life = lives[order_id]
        orders.append(life.o)
        co_handlers += [(order_id, unit_id) for unit_id in life.co]
        extensions += life.extensions
        events += life.events
    events.sort(key=itemgetter(0, 1, 2))
    for extension_id, extension in enumerate(extensions, ids.first_extension):
        extension["id"] = extension_id
    return Demo(orders, events, co_handlers, extensions, now)
