"""Triage: model versions, settings and routing rules (data, edited in the admin), and per order
the suggestions made (TriageResult) and the dispatcher's corrections (Correction)."""

from django.conf import settings
from django.db import models

from jiesu.core.models import AuditedEvent


class ModelVersion(models.Model):
    """One trained category classifier. Exactly one is active; intake uses it."""

    version = models.CharField("版本", max_length=40, unique=True)
    created_at = models.DateTimeField("训练时间", auto_now_add=True)
    trained_on = models.PositiveIntegerField("训练样本数", default=0)
    labels = models.JSONField("分类标签", default=list, blank=True)
    evaluation = models.JSONField("评估结果", default=dict, blank=True)
    blob = models.BinaryField("模型数据")
    is_active = models.BooleanField("使用中", default=False)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "分类模型版本"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="one_active_model"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version}{'（使用中）' if self.is_active else ''}"


class TriageSettings(models.Model):
    """The one row of thresholds. Auto-dispatch is off in a fresh install: a street turns it on
    after it has looked at the suggestions for a while (docs/triage.md)."""

    auto_dispatch_enabled = models.BooleanField("启用自动派单", default=False)
    category_threshold = models.FloatField("分类置信度阈值", default=0.85)
    place_threshold = models.FloatField("地点置信度阈值", default=0.9)
    unit_threshold = models.FloatField("承办单位置信度阈值", default=0.8)
    duplicate_days = models.PositiveSmallIntegerField("查重天数", default=90)
    duplicate_threshold = models.FloatField(
        "重复工单相似度阈值", default=0.42, help_text="基准测试（bench/triage.py）所用的默认值"
    )
    shadow_mode = models.BooleanField(
        "影子模式",
        default=True,
        help_text="未启用自动派单时，记录本会自动派单的工单并统计其实际准确率",
    )
    target_precision = models.FloatField("自动派单目标准确率", default=0.95)
    guard_window = models.PositiveIntegerField("准确率监测窗口（件）", default=200)
    guard_min_decisions = models.PositiveIntegerField("监测最少件数", default=30)
    paused_at = models.DateTimeField("自动派单暂停时间", null=True, blank=True)
    paused_reason = models.CharField("暂停原因", max_length=300, blank=True)
    calibrated_at = models.DateTimeField("阈值校准时间", null=True, blank=True)
    calibration = models.JSONField("阈值校准依据", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "智能分拣设置"

    def __str__(self) -> str:
        return "智能分拣设置"


class RoutingRule(models.Model):
    """分类 × 地点 → 承办单位. The most specific matching rule wins, then the higher priority."""

    class Target(models.TextChoices):
        FIXED = "fixed", "指定单位"
        PROPERTY_PROJECT = "property_project", "小区的物业服务项目"
        COMMUNITY_UNIT = "community_unit", "小区所在社区居委会"

    class HasProperty(models.TextChoices):
        ANY = "", "不限"
        YES = "yes", "有物业"
        NO = "no", "无物业"

    name = models.CharField("规则名称", max_length=100)
    category = models.ForeignKey(
        "workorders.Category",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="问题分类",
        help_text="为空表示任意分类；选中的分类包含其下级分类",
    )
    community = models.ForeignKey(
        "places.Community",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="社区",
        help_text="为空表示全街道",
    )
    compound_kind = models.CharField(
        "小区类型", max_length=20, blank=True, choices=[("apartment", "楼房"), ("bungalow", "平房")]
    )
    has_property = models.CharField("物业情况", max_length=10, blank=True, choices=HasProperty.choices)
    target = models.CharField("派往", max_length=30, choices=Target.choices, default=Target.FIXED)
    unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="指定单位",
    )
    confidence = models.FloatField("置信度", default=0.95)
    priority = models.IntegerField("优先级", default=0, help_text="同样具体时，数字大的优先")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "派单规则"
        ordering = ["-priority", "id"]

    def __str__(self) -> str:
        return self.name


class TriageResult(models.Model):
    order = models.OneToOneField(
        "workorders.WorkOrder", on_delete=models.CASCADE, related_name="triage", verbose_name="工单"
    )
    model_version = models.ForeignKey(
        ModelVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="模型版本",
    )
    category = models.ForeignKey(
        "workorders.Category", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    category_confidence = models.FloatField("分类置信度", default=0)
    community = models.ForeignKey(
        "places.Community", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    compound = models.ForeignKey(
        "places.Compound", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    building = models.ForeignKey(
        "places.Building", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entrance = models.CharField("单元", max_length=10, blank=True)
    room = models.CharField("门牌号", max_length=20, blank=True)
    place_confidence = models.FloatField("地点置信度", default=0)
    place_text = models.CharField("匹配文本", max_length=100, blank=True)
    urgency = models.CharField("建议紧急程度", max_length=20, default="normal")
    urgency_reasons = models.JSONField("紧急原因", default=list, blank=True)
    duplicates = models.JSONField(
        "疑似重复", default=list, blank=True, help_text='[{"id", "number", "score"}]'
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    unit_confidence = models.FloatField("单位置信度", default=0)
    unit_source = models.CharField("单位来源", max_length=30, blank=True, help_text="rule:<id> 或 history")
    auto_dispatched = models.BooleanField("已自动派单", default=False)
    would_auto_dispatch = models.BooleanField(
        "达到自动派单条件", default=False, help_text="影子模式下记录：若启用自动派单，本单会被自动派出"
    )
    needs_human = models.BooleanField("需人工", default=True, db_index=True)
    accepted = models.JSONField("已采纳", default=list, blank=True)
    error = models.TextField("错误", blank=True)
    timings = models.JSONField("耗时(毫秒)", default=dict, blank=True)
    created_at = models.DateTimeField("分拣时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "分拣结果"

    def __str__(self) -> str:
        return f"{self.order_id} 分拣结果"


class Correction(models.Model):
    """A dispatcher changed what triage suggested: kept as a label for the next training."""

    order = models.ForeignKey(
        "workorders.WorkOrder",
        on_delete=models.CASCADE,
        related_name="triage_corrections",
        verbose_name="工单",
    )
    field = models.CharField("字段", max_length=20)
    suggested = models.JSONField("建议值", null=True, blank=True)
    chosen = models.JSONField("采用值", null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "分拣更正"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["field", "order"], name="triage_correction_field")]

    def __str__(self) -> str:
        return f"{self.order_id} {self.field}: {self.suggested} → {self.chosen}"


class TriageEvent(AuditedEvent):
    """Changes the system or a centre admin made to how triage decides (append-only)."""

    class Kind(models.TextChoices):
        GUARD_PAUSED = "guard_paused", "自动派单暂停"
        GUARD_RESUMED = "guard_resumed", "自动派单恢复"
        CALIBRATED = "calibrated", "阈值重新估计"
        MODEL_TRAINED = "model_trained", "训练分类模型"

    kind = models.CharField("事件", max_length=40, choices=Kind.choices)

    class Meta(AuditedEvent.Meta):
        verbose_name = verbose_name_plural = "智能分拣变更记录"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
