"""The volunteer service's part of the demo street: the four teams' volunteers (residents, party
members and riders who hold a benefit card), their common services month by month, residents in
need in every community, rider–resident (and other) pairings with their visits — a few overdue at
the demo's now, at 御槐园社区 (the `community` login) among others.

Deterministic for a seed; bulk inserts with the events each object would have had.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from jiesu.accounts.models import Role, User
from jiesu.core.events import jsonable
from jiesu.core.extensions import DemoContext
from jiesu.demo.street import FOCUS_COMMUNITY, STAFF_GIVEN, STAFF_SURNAMES
from jiesu.places.models import Community, Compound
from jiesu.volunteers.models import (
    NeedKind,
    Pairing,
    Resident,
    ServiceMode,
    ServiceNature,
    ServiceRecord,
    Team,
    Visit,
    VisitWellbeing,
    Volunteer,
    VolunteerEvent,
    VolunteerEventKind,
    VolunteerKind,
)

PER_COMMUNITY = (6, 10)  # volunteers per community (besides riders)
RIDER_VOLUNTEERS = 24
RESIDENTS_PER_COMMUNITY = (5, 9)
HISTORY_DAYS = 365
COMMON = {  # team -> (common services, place)
    "爱在南苑": ("为老人测血压、理发", "社区养老驿站"),
    "青春南苑": ("骑手应急服务、防汛巡查", "小憩驿站"),
    "情暖南苑": ("便民维修、义诊", "社区党群服务中心"),
    "文明南苑": ("垃圾分类桶前值守、文明劝导", "小区垃圾分类驿站"),
}
SKILLS = ("理发", "维修", "陪诊", "心理疏导", "法律咨询", "书法", "电工", "按摩", "厨艺", "外语")
AVAILABILITY = ("周末上午", "周末全天", "工作日晚间", "午间", "随叫随到")
NEEDS = {
    NeedKind.ALONE: ("日常探访、代购", "就医陪同"),
    NeedKind.EMPTY_NEST: ("聊天解闷、代缴费", "家电维修"),
    NeedKind.DISABLED: ("出行协助", "康复陪护"),
    NeedKind.HARDSHIP: ("政策咨询", "助学帮扶"),
}
VISIT_NOTES = (
    "身体状况良好，聊天半小时",
    "帮忙买菜、取药",
    "检查家中燃气和电器",
    "陪同到社区医院复诊",
    "打扫卫生，代缴水电费",
)


def _name(rng) -> str:
    return rng.choice(STAFF_SURNAMES) + rng.choice(STAFF_GIVEN)


def _phone(rng) -> str:
    return f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), timezone.get_current_timezone())


def volunteers_demo_seed(context: DemoContext) -> str:
    rng = random.Random(context.seed * 7727 + 41)
    teams = list(Team.objects.order_by("id"))
    communities = list(Community.objects.order_by("id"))
    recorder = (
        User.objects.filter(role=Role.COMMUNITY).order_by("id").first() or User.objects.order_by("id").first()
    )
    if not teams or not communities or recorder is None:
        return "志愿服务：没有队伍或社区，未生成。"
    today = context.now.date()
    first = max(context.start, today - timedelta(days=HISTORY_DAYS))
    joined = first - timedelta(days=30)
    people: list[Volunteer] = []
    for community in communities:
        for _ in range(rng.randint(*PER_COMMUNITY)):
            kind = VolunteerKind.PARTY_MEMBER if rng.random() < 0.35 else VolunteerKind.RESIDENT
            people.append(
                Volunteer(
                    name=_name(rng),
                    phone=_phone(rng),
                    kind=kind,
                    team=rng.choice(teams),
                    community=community,
                    skills="、".join(rng.sample(SKILLS, rng.randint(0, 2))),
                    availability=rng.choice(AVAILABILITY),
                    joined_on=joined,
                )
            )
    riders = Volunteer._meta.get_field("rider").related_model  # the benefit-card holders (riders' app)
    young = next((t for t in teams if t.name == "青春南苑"), teams[0])
    for rider in riders.objects.order_by("id")[:RIDER_VOLUNTEERS]:
        people.append(
            Volunteer(
                name=(rider.nickname or _name(rng))[:30],
                phone=rider.phone,
                kind=VolunteerKind.RIDER,
                team=young if rng.random() < 0.7 else rng.choice(teams),
                community=rng.choice(communities),
                rider=rider,
                skills="骑行熟悉街巷",
                availability="午间、晚间送餐间隙",
                joined_on=max(joined, rider.registered_at.date()),
            )
        )
    people = Volunteer.objects.bulk_create(people)
    events = [
        VolunteerEvent(
            kind=VolunteerEventKind.VOLUNTEER_CREATED,
            actor=recorder,
            at=_at(v.joined_on),
            new=jsonable({"name": v.name, "kind": v.kind, "team": v.team_id, "community": v.community_id}),
            volunteer=v,
        )
        for v in people
    ]
    records, visits = _common_services(rng, people, first, today, recorder), []
    residents = _residents(rng, communities, joined)
    events += [
        VolunteerEvent(
            kind=VolunteerEventKind.RESIDENT_CREATED,
            actor=recorder,
            at=r.created_at,
            new=jsonable(
                {"kind": r.kind, "community": r.community_id, "visit_every_days": r.visit_every_days}
            ),
            resident=r,
        )
        for r in residents
    ]
    pairings, visit_rows = _pairings(rng, residents, people, first, today)
    events += [
        VolunteerEvent(
            kind=VolunteerEventKind.PAIRED,
            actor=recorder,
            at=_at(p.started_on),
            new=jsonable(
                {
                    "status": "active",
                    "volunteer": p.volunteer_id,
                    "next_visit_due": p.started_on + timedelta(days=p.resident.visit_every_days),
                }
            ),
            pairing=p,
            resident=p.resident,
            volunteer=p.volunteer,
        )
        for p in pairings
    ]
    visit_records = ServiceRecord.objects.bulk_create(
        [
            ServiceRecord(
                volunteer=p.volunteer,
                team_id=p.volunteer.team_id,
                community_id=p.resident.community_id,
                served_on=day,
                hours=hours,
                mode=ServiceMode.DOOR,
                nature=ServiceNature.PERSONAL,
                content=f"结对走访：{note}",
                whom=f"困难群众 {p.resident.pk}",
                resident=p.resident,
                recorded_by=recorder,
                recorded_at=_at(day, 18),
            )
            for p, day, hours, note, _ in visit_rows
        ],
        batch_size=2000,
    )
    visits = Visit.objects.bulk_create(
        [
            Visit(
                pairing=p, visited_on=day, wellbeing=wellbeing, note=note, record=record, recorded_by=recorder
            )
            for (p, day, hours, note, wellbeing), record in zip(visit_rows, visit_records, strict=True)
        ],
        batch_size=2000,
    )
    last_seen: dict[int, date] = {}
    for visit in visits:  # in date order per pairing: each visit's event holds the due date it set
        p = visit.pairing
        before = last_seen.get(p.pk)
        last_seen[p.pk] = visit.visited_on
        events.append(
            VolunteerEvent(
                kind=VolunteerEventKind.VISITED,
                actor=recorder,
                at=_at(visit.visited_on, 18),
                old=jsonable({"last_visit_on": before}),
                new=jsonable(
                    {
                        "last_visit_on": visit.visited_on,
                        "next_visit_due": visit.visited_on + timedelta(days=p.resident.visit_every_days),
                        "wellbeing": visit.wellbeing,
                        "hours": visit.record.hours,
                    }
                ),
                pairing=p,
                resident_id=p.resident_id,
                volunteer_id=p.volunteer_id,
                record=visit.record,
            )
        )
    records = ServiceRecord.objects.bulk_create(records, batch_size=2000)
    events += [
        VolunteerEvent(
            kind=VolunteerEventKind.SERVICE_RECORDED,
            actor=recorder,
            at=r.recorded_at,
            new=jsonable({"served_on": r.served_on, "hours": r.hours, "mode": r.mode, "nature": r.nature}),
            volunteer=r.volunteer,
            record=r,
        )
        for r in records
    ]
    for event in events:  # as event_record writes them: the actor's unit beside the actor
        event.actor_unit_id = recorder.unit_id
    VolunteerEvent.objects.bulk_create(events, batch_size=5000)
    overdue = sum(1 for p in pairings if p.next_visit_due < today)
    with_riders = sum(1 for p in pairings if p.volunteer.rider_id)
    return (
        f"志愿服务：4 支队伍志愿者 {len(people)} 人（骑手 {sum(1 for v in people if v.rider_id)}），"
        f"服务记录 {len(records) + len(visit_records):,} 条；困难群众 {len(residents)} 人，结对 {len(pairings)} 对"
        f"（骑手结对 {with_riders}），走访 {len(visits):,} 次，逾期 {overdue} 对"
    )


def _common_services(rng, people, first: date, today: date, recorder) -> list[ServiceRecord]:
    """Each team's monthly common service at a fixed place, a few of its volunteers each time."""
    records = []
    by_team: dict[int, list[Volunteer]] = {}
    for v in people:
        by_team.setdefault(v.team_id, []).append(v)
    day = first
    while day <= today:
        for team_id, members in by_team.items():
            if rng.random() < 0.3:  # about two services a week per team
                content, place = COMMON.get(members[0].team.name, ("志愿服务", "社区"))
                for v in rng.sample(members, min(len(members), rng.randint(2, 5))):
                    records.append(
                        ServiceRecord(
                            volunteer=v,
                            team_id=team_id,
                            community_id=v.community_id,
                            served_on=day,
                            hours=Decimal(rng.choice(("1.0", "1.5", "2.0", "3.0"))),
                            mode=ServiceMode.FIXED,
                            nature=ServiceNature.COMMON,
                            content=f"{content}（{place}）",
                            whom="社区居民",
                            recorded_by=recorder,
                            recorded_at=_at(day, 17),
                        )
                    )
        day += timedelta(days=1)
    return records


def _residents(rng, communities, since: date) -> list[Resident]:
    compounds: dict[int, list[Compound]] = {}
    for compound in Compound.objects.order_by("id"):
        compounds.setdefault(compound.community_id, []).append(compound)
    rows = []
    for community in communities:
        for _ in range(rng.randint(*RESIDENTS_PER_COMMUNITY)):
            kind = rng.choices(list(NEEDS), weights=(5, 3, 2, 1))[0]
            compound = rng.choice(compounds[community.pk]) if compounds.get(community.pk) else None
            rows.append(
                Resident(
                    community=community,
                    compound=compound,
                    address=f"{rng.randint(1, 20)}号楼{rng.randint(1, 4)}单元{rng.randint(1, 6)}0{rng.randint(1, 4)}",
                    name=_name(rng),
                    phone=_phone(rng),
                    kind=kind,
                    needs="、".join(NEEDS[kind]),
                    visit_every_days=rng.choice((7, 7, 14, 30)),
                    created_at=_at(since),
                )
            )
    return Resident.objects.bulk_create(rows)


def _pairings(rng, residents, people, first: date, today: date) -> tuple[list[Pairing], list]:
    """Most residents get a volunteer of their community (a rider when one is around); visits come
    roughly on time, and a few pairings fall behind at the end (overdue on the workbench)."""
    by_community: dict[int, list[Volunteer]] = {}
    riders = [v for v in people if v.rider_id]
    for v in people:
        if not v.rider_id:
            by_community.setdefault(v.community_id, []).append(v)
    pairings, plans = [], []
    focus = {c.pk for c in Community.objects.filter(name=FOCUS_COMMUNITY)}
    for resident in residents:
        if rng.random() < 0.2:
            continue
        use_rider = riders and rng.random() < 0.4
        volunteer = (
            rng.choice(riders) if use_rider else rng.choice(by_community.get(resident.community_id) or people)
        )
        started = first + timedelta(days=rng.randint(0, max(0, min(60, (today - first).days))))
        every = resident.visit_every_days
        behind = rng.random() < 0.15 or (resident.community_id in focus and rng.random() < 0.4)
        days, day = [], started + timedelta(days=max(1, every - rng.randint(0, 2)))
        stop = today - timedelta(days=every + rng.randint(2, 10)) if behind else today
        while day <= stop:
            days.append(day)
            day += timedelta(days=max(1, every + rng.randint(-2, 1)))
        last = days[-1] if days else None
        pairing = Pairing(
            resident=resident,
            volunteer=volunteer,
            started_on=started,
            last_visit_on=last,
            next_visit_due=(last or started) + timedelta(days=every),
        )
        pairings.append(pairing)
        plans.append((pairing, days))
    pairings = Pairing.objects.bulk_create(pairings)
    rows = []
    for pairing, days in plans:
        for day in days:
            rows.append(
                (
                    pairing,
                    day,
                    Decimal(rng.choice(("0.5", "1.0", "1.5"))),
                    rng.choice(VISIT_NOTES),
                    VisitWellbeing.CONCERN if rng.random() < 0.05 else VisitWellbeing.GOOD,
                )
            )
    return pairings, rows
