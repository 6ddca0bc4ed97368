"""The demo's problem taxonomy (问题分类), three levels, modelled on Beijing 12345.

Every leaf also says how often residents call about it, in which months, where it happens, which
unit handles it and how long that usually takes. Data only; no Django.
"""

from dataclasses import dataclass
from datetime import date

SEPARATOR = " › "
HEATING_PERIOD = ((11, 15), (3, 15))
PROPERTY_MID = "物业管理"
COMMUNITY_TOP = "社区治理"

# Each order first falls in one of three groups with these fixed shares, then a leaf of that group
# is drawn by weight × season. This keeps "a quarter concern property management" and "more than
# a quarter concern community governance" true every year, as in the public record.
GROUP_SHARES = {"property": 0.25, "community": 0.27, "other": 0.48}

# Month multipliers, January first.
SEASONS: dict[str, tuple[float, ...]] = {
    "flat": (1,) * 12,
    "heating": (2.6, 2.0, 1.6, 0, 0, 0, 0, 0, 0, 0, 4.5, 3.0),  # heating runs 15 Nov – 15 Mar
    "heating_fee": (0.5, 0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.5, 2.5, 3.0, 1.5),
    "rain": (0.1, 0.1, 0.3, 0.5, 0.8, 2.2, 3.8, 3.2, 1.4, 0.5, 0.3, 0.1),
    "summer": (0.6, 0.6, 0.8, 1.0, 1.2, 1.5, 1.6, 1.5, 1.2, 0.9, 0.7, 0.6),
    "green": (0.4, 0.4, 0.8, 1.8, 2.0, 1.5, 1.4, 1.3, 1.0, 0.8, 0.5, 0.4),
    "school": (0.6, 0.5, 0.8, 1.6, 2.0, 1.8, 1.5, 1.2, 0.8, 0.5, 0.4, 0.4),
    "frost": (1.5, 1.3, 1.0, 0.9, 0.9, 1.0, 1.0, 1.0, 0.9, 0.9, 1.0, 1.4),
    "works": (0.4, 0.5, 1.1, 1.3, 1.3, 1.3, 1.2, 1.2, 1.3, 1.2, 0.8, 0.5),
}
# Seasons that a summer storm day multiplies.
STORM_SEASONS = {"rain"}

# Appeal types by letter: a leaf's `appeals` string is drawn from uniformly.
APPEAL_CODES = {
    "Q": "inquiry",
    "H": "help",
    "C": "complaint",
    "R": "report",
    "S": "suggestion",
    "P": "praise",
}


@dataclass(frozen=True)
class Leaf:
    top: str
    mid: str
    name: str
    key: str
    weight: float
    season: str = "flat"
    # where it happens: home (resident's compound), apt, apt_prop (with property management),
    # apt_elev (buildings with lifts), apt_old (built before 2000), compound, road, mixed
    place: str = "home"
    # who leads: "property" (the compound's project, else the community), "community", a unit name
    route: str = "community"
    road_route: str = ""
    co: str = ""
    co_p: float = 0.0
    appeals: str = "CH"
    urgent: float = 0.0
    effort: int = 2
    # (month, day) from and until which the leaf can happen at all, e.g. the heating period
    window: tuple[tuple[int, int], tuple[int, int]] | None = None

    def in_season(self, day: date) -> bool:
        if self.window is None:
            return True
        start, end = self.window
        key = (day.month, day.day)
        return start <= key or key <= end if start > end else start <= key <= end

    @property
    def path(self) -> str:
        return SEPARATOR.join((self.top, self.mid, self.name))

    @property
    def group(self) -> str:
        if self.mid == PROPERTY_MID:
            return "property"
        if self.top == COMMUNITY_TOP:
            return "community"
        return "other"


def _leaves(top: str, mid: str, *specs: tuple) -> list[Leaf]:
    return [Leaf(top, mid, name, key, weight, **options) for name, key, weight, options in specs]


# fmt: off
LEAVES: tuple[Leaf, ...] = (
    *_leaves("城乡建设", PROPERTY_MID,
        ("物业服务", "wy_service", 6, dict(place="apt_prop", route="property", appeals="CCCCCCHHSQ")),
        ("物业收费", "wy_fee", 3, dict(place="apt_prop", route="property", appeals="QQQCCCC")),
        ("电梯维修", "wy_elevator", 3.5, dict(place="apt_elev", route="property", co="区市场监管局", co_p=0.05, appeals="HHHCCC", urgent=0.15)),
        ("房屋漏水", "wy_leak", 4, dict(season="rain", place="apt", route="property", co="城市更新专班", co_p=0.08, appeals="HHHHCC", urgent=0.05, effort=3)),
        ("公共设施维修", "wy_facility", 5, dict(place="apt", route="property", appeals="HHHCCS")),
        ("小区停车", "wy_parking", 2.5, dict(place="apt", route="property", appeals="CCCHS")),
        ("业主委员会", "wy_committee", 1, dict(place="apt_prop", route="社区建设办公室", co="community", co_p=0.5, appeals="QQCS", effort=3)),
    ),
    *_leaves("城乡建设", "房屋管理",
        ("老旧小区改造", "old_renewal", 1.5, dict(place="apt_old", route="城市更新专班", appeals="QQSSC", effort=3)),
        ("房屋安全", "house_safety", 0.7, dict(place="compound", route="区住建委", co="community", co_p=0.4, appeals="HHRC", urgent=0.2, effort=3)),
        ("公租房管理", "public_housing", 0.5, dict(place="apt", route="区住建委", appeals="QQC")),
    ),
    *_leaves("城乡建设", "规划建设",
        ("违法建设", "illegal_build", 2, dict(place="mixed", route="综合行政执法队", co="community", co_p=0.3, appeals="RRRC", effort=3)),
        ("施工扰民", "construction_noise", 2, dict(season="works", place="road", route="区住建委", co="综合行政执法队", co_p=0.2, appeals="CCCR")),
    ),
    *_leaves("市政设施", "供暖",
        ("暖气不热", "heat_cold", 5.5, dict(season="heating", place="apt", route="热力公司", co="property", co_p=0.15, appeals="CCCHH", effort=1, window=HEATING_PERIOD)),
        ("供暖设施漏水", "heat_leak", 0.8, dict(season="heating", place="apt", route="热力公司", appeals="HHC", urgent=0.3, effort=1, window=HEATING_PERIOD)),
        ("采暖费", "heat_fee", 0.7, dict(season="heating_fee", place="apt", route="热力公司", appeals="QQQC")),
    ),
    *_leaves("市政设施", "供水",
        ("停水", "water_off", 2, dict(season="frost", place="compound", route="自来水公司", appeals="HHQC", urgent=0.2, effort=1)),
        ("水质水压", "water_quality", 0.8, dict(season="summer", place="apt", route="自来水公司", appeals="HCQ")),
    ),
    *_leaves("市政设施", "供电",
        ("停电", "power_off", 1.5, dict(season="summer", place="compound", route="供电公司", appeals="HHQC", urgent=0.2, effort=1)),
    ),
    *_leaves("市政设施", "燃气",
        ("燃气安全", "gas_safety", 0.8, dict(place="apt", route="燃气公司", appeals="HHRQ", urgent=0.4, effort=1)),
    ),
    *_leaves("市政设施", "道路设施",
        ("路面破损", "road_damage", 1.5, dict(season="frost", place="road", route="区城管委", appeals="HCRS")),
        ("井盖缺失", "manhole", 0.5, dict(place="road", route="区城管委", appeals="RRH", urgent=0.3, effort=1)),
        ("路灯不亮", "street_light", 1.5, dict(place="road", route="城市管理办公室", appeals="HHRC", effort=1)),
    ),
    *_leaves("市政设施", "排水",
        ("雨水积水", "flooding", 1, dict(season="rain", place="mixed", route="区水务局", co="community", co_p=0.3, appeals="HHRC", urgent=0.2)),
        ("污水管道堵塞", "sewer", 1.5, dict(place="compound", route="区水务局", co="community", co_p=0.3, appeals="HHC")),
    ),
    *_leaves("市容环境", "环境卫生",
        ("垃圾清运", "garbage", 3, dict(season="summer", place="mixed", route="城市管理办公室", appeals="CCCH", effort=1)),
        ("垃圾分类", "sorting", 1, dict(place="compound", route="城市管理办公室", appeals="QCSS")),
        ("公共厕所", "toilet", 0.4, dict(place="road", route="城市管理办公室", appeals="CCS")),
        ("道路保洁", "street_clean", 1, dict(place="road", route="城市管理办公室", appeals="CCH", effort=1)),
    ),
    *_leaves("市容环境", "市容秩序",
        ("占道经营", "street_vendor", 2, dict(season="summer", place="road", route="综合行政执法队", appeals="RRCC", effort=1)),
        ("小广告", "ads", 0.6, dict(place="mixed", route="综合行政执法队", appeals="RC", effort=1)),
    ),
    *_leaves("市容环境", "园林绿化",
        ("树木修剪", "trees", 1.5, dict(season="green", place="mixed", road_route="区园林绿化局", appeals="HHCS")),
    ),
    *_leaves("市容环境", "环境污染",
        ("餐饮油烟", "fumes", 1.2, dict(season="summer", place="road", route="区生态环境局", co="综合行政执法队", co_p=0.3, appeals="CCR")),
        ("噪声扰民", "noise_biz", 1.5, dict(season="summer", place="road", route="综合行政执法队", appeals="CCCR", effort=1)),
    ),
    *_leaves("交通运输", "停车管理",
        ("占道停车", "illegal_parking", 3, dict(place="road", route="区交通支队", appeals="RRCC", effort=1)),
        ("停车收费", "parking_fee", 0.8, dict(place="road", route="城市管理办公室", appeals="QCC")),
        ("共享单车", "bikes", 1.2, dict(season="summer", place="road", route="城市管理办公室", appeals="CCS", effort=1)),
    ),
    *_leaves("交通运输", "道路交通",
        ("交通信号灯", "signals", 0.5, dict(place="road", route="区交通支队", appeals="HSR", effort=1)),
        ("交通拥堵", "congestion", 0.6, dict(place="road", route="区交通支队", appeals="CSS")),
    ),
    *_leaves("交通运输", "公共交通",
        ("公交服务", "bus", 0.5, dict(place="road", route="公交客运分公司", appeals="CSQ")),
        ("地铁服务", "metro", 0.4, dict(place="road", route="地铁运营公司", appeals="CSQ")),
    ),
    *_leaves("社会治安", "治安管理",
        ("治安隐患", "security", 0.8, dict(place="compound", route="槐林派出所", co="平安建设办公室", co_p=0.3, appeals="RRH")),
        ("群租房", "group_rental", 0.8, dict(place="apt", route="平安建设办公室", co="community", co_p=0.5, appeals="RRC", effort=3)),
    ),
    *_leaves("社会治安", "消防安全",
        ("消防通道占用", "fire_lane", 0.8, dict(place="compound", route="平安建设办公室", appeals="RRC", effort=1)),
        ("电动车充电", "ebike_charge", 1.2, dict(season="summer", place="apt", route="平安建设办公室", co="community", co_p=0.4, appeals="RRSH")),
    ),
    *_leaves("市场监管", "食品安全",
        ("餐饮卫生", "food_hygiene", 0.8, dict(place="road", route="区市场监管局", appeals="RRC")),
    ),
    *_leaves("市场监管", "消费维权",
        ("预付卡纠纷", "prepaid", 1, dict(place="road", route="区市场监管局", appeals="CCCH", effort=3)),
        ("商品质量", "goods", 0.5, dict(place="road", route="区市场监管局", appeals="CCR")),
    ),
    *_leaves("市场监管", "价格监管",
        ("价格争议", "price", 0.4, dict(place="road", route="区市场监管局", appeals="CRQ")),
    ),
    *_leaves(COMMUNITY_TOP, "邻里关系",
        ("邻里纠纷", "neighbour", 5, dict(appeals="HHCC")),
        ("楼上噪音", "upstairs_noise", 5, dict(place="apt", appeals="CCCH", effort=1)),
    ),
    *_leaves(COMMUNITY_TOP, "宠物管理",
        ("养犬扰民", "dogs", 3, dict(co="槐林派出所", co_p=0.15, appeals="CCCR")),
    ),
    *_leaves(COMMUNITY_TOP, "社区环境",
        ("楼道堆物", "corridor", 4, dict(place="apt", co="property", co_p=0.3, appeals="CCRH", effort=1)),
    ),
    *_leaves(COMMUNITY_TOP, "社区服务",
        ("养老服务", "elderly", 3, dict(co="民生保障办公室", co_p=0.2, appeals="QQHHSP")),
        ("便民服务", "convenience", 2, dict(appeals="QSSHP")),
        ("证明开具", "certificate", 1.5, dict(appeals="QQQH", effort=1)),
        ("社区活动", "activities", 1, dict(appeals="SSQP")),
    ),
    *_leaves(COMMUNITY_TOP, "社区设施",
        ("健身器材", "fitness", 1.5, dict(place="compound", appeals="HHS")),
        ("无障碍设施", "accessibility", 1, dict(place="compound", appeals="SSH", effort=3)),
    ),
    *_leaves("民生保障", "社会保障",
        ("社保医保", "social_ins", 0.8, dict(route="区人力社保局", appeals="QQQH")),
        ("低保救助", "subsistence", 0.5, dict(route="民生保障办公室", co="community", co_p=0.5, appeals="QHH")),
    ),
    *_leaves("民生保障", "教育",
        ("入学咨询", "school", 0.8, dict(season="school", route="区教委", appeals="QQQC")),
    ),
    *_leaves("民生保障", "医疗卫生",
        ("社区卫生服务", "clinic", 0.6, dict(place="road", route="槐林社区卫生服务中心", appeals="QCSP")),
    ),
)
# fmt: on

LEAF_BY_KEY: dict[str, Leaf] = {leaf.key: leaf for leaf in LEAVES}
LEAK_KEY = "wy_leak"


def category_paths() -> list[tuple[str, ...]]:
    """Every node as a tuple of names, parents before children, in taxonomy order."""
    seen: dict[tuple[str, ...], None] = {}
    for leaf in LEAVES:
        for depth in (1, 2, 3):
            seen.setdefault((leaf.top, leaf.mid, leaf.name)[:depth])
    return list(seen)
