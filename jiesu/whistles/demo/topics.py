"""What the demo's whistles are about: topics with the units they summon, and what those units did.

Data only. Unit names are the demo street's (`jiesu.demo.street`); "project" stands for the
compound's property-service project, left out where the compound has none.
"""

from dataclasses import dataclass

# the demo's stand-in for the model street's 翠海明苑社区, which the metro operator co-builds with
METRO_COMMUNITY = "南湖湾社区"


@dataclass(frozen=True)
class Topic:
    title: str  # {compound} and {building} are filled in
    description: str
    units: tuple[str, ...]
    measures: str
    result: str
    weight: float = 1.0
    months: tuple[int, ...] = tuple(range(1, 13))  # when it happens
    reasons_not: str = ""  # what a unit says when it finds the whistle unreasonable
    categories: tuple[str, ...] = ()  # the order categories it is about (orders of these get linked)
    community: str = ""  # where it always happens ("" = any community)


TOPICS = (
    Topic(
        "{compound}{building}楼顶层漏雨",
        "连日降雨，{compound}{building}楼顶层多户反映屋顶渗水，墙面发霉，居民多次拨打12345，需相关单位到场查看屋面防水。",
        ("城市更新专班", "project"),
        "现场查看屋面，防水卷材起鼓开裂，先行临时封堵，排出维修计划。",
        "屋面防水局部修补完成，雨后回访顶层住户未再渗漏。",
        weight=2.5,
        months=(5, 6, 7, 8, 9),
        reasons_not="屋面维修应由物业先行处置",
        categories=("房屋漏水",),
    ),
    Topic(
        "{compound}雨污管线堵塞返味",
        "{compound}{building}楼前化粪井冒溢，污水漫到步道，气味很大，需排水单位疏通并查明原因。",
        ("区水务局", "project"),
        "调派吸污车清掏化粪井，疏通主管线，检查发现管线错接。",
        "管线已疏通并完成错接改造，现场清洗消杀。",
        weight=2.0,
        months=(4, 5, 6, 7, 8, 9, 10),
        categories=("污水管道堵塞", "雨水积水"),
    ),
    Topic(
        "{compound}供暖温度不达标",
        "{compound}多户室温不足16度，老人孩子受冻，需热力单位入户测温排查。",
        ("热力公司", "project"),
        "入户测温，排查楼内管线，对末端户进行管道冲洗和排气。",
        "复测室温达到18度以上，居民认可。",
        weight=2.0,
        months=(11, 12, 1, 2, 3),
        categories=("暖气不热",),
    ),
    Topic(
        "{compound}燃气管线锈蚀隐患",
        "{compound}{building}楼外墙燃气立管锈蚀严重，居民担心安全，需燃气单位检测。",
        ("燃气公司", "平安建设办公室"),
        "现场检测无泄漏，对锈蚀立管做防腐处理，纳入年度更换计划。",
        "立管防腐完成，更换计划已告知居民。",
        categories=("燃气安全",),
    ),
    Topic(
        "{compound}周边道路破损积水",
        "{compound}门前道路坑洼，雨天积水，电动车和老人出行不便。",
        ("区城管委", "城市管理办公室"),
        "现场测量破损面积，安排道路养护单位修补。",
        "路面修补完成，排水口已疏通。",
        weight=1.5,
        categories=("路面破损", "雨水积水"),
    ),
    Topic(
        "{compound}门前占道经营和违规广告",
        "{compound}门前早晚市摊贩占道，夜间噪声大，楼体张贴小广告，居民反映强烈。",
        ("综合行政执法队", "区市场监管局", "城市管理办公室"),
        "联合执法劝离占道摊贩，清理小广告，引导进入便民市场。",
        "占道问题得到整治，安排网格员每日巡查。",
        weight=1.5,
        reasons_not="不属于市场监管职责，应由执法队处置",
        categories=("占道经营", "小广告"),
    ),
    Topic(
        "{compound}大树枯枝威胁安全",
        "{compound}院内大树枯枝悬挂在人行道上方，大风天有坠落风险。",
        ("区园林绿化局", "project"),
        "现场勘查，办理修剪手续，安排高空作业车修剪枯枝。",
        "枯枝已修剪清运，现场恢复通行。",
        months=(3, 4, 5, 6, 7, 8, 9),
        categories=("树木修剪",),
    ),
    Topic(
        "{compound}电动自行车飞线充电",
        "{compound}{building}楼多户从窗口拉线给电动车充电，存在火灾隐患，需联合整治并增设充电设施。",
        ("平安建设办公室", "供电公司", "槐林派出所"),
        "入户劝导拆除飞线，供电公司现场勘查增设充电桩的电源点位。",
        "飞线全部拆除，规划在院内增设充电车棚。",
        weight=1.5,
        categories=("电动车充电",),
    ),
    Topic(
        "地铁站口共享单车堆积影响通行",
        "{compound}附近地铁站出入口共享单车大量堆积，早晚高峰行人无法通行。",
        ("地铁运营公司", "区交通支队", "城市管理办公室"),
        "地铁运营公司划定站口停放区，协调运维企业清运，交通支队加强疏导。",
        "站口堆积单车清运完毕，新增停放区和志愿者引导。",
        reasons_not="站外停放管理非运营公司职责",
        categories=("共享单车", "地铁服务"),
        community=METRO_COMMUNITY,
    ),
    Topic(
        "{compound}附近公交站台破损",
        "{compound}门前公交站台顶棚破损、座椅缺失，雨天候车无处避雨。",
        ("公交客运分公司", "区城管委"),
        "公交客运分公司现场勘查站台设施，安排维修。",
        "站台顶棚和座椅已修复。",
        weight=0.7,
        categories=("公交服务",),
    ),
    Topic(
        "{compound}僵尸车长期占用车位",
        "{compound}院内多辆长期无人使用的车辆占用车位，居民停车困难。",
        ("槐林派出所", "区交通支队", "project"),
        "核查车辆信息，联系车主限期挪移，无主车辆依法拖移。",
        "清理僵尸车6辆，腾出车位。",
        weight=1.2,
        categories=("小区停车", "占道停车"),
    ),
    Topic(
        "{compound}建筑垃圾长期堆放",
        "{compound}院内装修垃圾堆放多日无人清运，影响环境和消防通道。",
        ("区城管委", "综合行政执法队", "project"),
        "执法队查找装修户责令清运，城管委协调清运车辆。",
        "垃圾全部清运，设置临时装修垃圾堆放点。",
        categories=("垃圾清运",),
    ),
)

# the seed story (docs/governance.md): 阳光星苑's roof leaks, answered by the Nanyuan branch
NANYUAN = "城市更新集团南苑分部"
NANYUAN_USER = ("nanyuan", "张建新")
STORY_TITLE = "阳光星苑5号、13号、16号楼顶层漏雨"
STORY_DESCRIPTION = (
    "2023年汛期阳光星苑顶层漏雨诉求集中，社区建立漏雨点位共享表逐户登记，"
    "5号、13号、16号楼屋面防水层老化开裂、渗漏最重，物业维修后仍反复漏雨。"
    "入汛前须完成屋面修缮，请城市更新集团南苑分部到场会商修缮方案，物业配合。"
)
STORY_MEASURES = (
    "南苑分部会同社区、物业和业主代表现场勘查三栋楼屋面，确认防水层整体老化；"
    "按应急解危程序申请使用公共维修资金，对5号、13号、16号楼屋面防水整体翻修。"
)
STORY_RESULT = (
    "5号、13号、16号楼屋面防水翻修于2024年5月底完成，费用由应急公共维修资金列支；"
    "入汛后社区逐户回访顶层住户，未再漏雨。"
)
