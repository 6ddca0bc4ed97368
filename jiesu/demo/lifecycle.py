"""The life of one order, written the way the services write it, stopped at the demo's "now".

`Life` mirrors the services field by field (version, deadlines, SLA scan) and builds every event's
old/new with the services' own payload builders (jiesu/workorders/events.py; compared with the
services by tests/workorders/test_event_shapes.py), and raises `Stop` at the first step later
than now: whatever happened until then is the order's current state, so open orders are simply
the ones whose story is not over yet.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from jiesu.core.calendar import WorkCalendar
from jiesu.demo.calls import Call
from jiesu.demo.street import StreetPlan
from jiesu.demo.taxonomy import SEPARATOR, category_paths
from jiesu.workorders import events
from jiesu.workorders.deadlines import sla_settings
from jiesu.workorders.flags import flags_settle
from jiesu.workorders.models import Flag
from jiesu.workorders.states import IN_HANDLING, Status

TZ = ZoneInfo("Asia/Shanghai")
SCAN_MINUTES = 10  # how often the SLA scan runs
NOBODY = (None, None)


class Stop(Exception):
    """The next step lies after the demo's now."""


def iso(moment: datetime | None) -> str | None:
    return events.jsonable(moment)


@dataclass
class Ids:
    """Database ids of the plan's names (the loader's, or sequential ones for pure tests)."""

    units: dict[str, int]
    categories: dict[str, int]
    communities: dict[str, int]
    compounds: dict[str, int]
    buildings: dict[tuple[str, str], int]
    users: dict[str, int]
    user_units: dict[str, str] = field(default_factory=dict)  # username -> unit name
    first_order: int = 1
    first_event: int = 1
    first_extension: int = 1

    @classmethod
    def sequential(cls, plan: StreetPlan) -> "Ids":
        def number(names):
            return {name: n for n, name in enumerate(names, 1)}

        return cls(
            units=number(u.name for u in plan.units),
            categories=number(SEPARATOR.join(path) for path in category_paths()),
            communities=number(c.name for c in plan.communities),
            compounds=number(c.name for c in plan.compounds),
            buildings=number((c.name, b) for c in plan.compounds for b, _ in c.buildings),
            users=number(u.username for u in plan.users),
            user_units={u.username: u.unit for u in plan.users if u.unit},
        )


class World:
    """What every life shares: ids, calendar, time limits, who acts for which unit, and now."""

    def __init__(self, plan: StreetPlan, ids: Ids, calendar: WorkCalendar, limits: dict, now: datetime):
        self.plan, self.ids, self.calendar, self.limits, self.now = plan, ids, calendar, limits, now
        self.community_unit = {community.name: community.unit for community in plan.communities}
        self._deadline_cache: dict[tuple[date, int], datetime] = {}

    def who(self, username: str | None) -> tuple[int | None, int | None]:
        if username is None:
            return NOBODY
        unit = self.ids.user_units.get(username)
        return self.ids.users[username], self.ids.units[unit] if unit else None

    def staff(self, unit: str) -> tuple[int | None, int | None]:
        return self.who(self.plan.unit_users[unit])

    def limits_for(self, appeal: str, urgency: str) -> tuple[int, int]:
        return (
            self.limits.get((appeal, urgency))
            or self.limits.get(("", urgency))
            or self.limits[("", "normal")]
        )

    def deadlines(self, start: datetime, appeal: str, urgency: str) -> tuple[datetime, datetime]:
        hours, days = self.limits_for(appeal, urgency)
        key = (start.date(), days)
        if key not in self._deadline_cache:
            self._deadline_cache[key] = self.calendar.resolve_deadline(start, days, TZ)
        return start + timedelta(hours=hours), self._deadline_cache[key]

    def extend(self, due: datetime, days: int) -> datetime:
        local = due.astimezone(TZ)
        return datetime.combine(self.calendar.add_working_days(local.date(), days), local.timetz())


def scan_after(moment: datetime) -> datetime:
    """When the periodic SLA scan first runs after `moment`."""
    step = SCAN_MINUTES * 60
    seconds = moment.minute * 60 + moment.second
    return moment + timedelta(seconds=step - seconds % step + 7)


class Life:
    def __init__(self, world: World, call: Call):
        self.w, self.call = world, call
        ids = world.ids
        response_due, resolve_due = world.deadlines(call.received, call.appeal, call.urgency)
        compound = call.compound
        flagged_place = Flag.UNRESOLVED_PLACE in call.flags
        self.o = {
            "id": call.id,
            "number": call.number,
            "channel": call.channel,
            "received_at": call.received,
            "appeal_type": call.appeal,
            "category_id": None if Flag.UNKNOWN_CATEGORY in call.flags else ids.categories[call.leaf.path],
            "category_text": call.category_text if call.channel == "12345" else "",
            "title": call.title,
            "content": call.content,
            "address_text": call.address[:300],
            "community_id": None if flagged_place else ids.communities[call.community],
            "compound_id": ids.compounds[compound.name] if compound and not flagged_place else None,
            "building_id": self.building_id() if not flagged_place else None,
            "citizen_name": call.citizen_name,
            "citizen_phone": call.citizen_phone,
            "urgency": call.urgency,
            "status": "new",
            "lead_unit_id": None,
            "response_due": response_due,
            "resolve_due": resolve_due,
            "dispatched_at": None,
            "accepted_at": None,
            "responded_at": None,
            "resolved_at": None,
            "visited_at": None,
            "closed_at": None,
            "result": "",
            "visit_contacted": None,
            "visit_resolved": None,
            "visit_satisfaction": "",
            "sla_state": "ok",
            "escalation_level": 0,
            "is_supervised": False,
            "redo_count": 0,
            "master_id": None,
            "flags": sorted(call.flags),
            "source_status": "",
            "source_unit": call.source_unit,
            "version": 1,
            "created_at": call.received,
            "updated_at": call.received,
        }
        self.co: list[int] = []
        self.events: list[tuple] = []
        self.extensions: list[dict] = []
        self.sla = "ok"
        self.floor = call.received  # since when the SLA scan has been watching this round
        self.last = call.received

    def building_id(self) -> int | None:
        call = self.call
        if not call.compound or not call.building:
            return None
        return self.w.ids.buildings[(call.compound.name, call.building)]

    # --- writing --------------------------------------------------------------------------
    def emit(self, at: datetime, kind: str, who, old: dict, new: dict, note: str = "", level=None) -> None:
        if at > self.w.now:
            raise Stop
        self.events.append((at, self.o["id"], len(self.events), kind, who[0], who[1], old, new, note, level))
        self.o["updated_at"] = max(self.o["updated_at"], at)
        self.last = max(self.last, at)

    def perform(self, at, action, who, old, new, target=None, note="") -> None:
        status = self.o["status"]
        old, new = events.with_status(old, new, status, target or status)
        self.emit(at, action, who, old, new, note)
        if target:
            self.o["status"] = target
        if self.o["status"] not in IN_HANDLING:
            self.sla = "ok"  # the next scan resets it without an event
        self.o["version"] += 1

    # --- the services, step by step -------------------------------------------------------
    def intake(self, at: datetime, kind: str, who, note: str = "") -> None:
        o = self.o
        if kind == "imported":  # what an import writes: the derived fields and the row's values
            derived = {
                "category": o["category_id"],
                "community": o["community_id"],
                "compound": o["compound_id"],
                "building": o["building_id"],
                "lead_unit": None,
                "flags": list(o["flags"]),
            }
            fields = ["received_at", "appeal_type", "urgency", "category_text", "title", "content"]
            fields += ["address_text", "citizen_name", "citizen_phone"] + (
                ["source_unit"] if o["source_unit"] else []
            )
            old, new = events.payload_imported(
                number=o["number"],
                channel=o["channel"],
                status=Status.NEW,
                derived=derived,
                values={field: o[field] for field in fields},
            )
        else:
            old, new = events.payload_created(status=Status.NEW, channel=o["channel"], number=o["number"])
        self.emit(at, kind, who, old, new, note)
        o["created_at"] = at

    def correct(self, at: datetime, who, changes: dict[str, tuple]) -> None:
        old, new = events.payload_corrected(
            old={name: before for name, (before, _) in changes.items()},
            new={name: after for name, (_, after) in changes.items()},
        )
        self.emit(at, "corrected", who, old, new, "派单员核实后更正。")
        for name, (_, after) in changes.items():
            self.o[f"{name}_id"] = after
        o = self.o
        o["flags"] = flags_settle(
            o["flags"],
            category_id=o["category_id"],
            community_id=o["community_id"],
            compound_id=o["compound_id"],
        )
        self.o["version"] += 1

    def dispatch(self, at, who, lead: str, co=(), kind="dispatch", note="") -> None:
        units = self.w.ids.units
        lead_id = units[lead]
        old, new = events.payload_assign(
            kind=kind,
            old_lead=self.o["lead_unit_id"],
            old_co=self.co,
            lead=lead_id,
            co=[units[n] for n in co],
        )
        self.perform(at, kind, who, old, new, Status.DISPATCHED, note)
        self.o.update(lead_unit_id=lead_id, dispatched_at=at, accepted_at=None)
        self.co = new["co_handlers"]
        self.floor = at

    def accept(self, at, who) -> None:
        self.perform(at, "accept", who, *events.payload_accept(at=at), Status.ACCEPTED)
        self.o["accepted_at"] = at

    def return_(self, at, who, reason: str) -> None:
        old, new = events.payload_return(old_lead=self.o["lead_unit_id"])
        self.perform(at, "return", who, old, new, Status.RETURNED, reason)
        self.o.update(lead_unit_id=None, accepted_at=None)
        self.co = []

    def respond(self, at, who, note: str) -> None:
        first = self.o["responded_at"] is None  # else the first contact of a redo round, as the service
        self.perform(at, "respond", who, *events.payload_respond(at=at, round_only=not first), note=note)
        if first:
            self.o["responded_at"] = at

    def request_extension(self, at, who, days: int, reason: str) -> None:
        self.perform(
            at, "request_extension", who, *events.payload_request_extension(working_days=days), note=reason
        )
        self.extensions.append(
            {
                "order_id": self.o["id"],
                "working_days": days,
                "reason": reason,
                "state": "pending",
                "requested_by_id": who[0],
                "requested_at": at,
                "decided_by_id": None,
                "decided_at": None,
            }
        )

    def decide_extension(self, at, who, approve: bool, note: str = "") -> None:
        pending = self.extensions[-1]
        if not approve:
            self.perform(at, "reject_extension", who, *events.payload_reject_extension(), note=note)
            pending.update(state="rejected", decided_by_id=who[0], decided_at=at)
            return
        old_due = self.o["resolve_due"]
        new_due = self.w.extend(old_due, pending["working_days"])
        old, new = events.payload_approve_extension(
            old_due=old_due, new_due=new_due, working_days=pending["working_days"]
        )
        self.perform(at, "approve_extension", who, old, new, note=note)
        pending.update(state="approved", decided_by_id=who[0], decided_at=at)
        self.o.update(resolve_due=new_due, escalation_level=0)
        self.floor = at
        scan = scan_after(at)
        if self.sla != "ok" and scan <= self.w.now:  # the next scan sees the new deadline
            self.emit(
                scan, "sla_changed", NOBODY, *events.payload_sla_changed(old_state=self.sla, new_state="ok")
            )
            self.sla = "ok"

    def resolve(self, at, who, result: str) -> None:
        old, new = events.payload_resolve(old_result=self.o["result"], result=result, at=at)
        self.perform(at, "resolve", who, old, new, Status.RESOLVED)
        self.o.update(result=result, resolved_at=at)

    def visit(self, at, who, resolved: bool, satisfaction: str, note: str) -> None:
        o = self.o
        old, new = events.payload_return_visit(
            before=o, contacted=True, resolved=resolved, satisfaction=satisfaction
        )
        self.perform(at, "return_visit", who, old, new, Status.VISITED, note)
        o.update(
            visit_contacted=True, visit_resolved=resolved, visit_satisfaction=satisfaction, visited_at=at
        )

    def redo(self, at, who, note: str) -> None:
        """As workorder_redo: a new round with its resolution deadline from now (an approved
        extension's later deadline kept), its result and visit empty; the old ones in the event."""
        o = self.o
        _, resolve_due = self.w.deadlines(at, o["appeal_type"], o["urgency"])
        if any(e["state"] == "approved" for e in self.extensions) and o["resolve_due"] > resolve_due:
            resolve_due = o["resolve_due"]
        before = {key: o[key] for key in events.REDO_FIELDS}
        after = {
            "resolve_due": resolve_due,
            "redo_count": o["redo_count"] + 1,
            "result": "",
            "visit_contacted": None,
            "visit_resolved": None,
            "visit_satisfaction": "",
        }
        old, new = events.payload_redo(before=before, after=after)
        self.perform(at, "redo", who, old, new, Status.DISPATCHED, note)
        o.update(
            **after,
            dispatched_at=at,
            accepted_at=None,
            resolved_at=None,
            visited_at=None,
            escalation_level=0,
        )
        self.floor = at

    def merge(self, at, who, master: "Life", note: str) -> None:
        self.perform(at, "merge", who, *events.payload_merge(master=master.o["id"]), Status.MERGED, note)
        self.o["master_id"] = master.o["id"]
        master.emit(
            at, "merged_in", who, *events.payload_merged_in(order=self.o["id"], number=self.o["number"]), note
        )
        master.o["version"] += 1

    def close(self, at, who, note: str = "") -> None:
        self.perform(at, "close", who, *events.payload_close(at=at), Status.CLOSED, note)
        self.o["closed_at"] = at

    # --- the SLA scan ---------------------------------------------------------------------
    def sla_until(self, end: datetime) -> None:
        """Write what the periodic scan would have written up to `end` (never past now)."""
        o = self.o
        end = min(end, self.w.now)
        if o["status"] not in IN_HANDLING or o["resolve_due"] is None:
            return
        due = o["resolve_due"]
        due_soon, supervise_after = sla_settings()
        soon_at = scan_after(max(due - due_soon, self.floor))
        over_at = scan_after(max(due, self.floor))
        if self.sla == "ok" and soon_at < due and soon_at <= end:
            self.emit(
                soon_at,
                "sla_changed",
                NOBODY,
                *events.payload_sla_changed(old_state="ok", new_state="due_soon"),
            )
            self.sla = "due_soon"
        if self.sla != "overdue" and over_at <= end:
            self.emit(
                over_at,
                "sla_changed",
                NOBODY,
                *events.payload_sla_changed(old_state=self.sla, new_state="overdue"),
            )
            self.sla = "overdue"
            self._escalate(over_at, 1)
        if self.sla == "overdue" and o["escalation_level"] < 2:
            day = self.w.calendar.add_working_days(due.astimezone(TZ).date(), supervise_after)
            supervise_at = scan_after(max(datetime.combine(day, time(0, 0), TZ), over_at))
            if supervise_at <= end:
                self._escalate(supervise_at, 2)
                o["is_supervised"] = True

    def _escalate(self, at: datetime, level: int) -> None:
        o = self.o
        for step in range(o["escalation_level"] + 1, level + 1):
            old, new = events.payload_escalate(level=step, resolve_due=o["resolve_due"])
            kind = "urge" if step == 1 else "supervise"
            self.emit(at, kind, NOBODY, old, new, events.AUTO_ESCALATION_NOTES[step], level=step)
        o["escalation_level"] = max(o["escalation_level"], level)

    def finish(self) -> None:
        """After the story stopped: the scan's view at now for orders still being handled."""
        self.sla_until(self.w.now)
        self.o["sla_state"] = self.sla if self.o["status"] in IN_HANDLING else "ok"
