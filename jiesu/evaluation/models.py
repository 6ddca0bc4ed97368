"""Property alliance evaluation: the indicator system (data, versioned), rounds, inspections with
their scores, and the problem ledger (问题台账) with its audit events.

A round uses one fixed version of the indicator system; a new version starts as a copy of the
previous one (`services.indicator_system_copy`), so scores already given never change meaning.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum

from jiesu.core.models import AuditedEvent
from jiesu.evaluation.states import (
    InspectionAction,
    InspectionStatus,
    LedgerAction,
    LedgerStatus,
    RoundAction,
    RoundStatus,
)

SCORE_FIELD = {"max_digits": 5, "decimal_places": 1}


class Severity(models.TextChoices):
    MINOR = "minor", "一般"
    MAJOR = "major", "较重"
    SERIOUS = "serious", "严重"


# -- the indicator system -------------------------------------------------------------------------
class IndicatorSystem(models.Model):
    """One version of the indicator system (指标体系). Used by a round, it is frozen."""

    version = models.PositiveSmallIntegerField("版本号", unique=True)
    name = models.CharField("名称", max_length=100)
    note = models.TextField("说明", blank=True)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="复制自"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "考评指标体系"
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"

    @property
    def total_score(self) -> Decimal:
        total = Indicator.objects.filter(category__system=self).aggregate(total=Sum("max_score"))["total"]
        return total or Decimal("0")

    @property
    def in_use(self) -> bool:
        return self.rounds.exists()


class IndicatorCategory(models.Model):
    system = models.ForeignKey(
        IndicatorSystem, on_delete=models.CASCADE, related_name="categories", verbose_name="指标体系"
    )
    code = models.CharField("编号", max_length=10)
    name = models.CharField("一级指标", max_length=50)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "一级指标"
        ordering = ["system_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["system", "code"], name="uniq_eval_category_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Indicator(models.Model):
    category = models.ForeignKey(
        IndicatorCategory, on_delete=models.CASCADE, related_name="indicators", verbose_name="一级指标"
    )
    code = models.CharField("编号", max_length=10)
    name = models.CharField("二级指标", max_length=50)
    standard = models.TextField("考评标准")
    max_score = models.DecimalField(
        "分值",
        **SCORE_FIELD,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("100"))],
    )
    deduction_rule = models.TextField("扣分规则", help_text="如：未公示收费标准扣2分；扣完为止")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "二级指标"
        ordering = ["category_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="uniq_eval_indicator_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RectificationRule(models.Model):
    """How long a verified finding of one severity may take to fix, and when it is looked back at."""

    severity = models.CharField("严重程度", max_length=20, choices=Severity.choices, unique=True)
    rectify_working_days = models.PositiveSmallIntegerField(
        "整改时限(工作日)", validators=[MinValueValidator(1)], help_text="自现场核查之日起算"
    )
    lookback_days = models.PositiveSmallIntegerField(
        "回头看间隔(天)", help_text="整改完成后满这么多天方可回头看销号"
    )

    class Meta:
        verbose_name = verbose_name_plural = "整改时限规则"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}：{self.rectify_working_days}个工作日"


# -- rounds and inspections -------------------------------------------------------------------------
class Round(models.Model):
    name = models.CharField("轮次", max_length=50, unique=True, help_text="如 2024年第二季度")
    system = models.ForeignKey(
        IndicatorSystem, on_delete=models.PROTECT, related_name="rounds", verbose_name="指标体系"
    )
    period_start = models.DateField("考评期起")
    period_end = models.DateField("考评期止")
    status = models.CharField(
        "状态", max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="创建人",
    )  # fmt: skip
    created_at = models.DateTimeField("创建时间")
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "考评轮次"
        ordering = ["-period_start", "-id"]

    def __str__(self) -> str:
        return self.name


class Inspection(models.Model):
    """One evaluator's inspection of one property-service project in one round."""

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="inspections", verbose_name="轮次"
    )
    project = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="inspections", verbose_name="物业服务项目"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="评估专家"
    )
    status = models.CharField(
        "状态", max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.DRAFT, db_index=True
    )
    inspected_on = models.DateField("检查日期")
    summary = models.TextField("总体评价", blank=True)
    score = models.DecimalField("得分", **SCORE_FIELD, default=Decimal("0"))
    max_score = models.DecimalField("满分", **SCORE_FIELD, default=Decimal("0"))
    created_at = models.DateTimeField("开始时间")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "现场检查"
        ordering = ["round_id", "project_id"]
        constraints = [models.UniqueConstraint(fields=["round", "project"], name="uniq_eval_round_project")]

    def __str__(self) -> str:
        return f"{self.round.name} · {self.project.name}"


class Score(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name="指标")
    deduction = models.DecimalField("扣分", **SCORE_FIELD, default=Decimal("0"))
    reason = models.CharField("扣分原因", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标得分"
        constraints = [models.UniqueConstraint(fields=["inspection", "indicator"], name="uniq_eval_score")]

    def __str__(self) -> str:
        return f"{self.indicator.code} −{self.deduction}"


# -- the ledger --------------------------------------------------------------------------------------
class LedgerItem(models.Model):
    """One finding (问题) of an inspection, followed until it is closed (销号)."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="items", verbose_name="检查"
    )
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="items", verbose_name="轮次")
    project = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="ledger_items", verbose_name="物业服务项目"
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="对应指标"
    )
    community = models.ForeignKey(
        "places.Community", on_delete=models.PROTECT, related_name="+", verbose_name="社区"
    )
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
    description = models.TextField("问题描述")
    severity = models.CharField("严重程度", max_length=20, choices=Severity.choices, default=Severity.MINOR)
    status = models.CharField(
        "状态", max_length=20, choices=LedgerStatus.choices, default=LedgerStatus.POINTED, db_index=True
    )
    pointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发现人"
    )
    pointed_at = models.DateTimeField("发现时间", db_index=True)
    verified_at = models.DateTimeField("核查时间", null=True, blank=True)
    rectify_due = models.DateTimeField("整改时限", null=True, blank=True, db_index=True)
    rectified_at = models.DateTimeField("整改完成时间", null=True, blank=True)
    rectification = models.TextField("整改情况", blank=True)
    late = models.BooleanField("曾超期整改", default=False, help_text="有一次整改在时限之后完成")
    lookback_due = models.DateField("回头看日期", null=True, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("重新整改次数", default=0)
    escalation_level = models.PositiveSmallIntegerField("督办级别", default=0)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = "问题台账"
        ordering = ["-pointed_at", "-id"]
        indexes = [
            models.Index(fields=["project", "status"], name="eval_item_project"),
            models.Index(fields=["community", "status"], name="eval_item_community"),
        ]

    def __str__(self) -> str:
        return f"台账{self.pk} {self.description[:20]}"

    @property
    def place_name(self) -> str:
        return str(self.building) if self.building_id else self.compound.name


# -- audit events --------------------------------------------------------------------------------------
class RoundEvent(AuditedEvent):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="events", verbose_name="轮次")
    kind = models.CharField("事件", max_length=40, choices=RoundAction.choices)

    class Meta(AuditedEvent.Meta):
        verbose_name = verbose_name_plural = "轮次记录"


class InspectionEvent(AuditedEvent):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="events", verbose_name="检查"
    )
    kind = models.CharField("事件", max_length=40, choices=InspectionAction.choices)

    class Meta(AuditedEvent.Meta):
        verbose_name = verbose_name_plural = "检查记录"


class LedgerEvent(AuditedEvent):
    item = models.ForeignKey(LedgerItem, on_delete=models.PROTECT, related_name="events", verbose_name="问题")
    kind = models.CharField("事件", max_length=40, choices=LedgerAction.choices)

    class Meta(AuditedEvent.Meta):
        verbose_name = verbose_name_plural = "台账记录"
