"""Grid groups (4+1+N) per community and grid matters handled at their tier."""

from django.conf import settings
from django.db import models

from jiesu.core.models import AuditedEvent


class GroupKind(models.TextChoices):
    ZONE = "zone", "责任区群"  # four per community, buildings assigned
    SAFETY = "safety", "安全志愿者群"  # one per community
    VOLUNTEERS = "volunteers", "志愿者（N）"  # the community's N grid volunteers


ZONES_PER_COMMUNITY = 4


class GridGroup(models.Model):
    community = models.ForeignKey(
        "places.Community", on_delete=models.PROTECT, related_name="grid_groups", verbose_name="社区"
    )
    kind = models.CharField("类型", max_length=20, choices=GroupKind.choices)
    name = models.CharField("群名称", max_length=60)
    buildings = models.ManyToManyField(
        "places.Building", blank=True, related_name="grid_groups", verbose_name="责任楼栋"
    )
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("建立时间")

    class Meta:
        verbose_name = verbose_name_plural = "网格群组"
        ordering = ["community_id", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="grid_group_name_unique"),
            models.UniqueConstraint(
                fields=["community"], condition=models.Q(kind="safety"), name="grid_one_safety_group"
            ),
            models.UniqueConstraint(
                fields=["community"], condition=models.Q(kind="volunteers"), name="grid_one_volunteers_group"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    LEADER = "leader", "网格长"
    WORKER = "worker", "网格员"
    BUILDING_HEAD = "building_head", "楼门长"
    SAFETY = "safety", "安全志愿者"
    VOLUNTEER = "volunteer", "志愿者"
    RESIDENT = "resident", "居民代表"
    PROPERTY = "property", "物业人员"


class GridMember(models.Model):
    group = models.ForeignKey(
        GridGroup, on_delete=models.PROTECT, related_name="members", verbose_name="群组"
    )
    name = models.CharField("姓名", max_length=30)
    phone = models.CharField("手机号", max_length=20, blank=True)
    role = models.CharField("群内角色", max_length=20, choices=MemberRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grid_memberships",
        verbose_name="系统账号",
    )
    is_active = models.BooleanField("在群", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "网格群成员"
        ordering = ["group_id", "role", "id"]

    def __str__(self) -> str:
        return self.name


class Tier(models.TextChoices):
    MINOR = "minor", "小事"  # settled in the group
    MAJOR = "major", "大事"  # escalated to the community (an order in its own queue)
    HARD = "hard", "难点"  # escalated to the street (an order for the centre)


class MatterStatus(models.TextChoices):
    OPEN = "open", "待处理"
    SETTLED = "settled", "群内已解决"
    TO_COMMUNITY = "to_community", "已上报社区"
    TO_STREET = "to_street", "已上报街道"
    WITHDRAWN = "withdrawn", "已撤销"


class GridMatter(models.Model):
    group = models.ForeignKey(
        GridGroup, on_delete=models.PROTECT, related_name="matters", verbose_name="群组"
    )
    community = models.ForeignKey(
        "places.Community", on_delete=models.PROTECT, related_name="grid_matters", verbose_name="社区"
    )
    reporter = models.ForeignKey(
        GridMember, on_delete=models.PROTECT, related_name="matters", verbose_name="报告人（群成员）"
    )
    tier = models.CharField("层级", max_length=10, choices=Tier.choices)
    status = models.CharField("状态", max_length=20, choices=MatterStatus.choices, default=MatterStatus.OPEN)
    title = models.CharField("事项", max_length=100)
    description = models.TextField("情况", max_length=2000, blank=True)
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
    reported_at = models.DateTimeField("发现时间", db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    settled_at = models.DateTimeField("解决时间", null=True, blank=True)
    settled_note = models.CharField("解决情况", max_length=300, blank=True)
    escalated_at = models.DateTimeField("上报时间", null=True, blank=True)
    order = models.OneToOneField(
        "workorders.WorkOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grid_matter",
        verbose_name="上报工单",
    )
    hotline_order = models.ForeignKey(
        "workorders.WorkOrder",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="关联12345工单",
        help_text="事项仍被居民拨打12345反映时关联",
    )
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "网格事项"
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return self.title


class GridEventKind(models.TextChoices):
    GROUP_CREATED = "group_created", "建立群组"
    GROUP_CHANGED = "group_changed", "调整群组"
    MEMBER_ADDED = "member_added", "加入成员"
    MEMBER_REMOVED = "member_removed", "移出成员"
    RECORDED = "recorded", "登记事项"
    RETIER = "retier", "调整层级"
    SETTLE = "settle", "群内解决"
    ESCALATE_COMMUNITY = "escalate_community", "上报社区"
    ESCALATE_STREET = "escalate_street", "上报街道"
    WITHDRAW = "withdraw", "撤销"
    LINK_HOTLINE = "link_hotline", "关联12345工单"


class GridEvent(AuditedEvent):
    """Append-only: every change of a group, its members and a matter (each escalation included)."""

    kind = models.CharField("事件", max_length=40, choices=GridEventKind.choices)
    group = models.ForeignKey(
        GridGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name="群组"
    )
    matter = models.ForeignKey(
        GridMatter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name="事项",
    )

    class Meta(AuditedEvent.Meta):
        verbose_name = verbose_name_plural = "网格变更记录"
