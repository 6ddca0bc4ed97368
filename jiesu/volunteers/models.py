"""Volunteers (1+4+X): the street's volunteer service, its teams, volunteers and their service
records; residents in need (a sensitive register), pairings of a volunteer with a resident and
the visits made."""

from django.conf import settings
from django.db import models

from jiesu.core.models import AuditedEvent


class Team(models.Model):
    """One of the street volunteer service's teams (爱在南苑, 青春南苑, 情暖南苑, 文明南苑)."""

    name = models.CharField("队伍名称", max_length=40, unique=True)
    focus = models.CharField("服务方向", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "志愿服务队"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class VolunteerKind(models.TextChoices):
    RESIDENT = "resident", "居民"
    RIDER = "rider", "骑手"
    PARTY_MEMBER = "party_member", "党员"
    OTHER = "other", "其他"


class VolunteerStatus(models.TextChoices):
    ACTIVE = "active", "在册"
    INACTIVE = "inactive", "已退出"


class Volunteer(models.Model):
    name = models.CharField("姓名", max_length=30)
    phone = models.CharField("手机号", max_length=20, blank=True)
    kind = models.CharField(
        "身份", max_length=20, choices=VolunteerKind.choices, default=VolunteerKind.RESIDENT
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="volunteers", verbose_name="所属队伍"
    )
    community = models.ForeignKey(
        "places.Community", on_delete=models.PROTECT, related_name="volunteers", verbose_name="所在社区"
    )
    rider = models.OneToOneField(
        "riders.Rider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name="骑手（暖心卡）",
    )
    skills = models.CharField(
        "技能特长", max_length=200, blank=True, help_text="如：理发、维修、陪诊、心理疏导"
    )
    availability = models.CharField(
        "可服务时间", max_length=100, blank=True, help_text="如：周末上午、工作日晚间"
    )
    status = models.CharField(
        "状态", max_length=20, choices=VolunteerStatus.choices, default=VolunteerStatus.ACTIVE
    )
    joined_on = models.DateField("加入日期")

    class Meta:
        verbose_name = verbose_name_plural = "志愿者"
        ordering = ["team_id", "id"]

    def __str__(self) -> str:
        return self.name


class NeedKind(models.TextChoices):
    ALONE = "alone", "独居老人"
    EMPTY_NEST = "empty_nest", "空巢老人"
    DISABLED = "disabled", "残疾人"
    HARDSHIP = "hardship", "困难家庭"
    OTHER = "other", "其他"


class ResidentStatus(models.TextChoices):
    ACTIVE = "active", "在册"
    CLOSED = "closed", "已销册"


class Resident(models.Model):
    """A resident in need: sensitive — seen only by their community and the street, name and phone
    masked unless revealed (each reveal logged)."""

    community = models.ForeignKey(
        "places.Community", on_delete=models.PROTECT, related_name="residents_in_need", verbose_name="社区"
    )
    compound = models.ForeignKey(
        "places.Compound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="小区",
    )
    address = models.CharField("住址", max_length=120, blank=True, help_text="楼栋、单元、门牌")
    name = models.CharField("姓名", max_length=30)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    kind = models.CharField("类别", max_length=20, choices=NeedKind.choices)
    needs = models.CharField("主要需求", max_length=200, blank=True)
    visit_every_days = models.PositiveSmallIntegerField("走访周期(天)", default=7)
    status = models.CharField(
        "状态", max_length=20, choices=ResidentStatus.choices, default=ResidentStatus.ACTIVE
    )
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = verbose_name_plural = "困难群众"
        ordering = ["community_id", "id"]

    def __str__(self) -> str:
        return f"困难群众 {self.pk}"


class PairingStatus(models.TextChoices):
    ACTIVE = "active", "结对中"
    ENDED = "ended", "已结束"


class Pairing(models.Model):
    """A volunteer (a rider, a resident, a party member) paired with a resident in need."""

    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="pairings", verbose_name="困难群众"
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="pairings", verbose_name="志愿者"
    )
    started_on = models.DateField("结对日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=PairingStatus.choices, default=PairingStatus.ACTIVE
    )
    last_visit_on = models.DateField("最近走访", null=True, blank=True)
    next_visit_due = models.DateField("下次走访截止", db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "结对帮扶"
        ordering = ["next_visit_due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "volunteer"],
                condition=models.Q(status="active"),
                name="pairing_active_unique",
            )
        ]

    def __str__(self) -> str:
        return f"结对 {self.pk}"


class ServiceMode(models.TextChoices):
    FIXED = "fixed", "定点"
    DOOR = "door", "上门"


class ServiceNature(models.TextChoices):
    COMMON = "common", "共性"
    PERSONAL = "personal", "个性"


class ServiceRecord(models.Model):
    """One service given by a volunteer: where (定点 / 上门), for whom (共性 / 个性), how long."""

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="records", verbose_name="志愿者"
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="records", verbose_name="队伍")
    community = models.ForeignKey(
        "places.Community", on_delete=models.PROTECT, related_name="+", verbose_name="服务社区"
    )
    served_on = models.DateField("服务日期", db_index=True)
    hours = models.DecimalField("时长(小时)", max_digits=5, decimal_places=1)
    mode = models.CharField("方式", max_length=10, choices=ServiceMode.choices)
    nature = models.CharField("类型", max_length=10, choices=ServiceNature.choices)
    content = models.CharField("服务内容", max_length=200)
    whom = models.CharField("服务对象", max_length=100, blank=True, help_text="共性服务填人群，如：小区老人")
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="records",
        verbose_name="困难群众",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = verbose_name_plural = "志愿服务记录"
        ordering = ["-served_on", "-id"]

    def __str__(self) -> str:
        return f"{self.served_on} {self.content}"


class VisitWellbeing(models.TextChoices):
    GOOD = "good", "良好"
    FAIR = "fair", "一般"
    CONCERN = "concern", "需关注"


class Visit(models.Model):
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="visits", verbose_name="结对")
    visited_on = models.DateField("走访日期", db_index=True)
    wellbeing = models.CharField(
        "状况", max_length=10, choices=VisitWellbeing.choices, default=VisitWellbeing.GOOD
    )
    note = models.CharField("走访情况", max_length=300)
    record = models.OneToOneField(
        ServiceRecord, on_delete=models.PROTECT, related_name="visit", verbose_name="服务记录"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )

    class Meta:
        verbose_name = verbose_name_plural = "走访记录"
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"走访 {self.visited_on}"


class VolunteerEventKind(models.TextChoices):
    VOLUNTEER_CREATED = "volunteer_created", "登记志愿者"
    VOLUNTEER_CHANGED = "volunteer_changed", "修改志愿者"
    VOLUNTEER_LEFT = "leave", "志愿者退出"
    VOLUNTEER_REJOINED = "rejoin", "志愿者恢复"
    SERVICE_RECORDED = "service_recorded", "登记服务"
    RESIDENT_CREATED = "resident_created", "登记困难群众"
    RESIDENT_CHANGED = "resident_changed", "修改困难群众"
    RESIDENT_CLOSED = "close", "销册"
    RESIDENT_REOPENED = "reopen", "恢复在册"
    REVEALED = "revealed", "查看完整信息"
    PAIRED = "paired", "结对"
    PAIRING_ENDED = "end", "结束结对"
    VISITED = "visited", "走访"


class VolunteerEvent(AuditedEvent):
    """Append-only: every change of a volunteer, a resident, a pairing; every service and visit."""

    kind = models.CharField("事件", max_length=40, choices=VolunteerEventKind.choices)
    volunteer = models.ForeignKey(
        Volunteer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="志愿者",
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="困难群众",
    )
    pairing = models.ForeignKey(
        Pairing, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name="结对"
    )
    record = models.ForeignKey(
        ServiceRecord,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="服务记录",
    )

    class Meta(AuditedEvent.Meta):
        verbose_name = verbose_name_plural = "志愿服务变更记录"
