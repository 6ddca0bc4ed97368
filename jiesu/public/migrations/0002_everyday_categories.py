"""The everyday categories of the public forms, mapped to the taxonomy by path (editable in the admin)."""

from django.db import migrations

# (label, hint, category path, appeal type, audience)
ROWS = [
    ("漏水渗水", "屋顶、外墙、管道漏水", "城乡建设 › 物业管理 › 房屋漏水", "help", "resident"),
    ("电梯故障", "停运、异响、困人隐患", "城乡建设 › 物业管理 › 电梯维修", "help", "resident"),
    ("公共设施损坏", "楼道灯、门禁、单元门", "城乡建设 › 物业管理 › 公共设施维修", "help", "resident"),
    ("垃圾清运", "垃圾满溢、没人清运", "市容环境 › 环境卫生 › 垃圾清运", "complaint", "resident"),
    ("楼道堆物", "杂物堵塞楼道", "社区治理 › 社区环境 › 楼道堆物", "complaint", "resident"),
    ("小区停车", "乱停车、车位问题", "城乡建设 › 物业管理 › 小区停车", "complaint", "resident"),
    ("噪声扰民", "施工、商铺、夜间噪声", "市容环境 › 环境污染 › 噪声扰民", "complaint", "resident"),
    ("暖气不热", "家中温度偏低", "市政设施 › 供暖 › 暖气不热", "help", "resident"),
    ("树木绿化", "树枝遮挡、需要修剪", "市容环境 › 园林绿化 › 树木修剪", "help", "resident"),
    ("物业服务", "服务态度、保洁、维修不及时", "城乡建设 › 物业管理 › 物业服务", "complaint", "resident"),
    ("路面坑洼", "路面破损、塌陷", "市政设施 › 道路设施 › 路面破损", "report", "rider"),
    ("井盖缺失", "井盖丢失、破损、松动", "市政设施 › 道路设施 › 井盖缺失", "report", "rider"),
    ("路灯不亮", "夜间道路照明", "市政设施 › 道路设施 › 路灯不亮", "report", "both"),
    ("道路积水", "下雨后积水", "市政设施 › 排水 › 雨水积水", "report", "both"),
    ("消防通道占用", "车辆、杂物堵住通道", "社会治安 › 消防安全 › 消防通道占用", "report", "both"),
    ("电动车充电隐患", "飞线充电、楼道充电", "社会治安 › 消防安全 › 电动车充电", "report", "both"),
    ("占道经营", "摊位占用道路", "市容环境 › 市容秩序 › 占道经营", "report", "rider"),
    ("信号灯故障", "红绿灯不亮、时间异常", "交通运输 › 道路交通 › 交通信号灯", "report", "rider"),
    ("共享单车乱停", "堵路、堵门", "交通运输 › 停车管理 › 共享单车", "report", "rider"),
    ("其他问题", "以上都不是", "", "help", "both"),
]


def add(apps, schema_editor):
    EverydayCategory = apps.get_model("public", "EverydayCategory")
    EverydayCategory.objects.bulk_create(
        EverydayCategory(
            label=label,
            hint=hint,
            category_path=path,
            appeal_type=appeal,
            audience=audience,
            position=number * 10,
        )
        for number, (label, hint, path, appeal, audience) in enumerate(ROWS, 1)
    )


def remove(apps, schema_editor):
    EverydayCategory = apps.get_model("public", "EverydayCategory")
    EverydayCategory.objects.filter(label__in=[row[0] for row in ROWS]).delete()


class Migration(migrations.Migration):
    dependencies = [("public", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
