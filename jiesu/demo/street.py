"""The demo street: communities, compounds, roads, units and users, as plain data.

Modelled on the public facts of one Beijing subdistrict (ROADMAP): 17 communities, 1 village,
2 preparatory groups; 96 compounds (75 apartment, 21 bungalow); 21 property-service projects.
The names are invented. The street does not depend on the seed: only the orders do.
"""

import random
from dataclasses import dataclass, field

from jiesu.core.coords import gcj02_to_wgs84

STREET_NAME = "槐林街道"
STREET_CODE = "110105099"
CENTRE_GCJ = (39.99, 116.48)
FOCUS_COMMUNITY = "御槐园社区"  # the deliberation community (大槐树下唠家常)
LEAK_COMPOUND = "阳光星苑"  # the roof-leak loop compound
LEAK_BUILDINGS = ("5", "13", "16")  # buildings repaired with the emergency public repair fund
GRID_COMMUNITY = "北湖社区"  # where the demo's grid-channel orders come from


@dataclass(frozen=True)
class CommunitySpec:
    name: str
    kind: str  # community / village / preparatory
    unit: str
    roads: tuple[str, ...]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompoundSpec:
    name: str
    community: str
    kind: str  # apartment / bungalow
    built_year: int | None
    households: int
    buildings: tuple[tuple[str, int], ...]  # (number, floors)
    lat: float
    lng: float
    aliases: tuple[str, ...]
    project: str = ""  # the property-service project's unit name; "" = no property management

    @property
    def is_old(self) -> bool:
        return self.kind == "apartment" and (self.built_year or 0) < 2000

    @property
    def has_lifts(self) -> bool:
        return any(floors > 6 for _, floors in self.buildings)


@dataclass(frozen=True)
class UnitSpec:
    name: str
    kind: str  # a units.Unit.Kind value
    parent: str = ""
    community: str = ""
    phone: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class UserSpec:
    username: str
    display_name: str
    role: str  # an accounts.Role value
    unit: str = ""
    is_staff: bool = False
    is_superuser: bool = False
    listed: bool = True  # shown in the login table


@dataclass(frozen=True)
class StreetPlan:
    name: str
    code: str
    communities: tuple[CommunitySpec, ...]
    compounds: tuple[CompoundSpec, ...]
    units: tuple[UnitSpec, ...]
    users: tuple[UserSpec, ...]
    unit_users: dict[str, str] = field(default_factory=dict)  # unit name -> username acting for it

    def compound(self, name: str) -> CompoundSpec:
        return next(compound for compound in self.compounds if compound.name == name)


# fmt: off
ROADS = (
    "槐林路", "槐林北路", "槐林南街", "北湖东路", "北湖西路", "星苑路", "望春路", "丽水街", "芳林路",
    "枣园路", "安和路", "东风路", "锦绣大街", "嘉禾路", "春晓路", "东坝中路", "润泽路", "和平街",
)

# (community, kind, compounds as "name:a1998" (apartment built in 1998) or "name:b" (bungalow))
COMMUNITIES: tuple[tuple[str, str, str], ...] = (
    ("御槐园社区", "community", "御槐园北里:a1998 御槐园南里:a1999 槐香里:a2003 槐荫公寓:a2008 御景湾:a2012"),
    ("星苑社区", "community", "阳光星苑:a2013 星苑东里:a1995 星苑西里:a1996 晨光家园:a2006 星汇嘉园:a2010"),
    ("槐林东里社区", "community", "槐林东里一区:a1984 槐林东里二区:a1986 槐林东里三区:a1988 槐林东里四区:a1990 东里平房区:b"),
    ("槐林西里社区", "community", "槐林西里:a1983 西里北区:a1985 西里南区:a1987 西坝河平房区:b 槐林西街平房区:b"),
    ("北湖社区", "community", "北湖家园:a2002 北湖东苑:a2005 北湖西苑:a2004 湖光里:a1997 北湖花园:a2008 北湖平房区:b"),
    ("南湖湾社区", "community", "南湖湾一区:a1992 南湖湾二区:a1993 南湖湾三区:a1994 南湖公寓:a2001 湖畔雅居:a2009 南湖平房区:b"),
    ("望春园社区", "community", "望春园:a2000 望春里:a1990 春晖园:a2004 望春公寓:a2005 望春平房区:b"),
    ("丽水嘉园社区", "community", "丽水嘉园:a2007 丽都花园:a2011 嘉园里:a1999 水岸家园:a2006 丽水苑:a2013"),
    ("芳林社区", "community", "芳林苑:a1996 芳林里:a1989 芳园西区:a1991 芳林嘉园:a2008 芳林胡同平房区:b 芳草地平房区:b"),
    ("枣园社区", "community", "枣园小区:a1988 枣园东里:a1990 枣园新村:a1995 枣园平房区:b"),
    ("安和里社区", "community", "安和里一区:a1980 安和里二区:a1982 安和里三区:a1986 安和公寓:a2003 安和西街平房区:b"),
    ("润泽园社区", "community", "润泽园:a2005 润泽公寓:a2009 泽润家园:a2012 润泽悦府:a2016"),
    ("和平家园社区", "community", "和平家园:a1997 和平里东区:a1985 和平里西区:a1986 和平新苑:a2011 和平平房区:b"),
    ("东风里社区", "community", "东风里:a1978 东风北里:a1981 东风南里:a1983 东风平房区:b 东风一队平房区:b"),
    ("锦绣社区", "community", "锦绣家园:a2004 锦绣华庭:a2010 锦绣园:a2001 锦华里:a1994 锦绣胡同平房区:b"),
    ("嘉禾社区", "community", "嘉禾园:a2003 嘉禾里:a1992 嘉禾公寓:a2007 嘉禾平房区:b"),
    ("春晓园社区", "community", "春晓园:a2002 春晓里:a1993 晓园公寓:a2006 春晓嘉苑:a2009 春晓平房区:b"),
    ("槐林村", "village", "槐林新村:a2010 槐林村一队:b 槐林村二队:b 槐林村三队:b 槐林村四队:b 槐林村五队:b"),
    ("北湖新城社区筹备组", "preparatory", "北湖新城:a2019 北湖新城二期:a2021"),
    ("东坝新苑社区筹备组", "preparatory", "东坝新苑:a2020 东坝新苑二期:a2022 锦园:a2021"),
)

# company, short name, {project: compounds it serves}
PROPERTY: tuple[tuple[str, str, dict[str, tuple[str, ...]]], ...] = (
    ("京槐物业服务有限公司", "京槐物业", {
        "阳光星苑项目部": ("阳光星苑",),
        "星苑项目部": ("晨光家园", "星汇嘉园"),
        "御槐园项目部": ("御景湾", "槐荫公寓"),
        "北湖项目部": ("北湖家园", "北湖东苑", "北湖西苑"),
        "湖畔雅居项目部": ("湖畔雅居",),
    }),
    ("宏远物业管理有限公司", "宏远物业", {
        "丽水项目部": ("丽水嘉园", "丽水苑"),
        "丽都项目部": ("丽都花园", "水岸家园"),
        "润泽项目部": ("润泽园", "润泽公寓"),
        "泽润项目部": ("泽润家园", "润泽悦府"),
    }),
    ("万和物业服务有限公司", "万和物业", {
        "锦绣项目部": ("锦绣家园", "锦绣华庭"),
        "嘉禾项目部": ("嘉禾公寓", "嘉禾园"),
        "春晓项目部": ("春晓嘉苑", "晓园公寓"),
    }),
    ("安居物业管理有限公司", "安居物业", {
        "北湖新城项目部": ("北湖新城", "北湖新城二期"),
        "东坝新苑项目部": ("东坝新苑", "东坝新苑二期"),
        "锦园项目部": ("锦园",),
    }),
    ("首润物业服务有限公司", "首润物业", {
        "望春项目部": ("望春园", "春晖园", "望春公寓"),
        "和平项目部": ("和平新苑", "和平家园"),
    }),
    ("金泰物业管理有限公司", "金泰物业", {
        "北湖花园项目部": ("北湖花园",),
        "芳林项目部": ("芳林嘉园", "安和公寓"),
    }),
    ("嘉诚物业服务有限公司", "嘉诚物业", {
        "槐林新村项目部": ("槐林新村", "槐林村一队"),
    }),
    ("城信物业管理有限公司", "城信物业", {
        "南湖项目部": ("南湖公寓", "锦绣园"),
    }),
)
# fmt: on

SECTIONS = (
    ("城市管理办公室", ("城管办",)),
    ("平安建设办公室", ("平安办",)),
    ("社区建设办公室", ("社区办",)),
    ("民生保障办公室", ("民生办",)),
    ("城市更新专班", ("更新专班",)),
    ("综合行政执法队", ("街道执法队", "综合执法队")),
    ("党群工作办公室", ("党群办",)),
)
DEPARTMENTS = (
    ("区住建委", ("区住房城乡建设委",)),
    ("区城管委", ("区城市管理委",)),
    ("区市场监管局", ("区市场监督管理局", "槐林市场监管所")),
    ("区交通支队", ("公安交管支队",)),
    ("区园林绿化局", ()),
    ("区水务局", ()),
    ("区生态环境局", ()),
    ("区教委", ("区教育委员会",)),
    ("区人力社保局", ()),
    ("槐林派出所", ("派出所",)),
)
UTILITIES = (
    ("自来水公司", ("自来水集团",)),
    ("供电公司", ("供电局", "国网供电公司")),
    ("燃气公司", ("燃气集团",)),
    ("热力公司", ("热力集团", "供热公司")),
)
COBUILDING = (
    ("地铁运营公司", ("地铁公司",)),
    ("公交客运分公司", ("公交集团",)),
    ("槐林社区卫生服务中心", ("社区医院",)),
)

# the logins the demo prints: username, name, role, unit
LOGINS = (
    ("dispatcher", "李静", "dispatcher", ""),
    ("dispatcher2", "张磊", "dispatcher", ""),
    ("admin", "赵敏", "centre_admin", ""),
    ("leader", "王建国", "leader", ""),
    ("community", "刘秀英", "community", "御槐园社区居委会"),
    ("property", "陈志强", "property", "京槐物业服务有限公司"),
    ("property2", "杨丽", "property", "宏远物业管理有限公司"),
    ("department", "孙浩", "department", "城市管理办公室"),
    ("grid", "周红", "grid_worker", "星苑社区居委会"),
    ("evaluator", "吴越", "evaluator", ""),
    ("station", "郑敏", "station_staff", ""),
    ("secadmin", "钱立", "security_admin", ""),
    ("auditor", "冯雪", "auditor", ""),
)
STAFF_PREFIX = {
    "community": "sq",
    "property_project": "wy",
    "street_section": "jd",
    "department": "bm",
    "utility": "gy",
    "cobuilding": "gj",
}
STAFF_ROLE = {"community": "community", "property_project": "property"}
STAFF_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
STAFF_GIVEN = (
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "洋",
    "艳",
    "勇",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "建华",
    "海燕",
    "丽娟",
    "志强",
    "红梅",
    "晓东",
    "春生",
    "玉洁",
)


def community_unit_name(name: str, kind: str) -> str:
    return {"community": f"{name}居委会", "village": f"{name}村委会"}.get(kind, name)


def _buildings(rng: random.Random, name: str, kind: str, built: int | None) -> tuple[tuple[str, int], ...]:
    if name == LEAK_COMPOUND:
        return tuple((str(n), rng.choice((9, 11))) for n in range(1, 21))
    if kind == "bungalow":
        rows = rng.choice((0, 0, 2, 3, 4))
        return tuple((str(n), 1) for n in range(1, rows + 1))
    if (built or 0) < 2000:
        count, floors = rng.randint(6, 16), (5, 6, 6, 6)
    elif (built or 0) < 2010:
        count, floors = rng.randint(5, 12), (6, 11, 14, 18)
    else:
        count, floors = rng.randint(4, 10), (11, 18, 24, 28)
    return tuple((str(n), rng.choice(floors)) for n in range(1, count + 1))


def _households(rng: random.Random, kind: str, buildings: tuple[tuple[str, int], ...]) -> int:
    if kind == "bungalow":
        return rng.randint(40, 180)
    return sum(floors * rng.choice((1, 2, 3)) * 2 for _, floors in buildings)


def _aliases(name: str, kind: str) -> tuple[str, ...]:
    if name == LEAK_COMPOUND:
        return ("阳光星苑小区", "阳光星苑南区", "阳光星苑北区")
    if kind == "bungalow":
        return (name.removesuffix("区"),) if name.endswith("平房区") else (f"{name}平房",)
    return () if name.endswith("小区") else (f"{name}小区",)


def _units(communities: list[CommunitySpec], rng: random.Random) -> list[UnitSpec]:
    def phone() -> str:
        return f"010-8{rng.randint(1000000, 9999999)}"

    units = [UnitSpec(name, "street_section", phone=phone(), aliases=aliases) for name, aliases in SECTIONS]
    units += [
        UnitSpec(
            c.unit,
            "community",
            community=c.name,
            phone=phone(),
            aliases=(c.name,) if c.unit != c.name else (),
        )
        for c in communities
    ]
    for company, short, projects in PROPERTY:
        units.append(UnitSpec(company, "property_company", phone=phone(), aliases=(short,)))
        units += [
            UnitSpec(f"{short}{project}", "property_project", parent=company, phone=phone())
            for project in projects
        ]
    units += [UnitSpec(name, "department", phone=phone(), aliases=aliases) for name, aliases in DEPARTMENTS]
    units += [UnitSpec(name, "utility", phone=phone(), aliases=aliases) for name, aliases in UTILITIES]
    units += [UnitSpec(name, "cobuilding", phone=phone(), aliases=aliases) for name, aliases in COBUILDING]
    return units


def _users(units: list[UnitSpec], rng: random.Random) -> tuple[list[UserSpec], dict[str, str]]:
    users = [
        UserSpec(
            username, name, role, unit, is_staff=role == "centre_admin", is_superuser=role == "centre_admin"
        )
        for username, name, role, unit in LOGINS
    ]
    acting = {unit: username for username, _, _, unit in LOGINS if unit}
    counters: dict[str, int] = {}
    for unit in units:
        if unit.kind not in STAFF_PREFIX or unit.name in acting:
            continue
        prefix = STAFF_PREFIX[unit.kind]
        counters[prefix] = counters.get(prefix, 0) + 1
        username = f"{prefix}{counters[prefix]:02d}"
        name = rng.choice(STAFF_SURNAMES) + rng.choice(STAFF_GIVEN)
        users.append(
            UserSpec(username, name, STAFF_ROLE.get(unit.kind, "department"), unit.name, listed=False)
        )
        acting[unit.name] = username
    return users, acting


def build_street() -> StreetPlan:
    rng = random.Random("jiesu-demo-street")
    project_of = {
        compound: f"{short}{project}"
        for _, short, projects in PROPERTY
        for project, compounds in projects.items()
        for compound in compounds
    }
    communities, compounds = [], []
    for index, (name, kind, compound_text) in enumerate(COMMUNITIES):
        roads = (ROADS[index % len(ROADS)], ROADS[(index * 7 + 3) % len(ROADS)])
        unit = community_unit_name(name, kind)
        aliases = (name.removesuffix("社区"),) if kind == "community" else ()
        communities.append(CommunitySpec(name, kind, unit, roads, aliases))
        row, col = divmod(index, 5)
        centre_lat = CENTRE_GCJ[0] + (1.5 - row) * 0.009
        centre_lng = CENTRE_GCJ[1] + (col - 2) * 0.011
        for token in compound_text.split():
            compound_name, _, spec = token.partition(":")
            compound_kind = "bungalow" if spec == "b" else "apartment"
            built = int(spec[1:]) if compound_kind == "apartment" else None
            buildings = _buildings(rng, compound_name, compound_kind, built)
            gcj = (centre_lat + rng.uniform(-0.004, 0.004), centre_lng + rng.uniform(-0.005, 0.005))
            lat, lng = gcj02_to_wgs84(*gcj)
            compounds.append(
                CompoundSpec(
                    compound_name,
                    name,
                    compound_kind,
                    built,
                    _households(rng, compound_kind, buildings),
                    buildings,
                    lat,
                    lng,
                    _aliases(compound_name, compound_kind),
                    project_of.get(compound_name, ""),
                )
            )
    units = _units(communities, rng)
    users, acting = _users(units, rng)
    return StreetPlan(
        STREET_NAME, STREET_CODE, tuple(communities), tuple(compounds), tuple(units), tuple(users), acting
    )
