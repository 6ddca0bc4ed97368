"""吹哨报到: a whistle (a community summons units to a problem), one summons per unit called,
what the whistle is linked to, its audited events, and the deadline rules (data, in the admin)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from jiesu.core.models import AuditedEvent
from jiesu.whistles.states import SummonsAction, SummonsStatus, WhistleAction, WhistleStatus
from jiesu.workorders.models import Urgency

RATING = [MinValueValidator(1), MaxValueValidator(5)]


class CheckInRule(models.Model):
    """报到时限: how many working hours a summoned unit has to check in, by urgency."""

    urgency = models.CharField("紧急程度", max_length=20, choices=Urgency.choices, unique=True)
    working_hours = models.PositiveSmallIntegerField(
        "报到时限(工作小时)", validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "报到时限规则"
        ordering = ["working_hours"]

    def __str__(self) -> str:
        return f"{self.get_urgency_display()}：{self.working_hours} 个工作小时内报到"


class WhistleSettings(models.Model):
    """The one row of the working-hours clock: when a working day opens and closes, and how late
    a check-in may be before the automatic 催报 becomes 督办."""

    workday_opens = models.TimeField("上班时间", default="08:30")
    workday_closes = models.TimeField("下班时间", default="17:30")
    supervise_after_hours = models.PositiveSmallIntegerField(
        "超时多少工作小时后督办", default=9, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = verbose_name_plural = "吹哨报到设置"

    def __str__(self) -> str:
        return f"工作时间 {self.workday_opens:%H:%M}–{self.workday_closes:%H:%M}"

    def clean(self) -> None:
        if self.workday_closes <= self.workday_opens:
            raise ValidationError("下班时间应晚于上班时间。")


class Whistle(models.Model):
    number = models.CharField("编号", max_length=30, unique=True, blank=True)
    title = models.CharField("事项", max_length=100)
    description = models.TextField("情况说明", max_length=2000)
    community = models.ForeignKey(
        "places.Community", on_delete=models.PROTECT, related_name="whistles", verbose_name="吹哨社区"
    )
    compound = models.ForeignKey(
        "places.Compound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="小区",
    )
    building = models.ForeignKey(
        "places.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="楼栋",
    )
    place_text = models.CharField("具体位置", max_length=200, blank=True)
    urgency = models.CharField("紧急程度", max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(
        "状态", max_length=20, choices=WhistleStatus.choices, default=WhistleStatus.BLOWN, db_index=True
    )
    check_in_hours = models.PositiveSmallIntegerField("报到时限(工作小时)")
    blown_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="吹哨人"
    )
    blown_by_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="吹哨单位",
    )
    blown_at = models.DateTimeField("吹哨时间", db_index=True)
    solved_at = models.DateTimeField("解决时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("撤销时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "吹哨"
        ordering = ["-blown_at", "-id"]
        indexes = [models.Index(fields=["community", "blown_at"], name="whistle_community_time")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def place_name(self) -> str:
        if self.building_id:
            place = str(self.building)
        elif self.compound_id:
            place = self.compound.name
        else:
            place = self.community.name
        return f"{place} {self.place_text}".strip()


class Summons(models.Model):
    """One unit called to one whistle: its check-in, measures and result, and both ratings."""

    whistle = models.ForeignKey(
        Whistle, on_delete=models.PROTECT, related_name="summonses", verbose_name="吹哨"
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="summonses", verbose_name="召集单位"
    )
    status = models.CharField(
        "状态", max_length=20, choices=SummonsStatus.choices, default=SummonsStatus.SUMMONED, db_index=True
    )
    summoned_at = models.DateTimeField("召集时间")
    check_in_due = models.DateTimeField("报到时限", db_index=True)
    escalation_level = models.PositiveSmallIntegerField(
        "超时催督级别", default=0, help_text="0 未超时，1 已催报，2 已督办（系统扫描写入）"
    )
    # 报到
    checked_in_at = models.DateTimeField("报到时间", null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="报到登记人",
    )
    check_in_person = models.CharField("报到人", max_length=50, blank=True)
    on_site = models.BooleanField("到现场", null=True, blank=True)
    on_time = models.BooleanField("按时报到", null=True, blank=True)
    check_in_working_hours = models.FloatField("报到用时(工作小时)", null=True, blank=True)
    # 处置
    measures = models.TextField("处置措施", blank=True)
    result = models.TextField("处置结果", blank=True)
    reported_at = models.DateTimeField("反馈时间", null=True, blank=True)
    send_backs = models.PositiveSmallIntegerField("退回次数", default=0)
    solved_at = models.DateTimeField("确认解决时间", null=True, blank=True)
    # the community rates the unit
    rating_on_time = models.PositiveSmallIntegerField("报到及时", null=True, blank=True, validators=RATING)
    rating_effective = models.PositiveSmallIntegerField("处置有效", null=True, blank=True, validators=RATING)
    rating_satisfied = models.PositiveSmallIntegerField("总体满意", null=True, blank=True, validators=RATING)
    rating_note = models.CharField("评价说明", max_length=500, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    # the unit rates the whistle
    whistle_reasonable = models.BooleanField("吹哨合理", null=True, blank=True)
    whistle_reason = models.CharField("理由", max_length=500, blank=True)
    whistle_rated_at = models.DateTimeField("评价吹哨时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "召集单位"
        ordering = ["whistle_id", "id"]
        constraints = [models.UniqueConstraint(fields=["whistle", "unit"], name="uniq_summons_unit")]

    def __str__(self) -> str:
        return f"{self.whistle.number} · {self.unit.name}"

    @property
    def rating_mean(self) -> float | None:
        if self.rated_at is None:
            return None
        return (self.rating_on_time + self.rating_effective + self.rating_satisfied) / 3


class WhistleLink(models.Model):
    """Something the whistle is about: a work order now; a register point (jiesu.registers) later.

    Generic on purpose: a kind is added by registering it in `jiesu.whistles.links.link_kinds`,
    without a migration here."""

    whistle = models.ForeignKey(Whistle, on_delete=models.PROTECT, related_name="links", verbose_name="吹哨")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="关联人",
    )
    added_at = models.DateTimeField("关联时间")

    class Meta:
        verbose_name = verbose_name_plural = "吹哨关联"
        constraints = [
            models.UniqueConstraint(fields=["whistle", "content_type", "object_id"], name="uniq_whistle_link")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="whistle_link_target")]

    def __str__(self) -> str:
        return f"{self.whistle_id} → {self.content_type_id}:{self.object_id}"


class WhistleEventKind(models.TextChoices):
    BLOWN = "blown", "吹哨"
    SUMMON_MORE = WhistleAction.SUMMON_MORE.value, WhistleAction.SUMMON_MORE.label
    LINK = WhistleAction.LINK.value, WhistleAction.LINK.label
    CANCEL = WhistleAction.CANCEL.value, WhistleAction.CANCEL.label
    CHECK_IN = SummonsAction.CHECK_IN.value, SummonsAction.CHECK_IN.label
    REPORT = SummonsAction.REPORT.value, SummonsAction.REPORT.label
    CONFIRM = SummonsAction.CONFIRM.value, SummonsAction.CONFIRM.label
    SEND_BACK = SummonsAction.SEND_BACK.value, SummonsAction.SEND_BACK.label
    WITHDRAW = SummonsAction.WITHDRAW.value, SummonsAction.WITHDRAW.label
    RATE_UNIT = SummonsAction.RATE_UNIT.value, SummonsAction.RATE_UNIT.label
    RATE_WHISTLE = SummonsAction.RATE_WHISTLE.value, SummonsAction.RATE_WHISTLE.label
    URGE = SummonsAction.URGE.value, SummonsAction.URGE.label
    SUPERVISE = SummonsAction.SUPERVISE.value, SummonsAction.SUPERVISE.label


class WhistleEvent(AuditedEvent):
    """One step of one whistle (about one of its summonses when `summons` is set). Append-only."""

    whistle = models.ForeignKey(Whistle, on_delete=models.PROTECT, related_name="events", verbose_name="吹哨")
    summons = models.ForeignKey(
        Summons,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="召集单位",
    )
    kind = models.CharField("事件", max_length=40, choices=WhistleEventKind.choices)

    class Meta(AuditedEvent.Meta):
        verbose_name = verbose_name_plural = "吹哨记录"
        constraints = [
            # the deadline scan escalates each summons at most once per level
            models.UniqueConstraint(
                fields=["summons", "kind"],
                condition=models.Q(
                    kind__in=[SummonsAction.URGE, SummonsAction.SUPERVISE], actor__isnull=True
                ),
                name="uniq_whistle_auto_escalation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.whistle_id} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
