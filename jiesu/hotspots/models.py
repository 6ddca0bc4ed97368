"""Hotspot rules (admin-editable thresholds), the alerts a scan raises, and their audit events.

Recurring points are not stored: `selectors.recurring_points` derives them from the orders on
demand (a few aggregate queries), so they can never drift from the orders they summarise.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class PlaceLevel(models.TextChoices):
    COMPOUND = "compound", "小区"
    BUILDING = "building", "楼栋"


class HotspotRule(models.Model):
    """One detector configuration; each enabled rule is scanned on its own."""

    name = models.CharField("名称", max_length=50, unique=True)
    enabled = models.BooleanField("启用", default=True)
    place_level = models.CharField(
        "地点层级", max_length=20, choices=PlaceLevel.choices, default=PlaceLevel.COMPOUND
    )
    category_level = models.PositiveSmallIntegerField(
        "分类层级",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text="按第几级问题分类归并（1 一级 … 3 三级）",
    )
    window_hours = models.PositiveSmallIntegerField(
        "时间窗(小时)", default=48, validators=[MinValueValidator(1)]
    )
    min_count = models.PositiveSmallIntegerField("最少工单数", default=3, validators=[MinValueValidator(2)])
    p_value = models.FloatField(
        "显著性阈值",
        default=0.001,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
        help_text="窗口内工单数在泊松分布下的上尾概率低于此值时预警",
    )
    floor_per_month = models.FloatField(
        "基线下限(件/月)", default=0.5, help_text="没有历史的地点与分类，按每月至少这么多件估计"
    )
    history_months = models.PositiveSmallIntegerField(
        "历史月数", default=15, help_text="基线读取的历史（同季去年需要至少13个月）"
    )
    last_scan_at = models.DateTimeField("上次扫描", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "热点预警规则"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class AlertStatus(models.TextChoices):
    OPEN = "open", "待处理"
    ACKNOWLEDGED = "acknowledged", "已确认"
    CLOSED = "closed", "已关闭"


class Alert(models.Model):
    """A surge of one category at one compound or building."""

    rule = models.ForeignKey(
        HotspotRule, on_delete=models.PROTECT, related_name="alerts", verbose_name="规则"
    )
    category = models.ForeignKey(
        "workorders.Category", on_delete=models.PROTECT, related_name="+", verbose_name="问题分类"
    )
    community = models.ForeignKey(
        "places.Community", on_delete=models.PROTECT, related_name="+", verbose_name="社区"
    )
    compound = models.ForeignKey(
        "places.Compound", on_delete=models.PROTECT, related_name="hotspot_alerts", verbose_name="小区"
    )
    building = models.ForeignKey(
        "places.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="楼栋",
    )
    first_order_at = models.DateTimeField("首单时间")
    last_order_at = models.DateTimeField("末单时间")
    raised_at = models.DateTimeField("预警时间", db_index=True, help_text="触发预警的那张工单的受理时间")
    detected_at = models.DateTimeField("发现时间", help_text="扫描发现的时间")
    order_count = models.PositiveIntegerField("工单数")
    expected = models.FloatField("时间窗内预期件数")
    p_value = models.FloatField("上尾概率")
    status = models.CharField(
        "状态", max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN, db_index=True
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="确认人",
    )
    acknowledged_at = models.DateTimeField("确认时间", null=True, blank=True)
    note = models.TextField("处置说明", blank=True)
    action_text = models.CharField("关联行动", max_length=200, blank=True)
    action_url = models.CharField("行动链接", max_length=300, blank=True)
    orders = models.ManyToManyField(
        "workorders.WorkOrder", through="AlertOrder", related_name="hotspot_alerts", verbose_name="工单"
    )

    class Meta:
        verbose_name = verbose_name_plural = "热点预警"
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["rule", "compound", "category", "last_order_at"], name="alert_key")]

    def __str__(self) -> str:
        return f"{self.place_name} {self.category.name} {self.order_count}件"

    @property
    def place_name(self) -> str:
        return str(self.building) if self.building_id else self.compound.name


class AlertOrder(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="links")
    order = models.ForeignKey("workorders.WorkOrder", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "预警工单"
        constraints = [models.UniqueConstraint(fields=["alert", "order"], name="uniq_alert_order")]

    def __str__(self) -> str:
        return f"{self.alert_id}: {self.order_id}"


class AlertEventKind(models.TextChoices):
    RAISED = "raised", "发出预警"
    EXTENDED = "extended", "新增工单"
    ACKNOWLEDGED = "acknowledged", "确认"
    ACTION_LINKED = "action_linked", "关联行动"
    CLOSED = "closed", "关闭"


class AlertEvent(models.Model):
    """One change of one alert: who, when, old and new. Append-only."""

    append_only = True  # refused in Python and, on PostgreSQL, by a trigger (jiesu.audit.append_only)

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events", verbose_name="预警")
    kind = models.CharField("事件", max_length=20, choices=AlertEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
        help_text="为空表示系统自动",
    )
    at = models.DateTimeField("时间")
    old = models.JSONField("原值", default=dict, blank=True)
    new = models.JSONField("新值", default=dict, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "预警事件"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("预警事件只能追加，不能修改。")
        super().save(*args, **kwargs)
