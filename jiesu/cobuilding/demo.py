"""The demo street's co-building committee (a `core.extensions.demo_seeders` entry, after 吹哨报到).

Three member units with the community each pairs with and the resources they offer, and their
joint activities recorded through the services: the metro operator runs six with 南湖湾社区 (the
demo's stand-in for the model street's 翠海明苑社区). The committee is small, so it is loaded whole
whatever `--from` says; one activity is left planned on a recent day, waiting to be recorded.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from jiesu.accounts.models import Role, User
from jiesu.cobuilding import services
from jiesu.cobuilding.models import ActivityType, CobuildingProfile, Resource
from jiesu.core.extensions import DemoContext
from jiesu.demo.street import FOCUS_COMMUNITY, build_street
from jiesu.places.models import Community
from jiesu.units.models import Unit
from jiesu.whistles.demo.topics import METRO_COMMUNITY

METRO = "地铁运营公司"
# unit → (paired community, joined, contact, description, resources (kind, name, detail, capacity, amount))
PROFILES = {
    METRO: (
        METRO_COMMUNITY,
        date(2022, 6, 1),
        "高志远",
        "负责辖区地铁线路运营，南湖湾站位于社区西侧。",
        [
            ("venue", "南湖湾站职工活动室", "周末可借用开展社区活动", 40, None),
            ("volunteers", "地铁青年志愿服务队", "站口文明引导、安全宣传", 25, None),
            ("funds", "党建共建经费", "用于联建活动物资", None, Decimal("20000")),
        ],
    ),
    "公交客运分公司": (
        "望春园社区",
        date(2022, 9, 1),
        "孟凡",
        "辖区公交线路运营单位。",
        [
            ("volunteers", "公交红色车厢志愿队", "助老出行、文明乘车宣传", 15, None),
            ("other", "公交线路宣传位", "车厢电视播放社区公益宣传", None, None),
        ],
    ),
    "槐林社区卫生服务中心": (
        FOCUS_COMMUNITY,
        date(2021, 12, 1),
        "罗医生",
        "辖区基层医疗机构。",
        [
            ("venue", "健康教育室", "可容纳30人", 30, None),
            ("volunteers", "家庭医生团队", "义诊、慢病随访", 12, None),
        ],
    ),
}


@dataclass(frozen=True)
class Activity:
    unit: str
    day: date
    type: str
    title: str
    place: str
    participants: int
    summary: str


ACTIVITIES = (
    Activity(
        METRO,
        date(2024, 3, 5),
        "志愿服务",
        "学雷锋站口文明引导",
        "南湖湾站B口",
        32,
        "地铁志愿者与社区党员在早高峰引导乘客有序进站，整理站口共享单车。",
    ),
    Activity(
        METRO,
        date(2024, 4, 20),
        "安全宣传",
        "地铁安全知识进社区",
        "南湖湾社区党群服务中心",
        85,
        "讲解地铁乘车安全、应急疏散常识，发放宣传手册。",
    ),
    Activity(
        METRO,
        date(2024, 6, 15),
        "环境整治",
        "站区环境共建清洁日",
        "南湖湾站周边",
        46,
        "清理站口周边卫生死角，施划共享单车停放区。",
    ),
    Activity(
        METRO,
        date(2024, 7, 1),
        "党建联建",
        "七一党建联建主题党日",
        "南湖湾站职工活动室",
        38,
        "地铁车站党支部与社区党委联合开展主题党日，签订共建协议。",
    ),
    Activity(
        METRO,
        date(2024, 10, 11),
        "助老助残",
        "重阳节助老出行服务",
        "南湖湾站",
        27,
        "为社区老人讲解无障碍设施使用，陪同体验无障碍出行。",
    ),
    Activity(
        METRO,
        date(2024, 12, 7),
        "文化活动",
        "地铁开放日——居民走进运营控制中心",
        "地铁运营控制中心",
        40,
        "组织社区居民参观运营控制中心，了解地铁运行保障。",
    ),
    Activity(
        "公交客运分公司",
        date(2023, 9, 20),
        "志愿服务",
        "文明乘车宣传进社区",
        "望春园社区广场",
        60,
        "宣传文明乘车，征集居民对公交线路的意见。",
    ),
    Activity(
        "公交客运分公司",
        date(2024, 5, 18),
        "助老助残",
        "公交助老出行讲座",
        "望春园社区活动室",
        35,
        "讲解老年人乘车优惠和智能手机查询公交。",
    ),
    Activity(
        "槐林社区卫生服务中心",
        date(2023, 11, 9),
        "便民服务",
        "家庭医生义诊进社区",
        "御槐园社区大槐树下",
        120,
        "测血压血糖、慢病咨询，签约家庭医生。",
    ),
    Activity(
        "槐林社区卫生服务中心",
        date(2024, 4, 12),
        "便民服务",
        "春季健康讲座",
        "槐林社区卫生服务中心健康教育室",
        45,
        "讲解春季传染病预防和老年人营养。",
    ),
    Activity(
        "槐林社区卫生服务中心",
        date(2024, 9, 26),
        "志愿服务",
        "老年人健康体检日",
        "御槐园社区党群服务中心",
        150,
        "为65岁以上老人免费体检并建立健康档案。",
    ),
)


def cobuilding_demo_seed(context: DemoContext) -> str:
    plan = build_street()
    units = {unit.name: unit for unit in Unit.objects.filter(kind=Unit.Kind.COBUILDING)}
    communities = {community.name: community for community in Community.objects.all()}
    staff = {
        u.unit.name: u
        for u in User.objects.filter(username__in=plan.unit_users.values()).select_related("unit")
    }
    workers = {
        u.unit.community.name: u
        for u in User.objects.filter(role=Role.COMMUNITY, unit__community__isnull=False).select_related(
            "unit__community"
        )
    }
    for name, (community, joined, contact, description, resources) in PROFILES.items():
        profile, _ = CobuildingProfile.objects.get_or_create(
            unit=units[name],
            defaults={
                "community": communities[community],
                "joined_on": joined,
                "contact_name": contact,
                "contact_phone": units[name].phone,
                "description": description,
            },
        )
        Resource.objects.bulk_create(
            Resource(profile=profile, kind=kind, name=title, detail=detail, capacity=capacity, amount=amount)
            for kind, title, detail, capacity, amount in resources
        )
    types = {t.name: t for t in ActivityType.objects.all()}
    tz = context.now.tzinfo
    recorded = 0
    recent = context.now.date() - timedelta(days=2)
    planned = Activity(
        "槐林社区卫生服务中心", recent, "便民服务", "冬季流感疫苗接种宣传", "御槐园社区党群服务中心", 0, ""
    )
    for activity in (*ACTIVITIES, planned):
        community = communities[PROFILES[activity.unit][0]]
        created = services.activity_create(
            actor=workers[community.name],
            title=activity.title,
            type=types[activity.type],
            date=activity.day,
            place=activity.place,
            community=community,
            units=[units[activity.unit]],
            description=f"{activity.unit}与{community.name}联合开展：{activity.title}。",
            now=datetime.combine(activity.day - timedelta(days=7), time(10, 0), tz),
        )
        if activity.participants and datetime.combine(activity.day, time(18, 0), tz) <= context.now:
            services.activity_hold(
                activity_id=created.pk,
                actor=staff[activity.unit],
                participants=activity.participants,
                summary=activity.summary,
                now=datetime.combine(activity.day, time(18, 0), tz),
            )
            recorded += 1
    return f"共建单位：{len(PROFILES)} 家，联建活动 {recorded} 次（地铁运营公司与{METRO_COMMUNITY} 6 次），1 次待登记。"
