"""Summary tables the dashboards read. Built from work orders and their events; never edited by hand.

`OrderFact` is one narrow row per order (its rollup keys and 0/1 measures, as last counted).
The rollups are sums of facts (and of return/reassign events) and are kept current by
`rollup.insight_refresh`, which applies the difference between an order's old and new fact.
"""

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

MEASURES = (
    "received",  # counted orders (merged duplicates excluded)
    "merged",  # duplicates merged into a master (shown apart, never in the rates)
    "response_assessed",  # first contact recorded, or the order left handling without one
    "responded_on_time",  # responded_at <= response_due
    "resolved",  # resolved_at set (the current cycle; a redo clears it)
    "resolved_on_time",  # resolved_at <= resolve_due
    "visited",  # return visit answered (visited_at set and satisfaction given)
    "visit_resolved",  # the citizen said the problem is solved
    "satisfied",
    "basic",
    "unsatisfied",
    "extensions",  # approved extensions
    "redos",  # redo_count
    "open",  # still in handling (dispatched or accepted)
)


class Measures(models.Model):
    received = models.IntegerField(default=0)
    merged = models.IntegerField(default=0)
    response_assessed = models.IntegerField(default=0)
    responded_on_time = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    resolved_on_time = models.IntegerField(default=0)
    visited = models.IntegerField(default=0)
    visit_resolved = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    basic = models.IntegerField(default=0)
    unsatisfied = models.IntegerField(default=0)
    extensions = models.IntegerField(default=0)
    redos = models.IntegerField(default=0)
    open = models.IntegerField(default=0)

    class Meta:
        abstract = True


class OrderFact(Measures):
    order_id = models.BigIntegerField(primary_key=True)
    day = models.DateField()
    month = models.DateField()
    community_id = models.IntegerField(null=True)
    compound_id = models.IntegerField(null=True)
    category_id = models.IntegerField(null=True)
    channel = models.CharField(max_length=20)
    appeal_type = models.CharField(max_length=20)
    lead_unit_id = models.IntegerField(null=True)
    open_due_day = models.DateField(null=True)

    class Meta:
        verbose_name = verbose_name_plural = "工单统计事实"

    def __str__(self) -> str:
        return f"工单{self.order_id} {self.day}"


class DailyRollup(Measures):
    """Per received day × community × lead unit (the scope dimensions)."""

    day = models.DateField()
    community_id = models.IntegerField(null=True)
    lead_unit_id = models.IntegerField(null=True)

    class Meta:
        verbose_name = verbose_name_plural = "日汇总"
        indexes = [
            models.Index(fields=["day", "community_id", "lead_unit_id"], name="ins_daily_key"),
            models.Index(fields=["lead_unit_id", "day"], name="ins_daily_unit"),
            models.Index(fields=["community_id", "day"], name="ins_daily_comm"),
        ]

    def __str__(self) -> str:
        return f"{self.day} 社区{self.community_id} 单位{self.lead_unit_id}: {self.received}"


class MonthlyRollup(Measures):
    """DailyRollup summed by received month: a period's whole months read one row per key, not ~30."""

    month = models.DateField()
    community_id = models.IntegerField(null=True)
    lead_unit_id = models.IntegerField(null=True)

    class Meta:
        verbose_name = verbose_name_plural = "月汇总"
        indexes = [
            models.Index(fields=["month", "community_id", "lead_unit_id"], name="ins_month_key"),
            models.Index(fields=["community_id", "month"], name="ins_month_comm"),
            models.Index(fields=["lead_unit_id", "month"], name="ins_month_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} 社区{self.community_id} 单位{self.lead_unit_id}: {self.received}"


class MonthlySlice(Measures):
    """Per received month × community × lead unit × one more dimension (category, channel, …)."""

    class Dim(models.TextChoices):
        CATEGORY = "category", "问题分类"
        CHANNEL = "channel", "来源渠道"
        APPEAL_TYPE = "appeal_type", "诉求类型"
        COMPOUND = "compound", "小区"

    month = models.DateField()
    community_id = models.IntegerField(null=True)
    lead_unit_id = models.IntegerField(null=True)
    dim = models.CharField(max_length=20, choices=Dim.choices)
    value = models.CharField(max_length=40)

    class Meta:
        verbose_name = verbose_name_plural = "月分维度汇总"
        indexes = [
            models.Index(fields=["dim", "month", "community_id", "lead_unit_id"], name="ins_slice_key"),
            # a scoped page reads every dimension of its community's or units' months in one query
            models.Index(fields=["community_id", "month"], name="ins_slice_comm"),
            models.Index(fields=["lead_unit_id", "month"], name="ins_slice_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.dim}={self.value}: {self.received}"


class StreetSlice(Measures):
    """MonthlySlice summed over communities and units: what a street-wide page reads (~300 rows a month)."""

    month = models.DateField()
    dim = models.CharField(max_length=20, choices=MonthlySlice.Dim.choices)
    value = models.CharField(max_length=40)

    class Meta:
        verbose_name = verbose_name_plural = "街道月分维度汇总"
        indexes = [models.Index(fields=["dim", "month", "value"], name="ins_street_key")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.dim}={self.value}: {self.received}"


class OpenDue(models.Model):
    """Orders in handling by the day their resolution deadline ends (overdue now = due_day < today)."""

    due_day = models.DateField()
    community_id = models.IntegerField(null=True)
    lead_unit_id = models.IntegerField(null=True)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "在办工单时限汇总"
        indexes = [models.Index(fields=["due_day", "community_id", "lead_unit_id"], name="ins_due_key")]

    def __str__(self) -> str:
        return f"{self.due_day} 在办 {self.count}"


class EventRollup(models.Model):
    """退单 and 改派 per day of the event × the order's community × the unit that gave it up."""

    day = models.DateField()
    community_id = models.IntegerField(null=True)
    unit_id = models.IntegerField(null=True)
    kind = models.CharField(max_length=20)
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "退单改派汇总"
        indexes = [models.Index(fields=["day", "kind"], name="ins_evt_key")]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} {self.count}"


class RollupState(models.Model):
    """The one high-water mark row: what the summaries have already taken in."""

    event_id = models.BigIntegerField(default=0)
    order_id = models.BigIntegerField(default=0)
    refreshed_at = models.DateTimeField(null=True)
    built_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = verbose_name_plural = "汇总水位"

    def __str__(self) -> str:
        return f"事件 {self.event_id} / 工单 {self.order_id}"


class ScoreWeights(models.Model):
    """Composite score weights and the credit a 基本满意 answer earns (admin-editable, one row)."""

    response = models.DecimalField("响应率权重", max_digits=5, decimal_places=3, default=0.1)
    resolution = models.DecimalField("解决率权重", max_digits=5, decimal_places=3, default=0.45)
    satisfaction = models.DecimalField("满意率权重", max_digits=5, decimal_places=3, default=0.45)
    basic_credit = models.DecimalField(
        "基本满意计分",
        max_digits=4,
        decimal_places=3,
        default=0.8,
        help_text="一个“基本满意”按多少个“满意”计",
    )
    min_ranked = models.PositiveIntegerField(
        "参与排名的最少受理量",
        default=10,
        help_text="期间受理少于此数的单位和社区单列，不参与三率排名（件数太少，比率不稳定）",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "三率综合得分权重"

    def __str__(self) -> str:
        return f"响应{self.response} · 解决{self.resolution} · 满意{self.satisfaction}"


class SeasonalRule(models.Model):
    """A problem that rises every year in a season (供暖季: 暖气不热 from 15 November).

    A monthly rise of the category (or anything under it) in a month that overlaps the season is
    shown as seasonal on the dashboard and the hotspot page, with this note, not as a warning.
    """

    name = models.CharField("名称", max_length=30)
    category = models.ForeignKey(
        "workorders.Category",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="问题分类",
        help_text="该分类及其下级分类",
    )
    start_month = models.PositiveSmallIntegerField(
        "开始月", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    start_day = models.PositiveSmallIntegerField(
        "开始日", validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    end_month = models.PositiveSmallIntegerField(
        "结束月", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    end_day = models.PositiveSmallIntegerField(
        "结束日", validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    note = models.CharField(
        "说明", max_length=200, blank=True, help_text="如：每年11月15日开始供暖，暖气不热集中出现"
    )
    enabled = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "季节性问题"
        ordering = ["start_month", "start_day", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.window}）"

    @property
    def window(self) -> str:
        wraps = (self.end_month, self.end_day) < (self.start_month, self.start_day)
        end = f"{'次年' if wraps else ''}{self.end_month}月{self.end_day}日"
        return f"{self.start_month}月{self.start_day}日至{end}"

    def overlaps_month(self, month: date) -> bool:
        """Whether any day of `month` (the first of a month) is in the season."""
        start, end = (self.start_month, self.start_day), (self.end_month, self.end_day)
        first, last = (month.month, 1), (month.month, 31)
        if start <= end:
            return not (last < start or first > end)
        return last >= start or first <= end  # the season runs over the new year
