"""The calls to the hotline, month by month: when, what, where, who called and in which words.

Pure Python and deterministic: each month draws from its own `random.Random`, so a slice of
months (``--from``) gives exactly the orders the full run gives for those months.
"""

import itertools
import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from jiesu.core.calendar import WorkCalendar
from jiesu.demo import street as st
from jiesu.demo.taxonomy import APPEAL_CODES, GROUP_SHARES, LEAK_KEY, LEAVES, SEASONS, STORM_SEASONS, Leaf
from jiesu.demo.templates import PRAISE, PRAISE_REASONS, PRAISE_RESULT, TEMPLATES
from jiesu.demo.texts import CLOSERS, OPENERS, WHEN, citizen_name, citizen_phone, shop_name
from jiesu.demo.volume import DELIBERATION_START, focus_count, monthly_counts
from jiesu.workorders.models import CHANNEL_PREFIX, Flag

TZ = ZoneInfo("Asia/Shanghai")
# calls per hour of the day: office hours, some evening and a few night calls
# fmt: off
HOUR_WEIGHTS = (0.15, 0.1, 0.08, 0.06, 0.06, 0.1, 0.3, 0.7, 1.5, 1.8, 1.7, 1.5,
                1.0, 1.1, 1.6, 1.6, 1.5, 1.3, 1.0, 1.0, 0.9, 0.7, 0.45, 0.25)
# fmt: on
HOURS_CUM = list(itertools.accumulate(HOUR_WEIGHTS))
CHANNELS = (
    ("12345", 0.865),
    ("phone", 0.04),
    ("walk_in", 0.02),
    ("grid", 0.03),
    ("qr", 0.03),
    ("rider", 0.015),
)
RIDER_START = date(2024, 4, 1)
DUPLICATE_RATE = 0.012
FLAG_RATES = ((Flag.UNKNOWN_CATEGORY.value, 0.012), (Flag.UNRESOLVED_PLACE.value, 0.008))
REGULAR_CALLER_RATE = 0.08
LEAK_HOT = (date(2023, 6, 1), date(2023, 9, 30))  # the rainy season before the leak loop
LEAK_FIXED_FROM = date(2023, 10, 1)  # the loop worked: no leak orders in the compound after this
LEAK_HOT_SHARE = 0.2
UNKNOWN_SOURCE_UNIT = "槐林地区综合管理处"  # a platform unit name the street does not know
VAGUE = {
    "community": "社区",
    "spot": "小区",
    "place": "我家小区楼下",
    "home": "家中",
    "compound": "小区",
    "road": "附近马路",
}


@dataclass(slots=True, eq=False)
class Call:
    received: datetime
    leaf: Leaf
    community: str
    compound: st.CompoundSpec | None
    building: str
    channel: str
    appeal: str
    urgency: str
    citizen_name: str
    citizen_phone: str
    title: str
    content: str
    result: str  # the unit's reply, a template filled with ctx when the order is resolved
    address: str
    lead: str
    co: tuple[str, ...]
    ctx: dict
    focus: bool
    number: str = ""
    category_text: str = ""
    source_unit: str = ""  # the platform's handling unit; blank unless it is one we do not know
    import_row: int = 0  # the row in the day's 12345 export file
    flags: list[str] = field(default_factory=list)
    dup_of: "Call | None" = None
    scenario: str = ""
    id: int = 0
    life_seed: int = 0


class Calls:
    """Tables built once per run; `month()` draws one month's calls."""

    def __init__(self, plan: st.StreetPlan, seed: int, calendar: WorkCalendar):
        self.plan, self.seed, self.calendar = plan, seed, calendar
        self.community = {c.name: c for c in plan.communities}
        self.by_community: dict[str, list[st.CompoundSpec]] = {}
        for compound in plan.compounds:
            self.by_community.setdefault(compound.community, []).append(compound)
        self.company_short = {f"{short}{p}": short for _, short, ps in st.PROPERTY for p in ps}
        self._places: dict[tuple, tuple[list, list]] = {}
        callers = random.Random(f"{seed}:callers")
        self.regulars = {
            c.name: [(citizen_name(callers), citizen_phone(callers)) for _ in range(3)]
            for c in plan.compounds
        }
        self.groups = {group: [leaf for leaf in LEAVES if leaf.group == group] for group in GROUP_SHARES}

    # --- choosing ---------------------------------------------------------------------------
    def _leaf_tables(self, month: int, storm: bool) -> dict[str, tuple[list[Leaf], list[float]]]:
        tables = {}
        for group, leaves in self.groups.items():
            weights = [
                leaf.weight
                * SEASONS[leaf.season][month - 1]
                * (4 if storm and leaf.season in STORM_SEASONS else 1)
                for leaf in leaves
            ]
            tables[group] = (leaves, list(itertools.accumulate(weights)))
        return tables

    def _compounds(self, kind: str, focus: bool, exclude: str = "") -> tuple[list, list]:
        key = (kind, focus, exclude)
        if key not in self._places:
            tests = {
                "home": lambda c: True,
                "compound": lambda c: True,
                "apt": lambda c: c.kind == "apartment",
                "apt_prop": lambda c: c.kind == "apartment" and bool(c.project),
                "apt_elev": lambda c: c.kind == "apartment" and c.has_lifts,
                "apt_old": lambda c: c.is_old,
            }
            test = tests[kind]
            pool = [
                c
                for c in self.plan.compounds
                if test(c) and (c.community == st.FOCUS_COMMUNITY) == focus and c.name != exclude
            ]
            if not pool:  # the focus community lacks this kind of place: any of its compounds
                pool = [c for c in self.plan.compounds if (c.community == st.FOCUS_COMMUNITY) == focus]
            weights = [c.households * (1.4 if c.is_old else 1.0) for c in pool]
            self._places[key] = (pool, list(itertools.accumulate(weights)))
        return self._places[key]

    def _place(self, leaf: Leaf, focus: bool, day: date, rng: random.Random):
        """(community, compound or None, building number, is_road)."""
        kind = leaf.place
        if kind == "mixed":
            kind = "road" if rng.random() < 0.5 else "compound"
        if kind == "road":
            pool, cum = self._compounds("home", focus)
            compound = rng.choices(pool, cum_weights=cum)[0]
            return compound.community, None, "", True
        exclude = ""
        if leaf.key == LEAK_KEY and not focus:
            if LEAK_HOT[0] <= day <= LEAK_HOT[1] and rng.random() < LEAK_HOT_SHARE:
                compound = self.plan.compound(st.LEAK_COMPOUND)
                hot = rng.random() < 0.6
                number = rng.choice(st.LEAK_BUILDINGS) if hot else rng.choice(compound.buildings)[0]
                return compound.community, compound, number, False
            if day >= LEAK_FIXED_FROM:
                exclude = st.LEAK_COMPOUND
        pool, cum = self._compounds(kind, focus, exclude)
        compound = rng.choices(pool, cum_weights=cum)[0]
        number = rng.choice(compound.buildings)[0] if compound.buildings else ""
        return compound.community, compound, number, False

    def _route(self, spec: str, community: str, compound: st.CompoundSpec | None) -> str:
        if spec == "property":
            return compound.project if compound and compound.project else self.community[community].unit
        if spec == "community":
            return self.community[community].unit
        return spec

    def _channel(self, day: date, community: str, rng: random.Random) -> str:
        if community == st.FOCUS_COMMUNITY and day >= DELIBERATION_START and rng.random() < 0.3:
            return "deliberation"
        if community == st.GRID_COMMUNITY and rng.random() < 0.15:
            return "grid"
        roll = rng.random()
        for channel, share in CHANNELS:
            roll -= share
            if roll < 0:
                return "12345" if channel == "rider" and day < RIDER_START else channel
        return "12345"

    def _appeal(self, leaf: Leaf, rng: random.Random) -> str:
        if "P" in leaf.appeals and rng.random() < 0.03:
            return "praise"
        return APPEAL_CODES[rng.choice(leaf.appeals.replace("P", ""))]

    # --- words ------------------------------------------------------------------------------
    def _context(self, community: str, compound, building: str, is_road: bool, lead: str, rng) -> dict:
        roads = self.community[community].roads
        road = rng.choice(roads)
        nearby = compound or rng.choice(self.by_community[community])
        name = rng.choice(nearby.aliases) if nearby.aliases and rng.random() < 0.25 else nearby.name
        entrance = rng.randint(1, 4)
        floors = dict(compound.buildings).get(building, 6) if compound else 6
        room = f"{rng.randint(1, floors)}0{rng.randint(1, 4)}"
        if is_road:
            place = rng.choice(
                (
                    f"{road}{rng.randint(1, 99)}号附近",
                    f"{road}与{roads[0] if road != roads[0] else roads[1]}交叉口",
                    f"{road}{name}南门外",
                    f"{road}公交站附近",
                )
            )
            spot, home = road, place
        elif building and compound.kind == "apartment":
            spot = f"{name}{building}号楼"
            place, home = f"{spot}{entrance}单元", f"{spot}{entrance}单元{room}"
        else:
            spot = place = name
            home = f"{name}{rng.randint(1, 60)}号"
        project = compound.project if compound else ""
        return {
            "spot": spot,
            "place": place,
            "home": home,
            "compound": name,
            "road": road,
            "community": community,
            "n": rng.randint(2, 9),
            "days": rng.randint(2, 15),
            "when": rng.choice(WHEN),
            "shop": shop_name(rng, road),
            "unit": lead,
            "company": self.company_short.get(project, "物业"),
            "reason": rng.choice(PRAISE_REASONS),
        }

    def _words(
        self, leaf: Leaf, appeal: str, channel: str, ctx: dict, month: int, rng
    ) -> tuple[str, str, str]:
        """(title, content, result template)."""
        if appeal == "praise":
            title, body = rng.choice(PRAISE)
            return title.format_map(ctx), rng.choice(OPENERS[channel]) + body.format_map(ctx), PRAISE_RESULT
        entries = [entry for entry in TEMPLATES[leaf.key] if len(entry) < 4 or month in entry[3]]
        asks = [entry for entry in entries if entry[1].startswith("Q:")]
        tells = [entry for entry in entries if not entry[1].startswith("Q:")]
        title, body, result = rng.choice((asks or tells) if appeal == "inquiry" else (tells or asks))[:3]
        closer = "" if appeal in ("inquiry", "suggestion") else rng.choice(CLOSERS)
        content = rng.choice(OPENERS[channel]) + body.removeprefix("Q:").format_map(ctx) + closer
        return title.format_map(ctx)[:200], content, result

    def apply_flag(self, call: Call, flag: str, rng: random.Random) -> None:
        call.flags.append(flag)
        if flag == Flag.UNKNOWN_CATEGORY:
            call.category_text = f"{call.leaf.top}-{call.leaf.mid}-其他"
        elif flag == Flag.UNRESOLVED_PLACE:
            vague = {**call.ctx, **VAGUE}
            call.title, call.content, _ = self._words(
                call.leaf, call.appeal, call.channel, vague, call.received.month, rng
            )
            call.address = rng.choice(("", "家附近", f"{call.ctx['road']}附近"))
        elif flag == Flag.UNKNOWN_UNIT:
            call.source_unit = UNKNOWN_SOURCE_UNIT

    # --- one month --------------------------------------------------------------------------
    def month(self, year: int, month: int) -> list[Call]:
        rng = random.Random(self.seed * 1_000_003 + year * 100 + month)
        first = date(year, month, 1)
        days = [first + timedelta(days=n) for n in range(31) if (first + timedelta(days=n)).month == month]
        storms = set(rng.sample(days, 3)) if month in (6, 7, 8) else set()
        day_weights = [
            (1.0 if self.calendar.is_workday(d) else 0.8) * (1.6 if d in storms else 1.0) for d in days
        ]
        count = monthly_counts(year)[month - 1]
        chosen = rng.choices(days, cum_weights=list(itertools.accumulate(day_weights)), k=count)
        stamps = sorted(
            datetime.combine(
                day,
                time(rng.choices(range(24), cum_weights=HOURS_CUM)[0], rng.randrange(60), rng.randrange(60)),
                TZ,
            )
            for day in chosen
        )
        focus_n = min(focus_count(year, month, rng), count)
        focus = [True] * focus_n + [False] * (count - focus_n)
        rng.shuffle(focus)
        tables = {storm: self._leaf_tables(month, storm) for storm in (False, True)}
        calls: list[Call] = []
        for index, received in enumerate(stamps):
            master = (
                self._master(calls, received, focus[index], rng) if rng.random() < DUPLICATE_RATE else None
            )
            if master:
                call = self._duplicate(master, received, rng)
            else:
                call = self._fresh(received, focus[index], tables[received.date() in storms], rng)
            call.life_seed = rng.getrandbits(48)
            calls.append(call)
        self._number(calls, rng)
        return calls

    def _fresh(self, received: datetime, focus: bool, tables, rng: random.Random) -> Call:
        roll, group = rng.random(), "other"
        for name, share in GROUP_SHARES.items():
            roll -= share
            if roll < 0:
                group = name
                break
        leaves, cum = tables[group]
        leaf = rng.choices(leaves, cum_weights=cum)[0]
        while not leaf.in_season(received.date()):
            leaf = rng.choices(leaves, cum_weights=cum)[0]
        community, compound, building, is_road = self._place(leaf, focus, received.date(), rng)
        route = leaf.road_route if is_road and leaf.road_route else leaf.route
        lead = self._route(route, community, compound)
        co = ()
        if leaf.co and rng.random() < leaf.co_p:
            other = self._route(leaf.co, community, compound)
            co = (
                (other,)
                if other != lead and (leaf.co != "property" or (compound and compound.project))
                else ()
            )
        channel = self._channel(received.date(), community, rng)
        appeal = self._appeal(leaf, rng)
        urgency = "normal"
        if appeal != "praise" and rng.random() < leaf.urgent:
            urgency = "critical" if leaf.key == "gas_safety" and rng.random() < 0.25 else "urgent"
        ctx = self._context(community, compound, building, is_road, lead, rng)
        title, content, result = self._words(leaf, appeal, channel, ctx, received.month, rng)
        if compound and rng.random() < REGULAR_CALLER_RATE:
            name, phone = rng.choice(self.regulars[compound.name])
        else:
            name, phone = citizen_name(rng), citizen_phone(rng)
        if rng.random() < 0.03:
            name = ""
        address = ctx["home"] if appeal in ("help", "complaint") else ctx["place"]
        call = Call(
            received=received,
            leaf=leaf,
            community=community,
            compound=compound,
            building=building,
            channel=channel,
            appeal=appeal,
            urgency=urgency,
            citizen_name=name,
            citizen_phone=phone,
            title=title,
            content=content,
            result=result,
            address=f"{self.plan.name}{address}",
            lead=lead,
            co=co,
            ctx=ctx,
            focus=focus,
            category_text=leaf.path,
        )
        if channel == "12345":
            for flag, rate in FLAG_RATES:
                if rng.random() < rate:
                    self.apply_flag(call, flag, rng)
                    break
        return call

    @staticmethod
    def _master(calls: list[Call], received: datetime, focus: bool, rng) -> Call | None:
        recent = [
            r
            for r in calls[-40:]
            if r.focus == focus
            and r.dup_of is None
            and not r.flags
            and r.appeal != "praise"
            and received - r.received < timedelta(hours=48)
        ]
        return rng.choice(recent) if recent else None

    def _duplicate(self, master: Call, received: datetime, rng: random.Random) -> Call:
        title, content, result = self._words(
            master.leaf, master.appeal, "12345", master.ctx, received.month, rng
        )
        name, phone = (
            (master.citizen_name, master.citizen_phone)
            if rng.random() < 0.4
            else (citizen_name(rng), citizen_phone(rng))
        )
        return replace(
            master,
            received=received,
            channel="12345",
            citizen_name=name,
            citizen_phone=phone,
            title=title,
            content=content,
            result=result,
            dup_of=master,
        )

    def _number(self, calls: list[Call], rng: random.Random) -> None:
        """12345 numbers are city-wide per day (this street gets a sample); others follow channel prefix + date + seq (unique across channels)."""
        by_day: dict[tuple[date, str], list[Call]] = {}
        for call in calls:
            by_day.setdefault((call.received.date(), call.channel), []).append(call)
        for (day, channel), group in by_day.items():
            if channel == "12345":
                numbers = sorted(rng.sample(range(1, 1_000_000), len(group)))
                for row, (call, number) in enumerate(zip(group, numbers, strict=True), 2):
                    call.number, call.import_row = f"{day:%Y%m%d}{number:06d}", row
            else:
                prefix = CHANNEL_PREFIX.get(channel, "QT")
                for seq, call in enumerate(group, 1):
                    call.number = f"{prefix}{day:%Y%m%d}{seq:04d}"
