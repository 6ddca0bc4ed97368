"""Delivery riders: rest stations (小憩驿站), benefit cards (暖心卡) and their use, riders' reports."""

from django.conf import settings
from django.db import models

from jiesu.core.models import AuditedEvent


class HostKind(models.TextChoices):
    BANK = "bank", "银行网点"
    RESTAURANT = "restaurant", "餐饮门店"
    CAR_DEALER = "car_dealer", "汽车销售服务店"
    SALON = "salon", "美容美发"
    RETAIL = "retail", "便利店商超"
    FUEL = "fuel", "加油站"
    PUBLIC = "public", "党群服务站点"
    OTHER = "other", "其他"


# (field, label): the amenities a station may offer, each a boolean field and a map filter
AMENITIES = (
    ("has_water", "饮水"),
    ("has_charging", "充电"),
    ("has_microwave", "微波炉"),
    ("has_toilet", "卫生间"),
    ("has_seats", "休息座椅"),
)


class StationStatus(models.TextChoices):
    OPEN = "open", "运营中"
    CLOSED = "closed", "已停用"


class RestStation(models.Model):
    name = models.CharField("驿站名称", max_length=80, unique=True)
    host_name = models.CharField("承办单位", max_length=80, help_text="提供场地的银行、门店等")
    host_kind = models.CharField(
        "承办单位类型", max_length=20, choices=HostKind.choices, default=HostKind.OTHER
    )
    community = models.ForeignKey(
        "places.Community", on_delete=models.PROTECT, related_name="rest_stations", verbose_name="所属社区"
    )
    compound = models.ForeignKey(
        "places.Compound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rest_stations",
        verbose_name="所在小区",
    )
    address = models.CharField("地址", max_length=200)
    lat = models.FloatField("纬度(WGS-84)")
    lng = models.FloatField("经度(WGS-84)")
    hours = models.CharField("开放时间", max_length=60, default="09:00-21:00")
    has_water = models.BooleanField("饮水", default=True)
    has_charging = models.BooleanField("充电", default=False)
    has_microwave = models.BooleanField("微波炉", default=False)
    has_toilet = models.BooleanField("卫生间", default=False)
    has_seats = models.BooleanField("休息座椅", default=True)
    benefits = models.TextField(
        "暖心权益", blank=True, help_text="每行一项，如：免费热水、手机充电、九折用餐"
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=StationStatus.choices, default=StationStatus.OPEN
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="rest_stations", verbose_name="驿站工作人员"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "小憩驿站"
        ordering = ["community_id", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def benefit_list(self) -> list[str]:
        return [line.strip() for line in self.benefits.splitlines() if line.strip()]

    @property
    def amenity_labels(self) -> list[str]:
        return [label for field, label in AMENITIES if getattr(self, field)]


class Platform(models.TextChoices):
    MEITUAN = "meituan", "美团"
    ELEME = "eleme", "饿了么"
    SF = "sf", "顺丰"
    JD = "jd", "京东"
    DADA = "dada", "达达"
    SHANSONG = "shansong", "闪送"
    OTHER = "other", "其他"


class CardStatus(models.TextChoices):
    ACTIVE = "active", "有效"
    REVOKED = "revoked", "已停用"


class Rider(models.Model):
    """A rider with a benefit card. The card code is a secret held by the rider (its SHA-256 here)."""

    nickname = models.CharField("昵称", max_length=20, blank=True, help_text="排行榜上打码显示")
    platform = models.CharField("所属平台", max_length=20, choices=Platform.choices)
    phone = models.CharField("手机号", max_length=20, unique=True)
    card_hash = models.CharField("卡号摘要", max_length=64, unique=True, editable=False)
    card_status = models.CharField(
        "卡状态", max_length=20, choices=CardStatus.choices, default=CardStatus.ACTIVE
    )
    consent_at = models.DateTimeField("同意隐私说明时间")
    registered_at = models.DateTimeField("办卡时间", db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "骑手（暖心卡）"
        ordering = ["-registered_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}骑手{self.phone[-4:]}"


class BenefitUse(models.Model):
    """One use of a card's benefit at a station, recorded by the station's staff."""

    rider = models.ForeignKey(
        Rider, on_delete=models.PROTECT, related_name="benefit_uses", verbose_name="骑手"
    )
    station = models.ForeignKey(
        RestStation, on_delete=models.PROTECT, related_name="benefit_uses", verbose_name="驿站"
    )
    benefit = models.CharField("权益", max_length=60)
    used_at = models.DateTimeField("使用时间", db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="核验人"
    )
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "暖心卡使用记录"
        ordering = ["-used_at", "-id"]
        indexes = [models.Index(fields=["station", "used_at"], name="benefit_station_used")]

    def __str__(self) -> str:
        return f"{self.rider} {self.station} {self.benefit}"


class Verdict(models.TextChoices):
    PENDING = "pending", "待确认"
    VALID = "valid", "有效"
    INVALID = "invalid", "无效"


class RiderReport(models.Model):
    """小哥说事: a hazard a rider reported, registered as a work order of channel 小哥说事."""

    order = models.OneToOneField(
        "workorders.WorkOrder", on_delete=models.PROTECT, related_name="rider_report", verbose_name="工单"
    )
    rider = models.ForeignKey(
        Rider, on_delete=models.PROTECT, null=True, blank=True, related_name="reports", verbose_name="骑手"
    )
    lat = models.FloatField("纬度(WGS-84)", null=True, blank=True)
    lng = models.FloatField("经度(WGS-84)", null=True, blank=True)
    place_text = models.CharField("位置描述", max_length=120, blank=True)
    verdict = models.CharField("判定", max_length=20, choices=Verdict.choices, default=Verdict.PENDING)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="判定人",
    )
    judged_at = models.DateTimeField("判定时间", null=True, blank=True)
    created_at = models.DateTimeField("上报时间", db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "小哥说事"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"小哥说事 {self.order_id}"


class RiderEventKind(models.TextChoices):
    STATION_CREATED = "station_created", "新建驿站"
    STATION_CHANGED = "station_changed", "修改驿站"
    STATION_CLOSED = "close", "停用驿站"
    STATION_REOPENED = "reopen", "恢复驿站"
    STAFF_CHANGED = "staff_changed", "调整驿站人员"
    REGISTERED = "registered", "办理暖心卡"
    CARD_REPLACED = "replace", "补换暖心卡"
    CARD_REVOKED = "revoke", "停用暖心卡"
    REPORT_CONFIRMED = "confirm", "确认有效"
    REPORT_REJECTED = "reject", "判定无效"


class RiderEvent(AuditedEvent):
    """Append-only: every change of a station, a card or a report's verdict."""

    kind = models.CharField("事件", max_length=40, choices=RiderEventKind.choices)
    station = models.ForeignKey(
        RestStation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="驿站",
    )
    rider = models.ForeignKey(
        Rider, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name="骑手"
    )
    report = models.ForeignKey(
        RiderReport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="小哥说事",
    )

    class Meta(AuditedEvent.Meta):
        verbose_name = verbose_name_plural = "骑手服务记录"
