"""What happens to one order and when: routing, handling, return visit, redo, closing.

Mostly on time; some returned and re-dispatched, some reassigned, some extended, some late (then
urged and supervised by the scan), about 5 % unsatisfied at the return visit and redone, a few
duplicates merged. A `scenario` pins a recent order in a given open state for the demo.
"""

import random
from datetime import datetime, time, timedelta

from jiesu.demo import texts
from jiesu.demo.lifecycle import NOBODY, Life, Stop
from jiesu.workorders.models import Flag

FAR = timedelta(days=10_000)
DISPATCHERS = ("dispatcher", "dispatcher2")
DAY_SHIFT_SHARE = 0.7
CONFUSABLE = ("城市管理办公室", "社区建设办公室", "综合行政执法队", "区城管委")
P_RETURNED = 0.03
P_REASSIGNED = 0.02
P_EXTENSION = {1: 0.005, 2: 0.015, 3: 0.06}
P_LATE = {1: 0.015, 2: 0.035, 3: 0.08}
P_LATE_RESPONSE = 0.02
P_UNSATISFIED = 0.045
P_BASIC = 0.13
P_REDO = 0.8
RESOLVE_HOURS = {1: (1, 30), 2: (3, 96), 3: (20, 160)}


def minutes(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(seconds=int(rng.uniform(low, high) * 60))


def working_time(moment: datetime, rng: random.Random, opens: float, closes: float) -> datetime:
    """`moment`, or the next opening (plus up to an hour) when it falls outside working hours."""
    hour = moment.hour + moment.minute / 60
    if opens <= hour < closes:
        return moment
    day = moment.date() if hour < opens else moment.date() + timedelta(days=1)
    start = datetime.combine(day, time(int(opens), int(opens % 1 * 60)), moment.tzinfo)
    return start + minutes(rng, 0, 60)


def centre(moment: datetime, rng: random.Random, low: float, high: float, urgent: bool = False) -> datetime:
    """The dispatch centre acts 08:30–20:00 every day (around the clock for urgent orders)."""
    at = moment + minutes(rng, low, high)
    return at if urgent else working_time(at, rng, 8.5, 20)


def unit_time(
    moment: datetime, rng: random.Random, low: float, high: float, urgent: bool = False
) -> datetime:
    at = moment + minutes(rng, low, high)
    return at if urgent else working_time(at, rng, 8, 19)


class Story:
    def __init__(self, life: Life, rng: random.Random):
        self.life, self.rng, self.call = life, rng, life.call
        self.w = life.w
        self.dispatcher = self.w.who(DISPATCHERS[0] if rng.random() < DAY_SHIFT_SHARE else DISPATCHERS[1])
        self.urgent = self.call.urgency != "normal"
        self.scenario = self.call.scenario

    def hold(self, scenario: str, at: datetime) -> datetime:
        """Pin the order before this step when it plays `scenario`."""
        return self.w.now + FAR if self.scenario == scenario else at

    def run(self, lives: dict[int, Life]) -> None:
        try:
            self._intake()
            if self.call.dup_of is not None and self._merge(lives[self.call.dup_of.id]):
                return
            self._correct()
            self._route()
            self._handle(first=True)
        except Stop:
            pass
        finally:
            self.life.finish()

    # --- steps ----------------------------------------------------------------------------
    def _intake(self) -> None:
        call, life = self.call, self.life
        if call.channel == "12345":
            note = f"12345派单{call.received:%Y%m%d}.xlsx 第{call.import_row}行"
            life.intake(min(call.received + minutes(self.rng, 1, 20), self.w.now), "imported", NOBODY, note)
        elif call.channel in ("phone", "walk_in"):
            life.intake(call.received, "created", self.dispatcher)
        elif call.channel in ("grid", "deliberation"):
            life.intake(call.received, "created", self.w.staff(self.w.community_unit[call.community]))
        else:
            life.intake(call.received, "created", NOBODY)

    def _merge(self, master: Life) -> bool:
        at = centre(max(self.life.last, master.o["created_at"]), self.rng, 5, 90)
        if master.o["closed_at"] is not None and master.o["closed_at"] <= at:
            return False
        self.life.merge(at, self.dispatcher, master, texts.MERGE_NOTE.format(number=master.o["number"]))
        return True

    def _correct(self) -> None:
        call, ids = self.call, self.w.ids
        changes = {}
        if Flag.UNKNOWN_CATEGORY in call.flags:
            changes["category"] = (None, ids.categories[call.leaf.path])
        if Flag.UNRESOLVED_PLACE in call.flags:
            changes["community"] = (None, ids.communities[call.community])
            if call.compound:
                changes["compound"] = (None, ids.compounds[call.compound.name])
                building = self.life.building_id()
                if building:
                    changes["building"] = (None, building)
        if changes or Flag.UNKNOWN_UNIT in call.flags:
            at = self.hold("new_flagged", centre(self.life.last, self.rng, 5, 60))
            if changes:
                self.life.correct(at, self.dispatcher, changes)
            elif at > self.w.now:
                raise Stop

    def _wrong_unit(self) -> str:
        community_unit = self.w.community_unit[self.call.community]
        choices = [name for name in (community_unit, *CONFUSABLE) if name != self.call.lead]
        return self.rng.choice(choices)

    def _route(self) -> None:
        life, rng, call = self.life, self.rng, self.call
        at = centre(life.last, rng, 3, 25, urgent=True) if self.urgent else centre(life.last, rng, 10, 120)
        roll = rng.random()
        if self.scenario == "returned" or (not self.scenario and roll < P_RETURNED):
            wrong = self._wrong_unit()
            staff = self.w.staff(wrong)
            life.dispatch(at, self.dispatcher, wrong)
            if rng.random() < 0.4:
                life.accept(unit_time(life.last, rng, 10, 180), staff)
            reason = rng.choice(texts.RETURN_REASONS).format(unit=call.lead)
            life.return_(unit_time(life.last, rng, 20, 300), staff, reason)
            at = self.hold("returned", centre(life.last, rng, 10, 120))
            life.dispatch(at, self.dispatcher, call.lead, call.co)
        elif not self.scenario and roll < P_RETURNED + P_REASSIGNED:
            life.dispatch(at, self.dispatcher, self._wrong_unit())
            note = rng.choice(texts.REASSIGN_NOTES).format(unit=call.lead)
            life.dispatch(
                centre(life.last, rng, 10, 150), self.dispatcher, call.lead, call.co, "reassign", note
            )
        else:
            life.dispatch(at, self.dispatcher, call.lead, call.co)

    def _handle(self, first: bool) -> None:
        life, rng, call, o = self.life, self.rng, self.call, self.life.o
        staff = self.w.staff(call.lead)
        life.accept(
            self.hold("dispatched", unit_time(life.last, rng, 5, 30 if self.urgent else 240, self.urgent)),
            staff,
        )
        if o["responded_at"] is None:
            self._respond(staff)
        if first:
            self._extension(staff)
        late = self.scenario == "overdue" or (not self.scenario and rng.random() < P_LATE[call.leaf.effort])
        at = self._resolve_time(late)
        if self.scenario in ("overdue", "due_soon", "extension_pending"):
            at = self.w.now + FAR
        life.sla_until(at)
        life.resolve(at, staff, self._result())
        if call.appeal == "praise":
            life.close(centre(life.last, rng, 10, 240), self.dispatcher, "表扬件，无需回访")
            return
        self._visit(first, late)

    def _respond(self, staff) -> None:
        life, rng, o = self.life, self.rng, self.life.o
        left = (o["response_due"] - life.last).total_seconds() / 60
        if rng.random() < P_LATE_RESPONSE or left < 10:
            at = max(o["response_due"], life.last) + minutes(rng, 20, 600)
        else:
            at = life.last + minutes(rng, 3, min(300, left * 0.9))
        life.respond(at, staff, rng.choice(texts.RESPOND_NOTES))

    def _extension(self, staff) -> None:
        life, rng, o = self.life, self.rng, self.life.o
        pending = self.scenario == "extension_pending"
        if not pending and (self.scenario or rng.random() >= P_EXTENSION[self.call.leaf.effort]):
            return
        if pending:
            at = max(life.last + minutes(rng, 10, 60), self.w.now - minutes(rng, 16 * 60, 22 * 60))
        else:
            at = unit_time(
                max(life.last + minutes(rng, 30, 240), o["resolve_due"] - minutes(rng, 24 * 60, 72 * 60)),
                rng,
                0,
                0,
            )
            if at >= o["resolve_due"] - timedelta(hours=2):
                return
        days = rng.choice((3, 5, 5, 7, 10, 15))
        life.request_extension(at, staff, days, rng.choice(texts.EXTENSION_REASONS))
        decided = self.hold("extension_pending", centre(life.last, rng, 30, 480))
        if rng.random() < 0.12:
            life.decide_extension(decided, self.dispatcher, False, rng.choice(texts.REJECT_NOTES))
        else:
            life.decide_extension(decided, self.dispatcher, True)

    def _resolve_time(self, late: bool) -> datetime:
        life, rng, o = self.life, self.rng, self.life.o
        start, due = life.last + minutes(rng, 10, 40), o["resolve_due"]
        if late:
            return unit_time(max(due, start), rng, 60, 60 * 24 * rng.choice((1, 1, 2, 3, 5)))
        low, high = (
            (1, 20)
            if self.scenario in ("resolved", "visited") or self.urgent
            else RESOLVE_HOURS[self.call.leaf.effort]
        )
        at = unit_time(start + timedelta(hours=rng.triangular(low, high, low)), rng, 0, 0, self.urgent)
        if at >= due and due > start:
            at = start + (due - start) * rng.uniform(0.4, 0.95)
        return at.replace(microsecond=0)

    def _result(self) -> str:
        return self.call.result.format_map(self.call.ctx)

    def _visit(self, first: bool, late: bool) -> None:
        life, rng = self.life, self.rng
        at = self.hold("resolved", centre(life.last, rng, 120, 60 * 50))
        unsatisfied = (P_UNSATISFIED + (0.12 if late else 0)) if first else 0.2
        roll = rng.random()
        satisfaction = (
            "unsatisfied" if roll < unsatisfied else "basic" if roll < unsatisfied + P_BASIC else "satisfied"
        )
        if satisfaction == "unsatisfied":
            reason = rng.choice(texts.UNSATISFIED_NOTES)
            life.visit(at, self.dispatcher, rng.random() < 0.3, satisfaction, reason)
            if first and rng.random() < P_REDO:
                note = rng.choice(texts.REDO_NOTES).format(reason=reason)
                life.redo(centre(life.last, rng, 10, 240), self.dispatcher, note)
                self._handle(first=False)
                return
            life.close(centre(life.last, rng, 10, 360), self.dispatcher, texts.CLOSE_UNSATISFIED)
            return
        life.visit(at, self.dispatcher, True, satisfaction, rng.choice(texts.VISIT_NOTES))
        life.close(self.hold("visited", centre(life.last, rng, 3, 360)), self.dispatcher)
