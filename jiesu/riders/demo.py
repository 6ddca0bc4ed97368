"""The riders' part of the demo street: 30 rest stations with staff, riders with cards and their
benefit use, and the demo's orders of channel 小哥说事 linked to riders with some verdicts.

The riders' orders themselves come from the demo street's generator (channel "rider", from April
2024, written like workorder_create writes them); this seeder links each to a rider, so no order
is made twice. Deterministic for a seed; bulk inserts only.
"""

import hashlib
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password

from jiesu.accounts.models import Role, User
from jiesu.core.events import jsonable
from jiesu.core.extensions import DemoContext
from jiesu.places.models import Compound
from jiesu.public.codes import ALPHABET, LENGTH, code_display, code_hash
from jiesu.riders.models import (
    BenefitUse,
    HostKind,
    Platform,
    RestStation,
    Rider,
    RiderEvent,
    RiderEventKind,
    RiderReport,
    Verdict,
)
from jiesu.workorders.models import Channel, WorkOrder

TZ = ZoneInfo("Asia/Shanghai")
STATIONS = 30
RIDERS = 160
CARDS_FROM = date(2024, 4, 1)  # the card programme started with the riders' reports
# host kind -> (host names, hours, amenity chances (water, charging, microwave, toilet, seats), benefits)
HOSTS = {
    HostKind.BANK: (
        ("工商银行", "建设银行", "农业银行", "北京银行", "邮储银行"),
        "08:30-17:30",
        (1, 0.8, 0.3, 0.6, 1),
        ("免费热水", "手机充电", "雨具借用"),
    ),
    HostKind.RESTAURANT: (
        ("老北京炸酱面馆", "庆丰包子铺", "和合谷", "麦当劳", "社区食堂"),
        "10:00-22:00",
        (1, 0.7, 1, 0.5, 1),
        ("免费热水", "微波炉加热", "骑手套餐九折"),
    ),
    HostKind.CAR_DEALER: (
        ("一汽大众4S店", "比亚迪汽车服务店", "广汽丰田4S店"),
        "09:00-18:00",
        (1, 1, 0.5, 1, 1),
        ("免费热水", "电动车应急充电", "休息室午休"),
    ),
    HostKind.SALON: (
        ("丝域养发馆", "标榜美发", "永琪美发"),
        "10:00-21:00",
        (1, 0.6, 0, 0.4, 1),
        ("免费热水", "理发八折"),
    ),
    HostKind.RETAIL: (
        ("物美便利店", "便利蜂", "7-ELEVEN"),
        "00:00-24:00",
        (1, 0.8, 1, 0, 0.6),
        ("免费热水", "微波炉加热", "手机充电"),
    ),
    HostKind.FUEL: (
        ("中国石化加油站", "中国石油加油站"),
        "00:00-24:00",
        (1, 0.6, 0.4, 1, 0.8),
        ("免费热水", "卫生间", "轮胎打气"),
    ),
    HostKind.PUBLIC: (
        ("社区党群服务中心", "新就业群体服务站"),
        "08:30-18:00",
        (1, 1, 1, 1, 1),
        ("免费热水", "手机充电", "微波炉加热", "药箱"),
    ),
}
HOST_WEIGHTS = {
    HostKind.BANK: 6,
    HostKind.RESTAURANT: 8,
    HostKind.CAR_DEALER: 3,
    HostKind.SALON: 3,
    HostKind.RETAIL: 5,
    HostKind.FUEL: 2,
    HostKind.PUBLIC: 3,
}
PLATFORM_WEIGHTS = {
    Platform.MEITUAN: 40,
    Platform.ELEME: 30,
    Platform.SF: 8,
    Platform.JD: 8,
    Platform.DADA: 6,
    Platform.SHANSONG: 5,
    Platform.OTHER: 3,
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"


def demo_card(seed: int, number: int) -> str:
    digest = hashlib.sha256(f"jiesu-demo-card:{seed}:{number}".encode()).digest()
    return "".join(ALPHABET[byte % len(ALPHABET)] for byte in digest[:LENGTH])


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _stations(context: DemoContext, rng: random.Random) -> list[RestStation]:
    compounds = list(Compound.objects.filter(lat__isnull=False).select_related("community").order_by("id"))
    if not compounds:
        return []
    chosen = sorted(rng.sample(compounds, min(STATIONS, len(compounds))), key=lambda c: c.pk)
    stations, names = [], set()
    for number, compound in enumerate(chosen, 1):
        kind = _pick(rng, HOST_WEIGHTS)
        hosts, hours, chances, benefits = HOSTS[kind]
        host = (
            f"{rng.choice(hosts)}{compound.name[:2]}店"
            if kind != HostKind.PUBLIC
            else f"{compound.community.name}{rng.choice(hosts)}"
        )
        name = f"{host}小憩驿站"
        if name in names:
            name = f"{host}{number}号小憩驿站"
        names.add(name)
        water, charging, microwave, toilet, seats = (rng.random() < chance for chance in chances)
        stations.append(
            RestStation(
                name=name,
                host_name=host,
                host_kind=kind,
                community=compound.community,
                compound=compound,
                address=f"{compound.name}东门南侧{rng.randint(1, 60)}号",
                lat=round(compound.lat + rng.uniform(-0.0012, 0.0012), 6),
                lng=round(compound.lng + rng.uniform(-0.0015, 0.0015), 6),
                hours=hours,
                has_water=water,
                has_charging=charging,
                has_microwave=microwave,
                has_toilet=toilet,
                has_seats=seats,
                benefits="\n".join(benefits),
                phone=f"010-8{rng.randint(1000000, 9999999)}",
            )
        )
    return RestStation.objects.bulk_create(stations)


def _staff(context: DemoContext, stations: list[RestStation]) -> dict[int, User]:
    """The demo login `station` works at the first station; yz02… at the others."""
    existing = {u.username: u for u in User.objects.filter(role=Role.STATION_STAFF)}
    # the demo's users share one hash: reuse it rather than hashing the password again (slow by design)
    station = existing.get("station")
    password = station.password if station else make_password(context.password)
    staff = {}
    for number, station in enumerate(stations, 1):
        username = "station" if number == 1 and "station" in existing else f"yz{number:02d}"
        user = existing.get(username) or User(
            username=username,
            display_name=f"{SURNAMES[number % len(SURNAMES)]}驿站",
            role=Role.STATION_STAFF,
            password=password,
        )
        if user.pk is None:
            user.save()
        staff[station.pk] = user
    through = RestStation.staff.through
    through.objects.bulk_create(through(reststation_id=pk, user_id=user.pk) for pk, user in staff.items())
    return staff


def _moment(rng: random.Random, day: date) -> datetime:
    hour = rng.choice((11, 12, 13, 14, 17, 18, 19, 20, 21))
    return datetime.combine(day, time(hour, rng.randint(0, 59)), TZ)


def riders_demo_seed(context: DemoContext) -> str:
    rng = random.Random(context.seed * 7919 + 17)
    stations = _stations(context, rng)
    if not stations:
        return "骑手服务：没有带坐标的小区，未生成驿站。"
    staff = _staff(context, stations)
    now = context.now
    first_day = max(CARDS_FROM, context.start)
    if first_day > now.date():
        return f"骑手服务：小憩驿站 {len(stations)} 个（演示时段早于暖心卡启用，未生成骑手）。"
    span = (now.date() - first_day).days
    riders = []
    for number in range(1, RIDERS + 1):
        registered = _moment(rng, first_day + timedelta(days=int(span * (number - 1) / RIDERS)))
        riders.append(
            Rider(
                nickname=f"{rng.choice(SURNAMES)}师傅" if rng.random() < 0.5 else "",
                platform=_pick(rng, PLATFORM_WEIGHTS),
                phone=f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                card_hash=code_hash(demo_card(context.seed, number)),
                consent_at=registered,
                registered_at=min(registered, now),
            )
        )
    seen_phones: set[str] = set()
    riders = [r for r in riders if not (r.phone in seen_phones or seen_phones.add(r.phone))]
    riders = Rider.objects.bulk_create(riders)
    events = [
        RiderEvent(
            kind=RiderEventKind.STATION_CREATED,
            at=now - timedelta(days=span + 1),
            new={"name": s.name},
            station=s,
        )
        for s in stations
    ]
    events += [
        RiderEvent(
            kind=RiderEventKind.REGISTERED,
            at=r.registered_at,
            new={"platform": r.platform, "card_status": "active"},
            rider=r,
        )
        for r in riders
    ]
    uses = _benefit_uses(rng, riders, stations, staff, now)
    BenefitUse.objects.bulk_create(uses, batch_size=5000)
    reports, judged = _reports(rng, riders, now)
    events += judged
    RiderEvent.objects.bulk_create(events, batch_size=5000)
    card = code_display(demo_card(context.seed, RIDERS))
    return (
        f"骑手服务：小憩驿站 {len(stations)} 个，暖心卡 {len(riders)} 张，权益使用 {len(uses):,} 次，"
        f"小哥说事 {reports} 件已关联骑手；演示暖心卡页面 /riders/public/card/{card}/"
    )


def _benefit_uses(rng, riders, stations, staff, now) -> list[BenefitUse]:
    """Each rider has two or three usual stations and stops by a few times a month."""
    uses = []
    for rider in riders:
        usual = rng.sample(stations, min(len(stations), rng.choice((2, 2, 3))))
        per_month = rng.choice((1, 2, 3, 4, 6, 8))
        day = rider.registered_at.date()
        while day < now.date():
            if rng.random() < per_month / 30:
                station = rng.choice(usual)
                when = _moment(rng, day)
                if rider.registered_at <= when < now:
                    uses.append(
                        BenefitUse(
                            rider=rider,
                            station=station,
                            benefit=rng.choice(station.benefit_list),
                            used_at=when,
                            recorded_by=staff[station.pk],
                        )
                    )
            day += timedelta(days=1)
    return uses


def _reports(rng, riders, now) -> tuple[int, list[RiderEvent]]:
    """Link the demo's 小哥说事 orders to riders; a few keen riders report most of them."""
    orders = list(
        WorkOrder.objects.filter(channel=Channel.RIDER, received_at__lte=now).order_by("received_at", "id")
    )
    dispatcher = User.objects.filter(username="dispatcher").first()
    keen = riders[: max(1, len(riders) // 8)]
    rows, events = [], []
    for order in orders:
        eligible = [
            r for r in (keen if rng.random() < 0.6 else riders) if r.registered_at <= order.received_at
        ]
        rider = rng.choice(eligible) if eligible else None
        verdict, judged_at = Verdict.PENDING, None
        roll = rng.random()
        if dispatcher and order.status not in ("new", "merged") and roll < 0.35:
            verdict = Verdict.INVALID if roll < 0.05 else Verdict.VALID
            judged_at = min(order.received_at + timedelta(hours=rng.randint(2, 48)), now)
        rows.append(
            RiderReport(
                order=order,
                rider=rider,
                place_text=order.address_text[:120],
                verdict=verdict,
                judged_by=dispatcher if judged_at else None,
                judged_at=judged_at,
                created_at=order.received_at,
            )
        )
    reports = RiderReport.objects.bulk_create(rows, batch_size=2000)
    for report in reports:
        if report.judged_at:
            kind = (
                RiderEventKind.REPORT_CONFIRMED
                if report.verdict == Verdict.VALID
                else RiderEventKind.REPORT_REJECTED
            )
            events.append(
                RiderEvent(
                    kind=kind,
                    actor=report.judged_by,
                    at=report.judged_at,
                    old=jsonable({"verdict": Verdict.PENDING}),
                    new=jsonable({"verdict": report.verdict}),
                    note="" if report.verdict == Verdict.VALID else "现场核实无此问题。",
                    report=report,
                )
            )
    return len(reports), events
