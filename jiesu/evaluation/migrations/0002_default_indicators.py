"""The default indicator system (5 categories × 25 sub-indicators, 100 points) and the
rectification rules per severity. Written after Beijing's residential property service standard
(DB11/T 751 住宅物业服务标准: 综合管理, 共用部位及共用设施设备, 消防安全, 绿化, 环境卫生, 公共秩序,
装饰装修) and the 北京市物业管理条例's duties to publish fees and public income; the street edits
both in the admin. Reversible: removes only what it added, and only while no round uses it.
"""

from decimal import Decimal

from django.db import migrations

NAME = "物业服务项目第三方考评指标体系"

# category code, name, [(code, name, standard, max score, deduction rule)]
CATEGORIES = [
    (
        "1",
        "内业管理",
        [
            (
                "1.1",
                "管理制度与岗位职责",
                "建立物业服务、设施设备、安全防范、环境卫生等管理制度，岗位职责明确并上墙或成册。",
                "4",
                "缺一项管理制度扣1分；岗位职责不清、未落实到人扣1分；扣完为止。",
            ),
            (
                "1.2",
                "物业档案与设备台账",
                "竣工图纸、设备台账、业主档案、维保记录等资料齐全，分类归档，查阅方便。",
                "4",
                "缺设备台账或维保记录每项扣1分；档案混乱、无法查阅扣2分；扣完为止。",
            ),
            (
                "1.3",
                "信息公示",
                "在小区显著位置公示物业服务内容与标准、收费项目与标准、公共收益收支、项目负责人及服务电话。",
                "4",
                "未公示收费标准扣2分；未公示公共收益收支扣1分；公示内容过期或与实际不符扣1分。",
            ),
            (
                "1.4",
                "报修与投诉台账",
                "报修、投诉、12345诉求逐件登记，有处理结果和回访记录，台账闭环。",
                "4",
                "抽查5件，缺登记、缺处理结果或缺回访每件扣1分；扣完为止。",
            ),
            (
                "1.5",
                "应急预案与演练",
                "制定停水停电、电梯困人、火灾、汛期、极端天气等应急预案，每年至少组织一次演练并有记录。",
                "4",
                "缺一项应急预案扣1分；全年未组织演练扣2分；演练无记录扣1分。",
            ),
        ],
    ),
    (
        "2",
        "服务规范",
        [
            (
                "2.1",
                "客服中心与服务时间",
                "设置物业服务中心，工作日有人值守，公布24小时报修电话，夜间和节假日报修有人响应。",
                "4",
                "未设服务中心扣4分；未公布24小时报修电话扣2分；现场拨打无人接听扣1分。",
            ),
            (
                "2.2",
                "人员着装与持证上岗",
                "员工统一着装、佩戴工牌，言行规范；电工、电梯、消防控制室等特种作业人员持证上岗。",
                "4",
                "每发现1人未着装或未佩戴工牌扣0.5分；特种作业人员无证上岗每人扣2分；扣完为止。",
            ),
            (
                "2.3",
                "报修响应与维修时效",
                "急修30分钟内到场，一般报修24小时内处理，维修完成后回访。",
                "4",
                "抽查报修记录，超时1件扣1分；未回访1件扣0.5分；扣完为止。",
            ),
            (
                "2.4",
                "接诉即办诉求办理",
                "12345派给本项目的诉求按时联系诉求人、按时办结，办理结果有记录。",
                "4",
                "抽查诉求，未按时联系1件扣1分；无正当理由超期办结1件扣1分；扣完为止。",
            ),
            (
                "2.5",
                "业主沟通与满意度",
                "每年开展业主满意度调查并公布结果；参加社区议事协商，配合社区开展工作。",
                "4",
                "全年未开展满意度调查扣2分；调查结果未公布扣1分；无故不参加社区议事扣1分。",
            ),
        ],
    ),
    (
        "3",
        "房屋及设施设备管理",
        [
            (
                "3.1",
                "房屋共用部位",
                "屋面、外墙、楼道、单元门完好，无渗漏、无空鼓脱落，发现损坏及时报修处理。",
                "5",
                "发现屋面或外墙渗漏未处理每处扣1分；楼道墙面破损、单元门损坏每处扣0.5分；扣完为止。",
            ),
            (
                "3.2",
                "电梯运行与维保",
                "电梯有维保合同，按期维保，年检合格标志在轿厢内公示，困人应急有预案。",
                "5",
                "年检过期扣5分；维保记录缺失每次扣1分；合格标志未公示扣1分；扣完为止。",
            ),
            (
                "3.3",
                "给排水与二次供水",
                "水泵房整洁，二次供水水箱每年清洗消毒不少于一次并公示水质检测报告；排水通畅。",
                "5",
                "水箱全年未清洗消毒扣3分；水质检测报告未公示扣1分；泵房脏乱或跑冒滴漏扣1分。",
            ),
            (
                "3.4",
                "消防设施",
                "消火栓、灭火器、应急照明、疏散指示完好有效，消防控制室24小时双人值班。",
                "5",
                "灭火器过期或压力不足每具扣0.5分；消火栓缺水带或无水每处扣1分；消防控制室脱岗扣2分；扣完为止。",
            ),
            (
                "3.5",
                "公共照明与监控门禁",
                "楼道灯、路灯完好率不低于98%，监控、门禁系统运行正常，录像保存不少于30天。",
                "5",
                "楼道灯、路灯损坏每处扣0.5分；监控或门禁故障未报修每处扣1分；录像保存不足30天扣2分；扣完为止。",
            ),
        ],
    ),
    (
        "4",
        "公共秩序与安全",
        [
            (
                "4.1",
                "门岗值守与巡逻",
                "出入口24小时值守，外来人员、车辆登记，秩序维护人员定时巡逻并有记录。",
                "3",
                "出入口脱岗扣1分；无巡逻记录扣1分；外来车辆未登记扣1分。",
            ),
            (
                "4.2",
                "车辆停放与消防通道",
                "机动车按位停放，消防通道、消防车登高操作场地无占用，标识清楚。",
                "3",
                "消防通道被占用每处扣1分；车辆乱停乱放未劝导扣1分；扣完为止。",
            ),
            (
                "4.3",
                "电动自行车停放充电",
                "电动自行车集中停放、集中充电，楼道、门厅无停放，无飞线充电。",
                "3",
                "发现楼道停放或飞线充电每处扣1分；扣完为止。",
            ),
            (
                "4.4",
                "装饰装修管理",
                "装修前登记、告知，定期巡查装修现场，发现拆改承重结构、私搭乱建及时劝阻并报告。",
                "3",
                "装修未登记每户扣1分；发现违规装修未劝阻、未报告扣2分；扣完为止。",
            ),
            (
                "4.5",
                "安全隐患排查",
                "定期排查高空坠物、井盖缺损、外立面附着物、有限空间等隐患，建立台账并及时整改。",
                "3",
                "无隐患排查台账扣2分；发现隐患未整改每处扣1分；扣完为止。",
            ),
        ],
    ),
    (
        "5",
        "环境卫生与绿化",
        [
            (
                "5.1",
                "公共区域保洁",
                "道路、广场、楼道每日清扫，楼梯扶手、信报箱定期擦拭，无积存垃圾、无小广告。",
                "4",
                "每发现一处积存垃圾或卫生死角扣0.5分；楼道小广告未清理每处扣0.5分；扣完为止。",
            ),
            (
                "5.2",
                "垃圾分类与清运",
                "分类桶站设置规范、标识清晰，有桶前值守，垃圾日产日清，大件和装修垃圾定点堆放。",
                "4",
                "桶站标识不全或桶体破损每处扣0.5分；垃圾满溢未清运扣1分；装修垃圾乱堆扣1分；扣完为止。",
            ),
            (
                "5.3",
                "绿化养护",
                "按季节修剪、浇灌、施肥，病虫害及时防治，无黄土裸露、无毁绿种菜。",
                "4",
                "黄土裸露或绿地被占用每处扣0.5分；枯死苗木未补植每处扣0.5分；扣完为止。",
            ),
            (
                "5.4",
                "有害生物防治",
                "定期灭鼠、灭蟑、灭蚊蝇，投放点有标识，消杀有记录。",
                "4",
                "无消杀记录扣2分；发现鼠迹或蚊蝇孳生点每处扣0.5分；扣完为止。",
            ),
            (
                "5.5",
                "化粪池与雨污管线",
                "化粪池定期清掏，雨污水管线、雨水口汛期前疏通，无堵塞外溢。",
                "4",
                "汛期前未疏通检查扣2分；发现堵塞、外溢未处理每处扣1分；扣完为止。",
            ),
        ],
    ),
]

RULES = (
    # severity, working days to rectify after the on-site check, days until the look-back
    ("minor", 10, 15),
    ("major", 5, 10),
    ("serious", 2, 7),
)


def create(apps, schema_editor):
    IndicatorSystem = apps.get_model("evaluation", "IndicatorSystem")
    IndicatorCategory = apps.get_model("evaluation", "IndicatorCategory")
    Indicator = apps.get_model("evaluation", "Indicator")
    RectificationRule = apps.get_model("evaluation", "RectificationRule")
    if not IndicatorSystem.objects.filter(version=1).exists():
        system = IndicatorSystem.objects.create(
            version=1, name=NAME, note="默认版本：5个一级指标、25个二级指标，满分100分。"
        )
        for order, (code, name, indicators) in enumerate(CATEGORIES, 1):
            category = IndicatorCategory.objects.create(system=system, code=code, name=name, order=order)
            for position, (i_code, i_name, standard, top, rule) in enumerate(indicators, 1):
                Indicator.objects.create(
                    category=category,
                    code=i_code,
                    name=i_name,
                    standard=standard,
                    max_score=Decimal(top),
                    deduction_rule=rule,
                    order=position,
                )
    for severity, days, lookback in RULES:
        RectificationRule.objects.get_or_create(
            severity=severity, defaults={"rectify_working_days": days, "lookback_days": lookback}
        )


def remove(apps, schema_editor):
    IndicatorSystem = apps.get_model("evaluation", "IndicatorSystem")
    RectificationRule = apps.get_model("evaluation", "RectificationRule")
    IndicatorSystem.objects.filter(version=1, name=NAME, rounds__isnull=True).delete()
    RectificationRule.objects.filter(severity__in=[severity for severity, _, _ in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
