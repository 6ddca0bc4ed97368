"""点位台账: topics (master data), a register per compound and topic, its points (building / unit /
household) moving through the loop with times and audited events, and seasonal campaigns with
their tasks."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from jiesu.core.models import AuditedEvent
from jiesu.registers.states import OPEN_POINT, OPEN_TASK, PointAction, PointStatus, TaskAction, TaskStatus


class Topic(models.Model):
    """What a register is about (漏雨, 下水堵塞, 暖气): the order categories that count for it and
    how many days a point has from registration to its community revisit."""

    name = models.CharField("主题", max_length=30, unique=True)
    categories = models.ManyToManyField(
        "workorders.Category",
        blank=True,
        related_name="+",
        verbose_name="对应工单分类",
        help_text="统计该主题的工单时计入这些分类及其下级分类",
    )
    days_to_close = models.PositiveSmallIntegerField(
        "办结时限(天)",
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="登记后多少天内应完成社区回访，超过即为逾期点位",
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "台账主题"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Register(models.Model):
    """One table of points: a compound and a topic (阳光星苑 · 漏雨)."""

    community = models.ForeignKey(
        "places.Community", on_delete=models.PROTECT, related_name="+", verbose_name="社区"
    )
    compound = models.ForeignKey(
        "places.Compound", on_delete=models.PROTECT, related_name="+", verbose_name="小区"
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="registers", verbose_name="主题")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="建立人"
    )
    created_at = models.DateTimeField("建立时间")

    class Meta:
        verbose_name = verbose_name_plural = "点位台账"
        ordering = ["community_id", "compound_id", "topic_id"]
        constraints = [models.UniqueConstraint(fields=["compound", "topic"], name="uniq_register_topic")]

    def __str__(self) -> str:
        return f"{self.compound.name} · {self.topic.name}"

    def clean(self) -> None:
        if self.compound_id and self.community_id and self.compound.community_id != self.community_id:
            raise ValidationError("小区不属于该社区。")


class Source(models.TextChoices):
    VISIT = "visit", "入户走访"
    ORDER = "order", "12345工单"
    WHISTLE = "whistle", "吹哨报到"
    GRID = "grid", "网格上报"


class Point(models.Model):
    register = models.ForeignKey(
        Register, on_delete=models.PROTECT, related_name="points", verbose_name="台账"
    )
    building = models.ForeignKey(
        "places.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="楼栋",
    )
    entrance = models.CharField("单元", max_length=10, blank=True)
    room = models.CharField("门牌号", max_length=20, blank=True)
    description = models.CharField("问题描述", max_length=500)
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    source_ref = models.CharField("来源编号", max_length=64, blank=True, help_text="工单号、吹哨编号等")
    status = models.CharField(
        "状态", max_length=20, choices=PointStatus.choices, default=PointStatus.REGISTERED, db_index=True
    )
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="register_points",
        verbose_name="包户干部",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    registered_at = models.DateTimeField("登记时间", db_index=True)
    due_on = models.DateField("应回访日期", db_index=True)
    assigned_at = models.DateTimeField("包户时间", null=True, blank=True)
    responded_at = models.DateTimeField("响应时间", null=True, blank=True)
    repaired_at = models.DateTimeField("维修时间", null=True, blank=True)
    revisited_at = models.DateTimeField("回访时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("撤销时间", null=True, blank=True)
    escalated_at = models.DateTimeField(
        "逾期督办时间", null=True, blank=True, help_text="逾期扫描首次发现该点位逾期未回访的时间"
    )
    repair_note = models.CharField("维修情况", max_length=500, blank=True)
    revisit_note = models.CharField("回访情况", max_length=500, blank=True)
    orders = models.ManyToManyField(
        "workorders.WorkOrder", blank=True, related_name="+", verbose_name="关联工单"
    )
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "点位"
        ordering = ["-registered_at", "-id"]
        indexes = [models.Index(fields=["status", "due_on"], name="register_point_due")]

    def __str__(self) -> str:
        return f"{self.register} {self.place_name}"

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_POINT and self.due_on < timezone.localdate()

    @property
    def place_name(self) -> str:
        place = f"{self.building.number}号楼" if self.building_id else "全小区"
        if self.entrance:
            place += f"{self.entrance}单元"
        if self.room:
            place += self.room
        return place


class PointEventKind(models.TextChoices):
    REGISTER = "register", "表格登记"
    ASSIGN = PointAction.ASSIGN.value, PointAction.ASSIGN.label
    REASSIGN = PointAction.REASSIGN.value, PointAction.REASSIGN.label
    RESPOND = PointAction.RESPOND.value, PointAction.RESPOND.label
    REPAIR = PointAction.REPAIR.value, PointAction.REPAIR.label
    REVISIT = PointAction.REVISIT.value, PointAction.REVISIT.label
    REOPEN = PointAction.REOPEN.value, PointAction.REOPEN.label
    CANCEL = PointAction.CANCEL.value, PointAction.CANCEL.label
    LINK_ORDER = PointAction.LINK_ORDER.value, PointAction.LINK_ORDER.label
    ESCALATE = PointAction.ESCALATE.value, PointAction.ESCALATE.label


class PointEvent(AuditedEvent):
    point = models.ForeignKey(Point, on_delete=models.PROTECT, related_name="events", verbose_name="点位")
    kind = models.CharField("事件", max_length=40, choices=PointEventKind.choices)

    class Meta(AuditedEvent.Meta):
        verbose_name = verbose_name_plural = "点位记录"

    def __str__(self) -> str:
        return f"{self.point_id} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class Campaign(models.Model):
    """A seasonal campaign (2024 汛期防漏雨): a window, the compounds it covers and its topic,
    whose orders after the window are compared with the same window a year earlier."""

    name = models.CharField("专项行动", max_length=60, unique=True)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="campaigns", verbose_name="主题")
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    compounds = models.ManyToManyField("places.Compound", related_name="+", verbose_name="覆盖小区")
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="建立人"
    )
    created_at = models.DateTimeField("建立时间")

    class Meta:
        verbose_name = verbose_name_plural = "专项行动"
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError("结束日期不能早于开始日期。")


class CampaignTask(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="tasks", verbose_name="专项行动"
    )
    title = models.CharField("任务", max_length=60, help_text="如 雨水管道清掏、屋面检查")
    compound = models.ForeignKey(
        "places.Compound", on_delete=models.PROTECT, related_name="+", verbose_name="小区"
    )
    building = models.ForeignKey(
        "places.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="楼栋",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="campaign_tasks",
        verbose_name="负责人",
    )
    due_on = models.DateField("完成期限", db_index=True)
    status = models.CharField(
        "状态", max_length=20, choices=TaskStatus.choices, default=TaskStatus.TODO, db_index=True
    )
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    escalated_at = models.DateTimeField(
        "逾期督办时间", null=True, blank=True, help_text="逾期扫描首次发现该任务逾期未完成的时间"
    )
    result = models.CharField("完成情况", max_length=500, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "专项任务"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.campaign.name} · {self.title}"

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_TASK and self.due_on < timezone.localdate()


class TaskEventKind(models.TextChoices):
    CREATE = "create", "布置任务"
    START = TaskAction.START.value, TaskAction.START.label
    FINISH = TaskAction.FINISH.value, TaskAction.FINISH.label
    REOPEN = TaskAction.REOPEN.value, TaskAction.REOPEN.label
    ESCALATE = TaskAction.ESCALATE.value, TaskAction.ESCALATE.label


class TaskEvent(AuditedEvent):
    task = models.ForeignKey(
        CampaignTask, on_delete=models.PROTECT, related_name="events", verbose_name="任务"
    )
    kind = models.CharField("事件", max_length=40, choices=TaskEventKind.choices)

    class Meta(AuditedEvent.Meta):
        verbose_name = verbose_name_plural = "专项任务记录"

    def __str__(self) -> str:
        return f"{self.task_id} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
