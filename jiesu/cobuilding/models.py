"""Member units of the party-building coordination committee (共建单位): their profile, the
resources they offer, and the joint activities they run with the communities."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from jiesu.cobuilding.states import ActivityStatus
from jiesu.core.models import AuditedEvent


class CobuildingProfile(models.Model):
    unit = models.OneToOneField(
        "units.Unit",
        on_delete=models.PROTECT,
        related_name="cobuilding_profile",
        limit_choices_to={"kind": "cobuilding"},
        verbose_name="共建单位",
    )
    community = models.ForeignKey(
        "places.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cobuilding_profiles",
        verbose_name="结对社区",
    )
    joined_on = models.DateField("加入协调委员会日期", null=True, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    description = models.TextField("单位简介", blank=True, max_length=2000)

    class Meta:
        verbose_name = verbose_name_plural = "共建单位档案"
        ordering = ["unit__name"]

    def __str__(self) -> str:
        return self.unit.name


class Resource(models.Model):
    class Kind(models.TextChoices):
        VENUE = "venue", "场地"
        VOLUNTEERS = "volunteers", "志愿者"
        FUNDS = "funds", "资金"
        OTHER = "other", "其他"

    profile = models.ForeignKey(
        CobuildingProfile, on_delete=models.CASCADE, related_name="resources", verbose_name="共建单位"
    )
    kind = models.CharField("资源类型", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=100)
    detail = models.CharField("说明", max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        "人数", null=True, blank=True, help_text="场地可容纳人数或志愿者人数"
    )
    amount = models.DecimalField("金额(元/年)", max_digits=12, decimal_places=2, null=True, blank=True)
    available = models.BooleanField("可用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "共建资源"
        ordering = ["profile_id", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"


class ActivityType(models.Model):
    name = models.CharField("名称", max_length=30, unique=True)
    sort = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "联建活动类型"
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.name


class JointActivity(models.Model):
    title = models.CharField("活动名称", max_length=100)
    type = models.ForeignKey(
        ActivityType, on_delete=models.PROTECT, related_name="+", verbose_name="活动类型"
    )
    date = models.DateField("活动日期", db_index=True)
    place = models.CharField("活动地点", max_length=200)
    community = models.ForeignKey(
        "places.Community", on_delete=models.PROTECT, related_name="joint_activities", verbose_name="社区"
    )
    units = models.ManyToManyField("units.Unit", related_name="joint_activities", verbose_name="共建单位")
    description = models.TextField("活动内容", max_length=2000)
    participants = models.PositiveIntegerField(
        "参与人数", null=True, blank=True, validators=[MaxValueValidator(100000)]
    )
    summary = models.TextField("开展情况", blank=True, max_length=2000)
    status = models.CharField(
        "状态", max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField("登记时间")
    held_at = models.DateTimeField("开展登记时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "联建活动"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class ActivityEventKind(models.TextChoices):
    CREATED = "created", "登记活动"
    HOLD = "hold", "登记开展情况"
    CANCEL = "cancel", "取消活动"
    ADD_PHOTOS = "add_photos", "补充照片"


class ActivityEvent(AuditedEvent):
    activity = models.ForeignKey(
        JointActivity, on_delete=models.PROTECT, related_name="events", verbose_name="联建活动"
    )
    kind = models.CharField("事件", max_length=40, choices=ActivityEventKind.choices)

    class Meta(AuditedEvent.Meta):
        verbose_name = verbose_name_plural = "联建活动记录"

    def __str__(self) -> str:
        return f"{self.activity_id} {self.get_kind_display()}"
