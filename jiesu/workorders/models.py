"""Work orders, their append-only events, categories and deadline rules."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from jiesu.workorders.states import Action, Status


class Category(models.Model):
    """One node of the multi-level problem taxonomy (e.g. 城乡建设 › 物业管理 › 物业服务)."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级分类",
    )
    name = models.CharField("名称", max_length=50)
    path = models.CharField("完整路径", max_length=200, unique=True, editable=False)
    level = models.PositiveSmallIntegerField("层级", default=1, editable=False)
    is_active = models.BooleanField("启用", default=True)

    SEPARATOR = " › "

    class Meta:
        verbose_name = verbose_name_plural = "问题分类"
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="uniq_category_sibling")]

    def __str__(self) -> str:
        return self.path

    def save(self, *args, **kwargs):
        """The path and level follow the parent; renaming or moving a node renews its whole subtree."""
        old_path = (
            Category.objects.filter(pk=self.pk).values_list("path", flat=True).first() if self.pk else None
        )
        self.path = f"{self.parent.path}{self.SEPARATOR}{self.name}" if self.parent else self.name
        self.level = self.parent.level + 1 if self.parent else 1
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path is not None and old_path != self.path:
                for child in Category.objects.filter(parent_id=self.pk):
                    child.parent = self
                    child.save()

    def clean(self):
        node = self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "上级分类不能是它自己或它的下级分类。"})
            node = node.parent

    @property
    def top(self) -> str:
        return self.path.split(self.SEPARATOR)[0]


class AppealType(models.TextChoices):
    INQUIRY = "inquiry", "咨询"
    HELP = "help", "求助"
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    SUGGESTION = "suggestion", "建议"
    PRAISE = "praise", "表扬"


class Channel(models.TextChoices):
    HOTLINE = "12345", "12345热线"
    PHONE = "phone", "来电"
    WALK_IN = "walk_in", "来访"
    QR = "qr", "扫码"
    GRID = "grid", "网格"
    RIDER = "rider", "小哥说事"
    DELIBERATION = "deliberation", "议事"
    OTHER = "other", "其他"


# the letters that open an order number of each channel: prefix + date + sequence (RX202611300001),
# so numbers are unique across channels; 12345 orders imported from the platform keep its number
CHANNEL_PREFIX = {
    Channel.HOTLINE: "RX",
    Channel.PHONE: "DH",
    Channel.WALK_IN: "LF",
    Channel.QR: "SM",
    Channel.GRID: "WG",
    Channel.RIDER: "XG",
    Channel.DELIBERATION: "YS",
    Channel.OTHER: "QT",
}


class OrderNumberCounter(models.Model):
    """The last sequence number given out per prefix and day (RX20261130 → 12). Allocating
    locks this row (select_for_update), so concurrent registrations never share a number."""

    key = models.CharField("编号前缀", max_length=20, unique=True)
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "工单编号计数"

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"


class Urgency(models.TextChoices):
    NORMAL = "normal", "一般"
    URGENT = "urgent", "紧急"
    CRITICAL = "critical", "特急"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class VisitChannel(models.TextChoices):
    """How the return visit reached the citizen ("" for visits recorded before this was kept)."""

    PHONE = "phone", "电话"
    ONLINE = "online", "线上"
    IN_PERSON = "in_person", "上门"


class SlaState(models.TextChoices):
    OK = "ok", "正常"
    DUE_SOON = "due_soon", "即将超期"
    OVERDUE = "overdue", "已超期"


class Flag(models.TextChoices):
    UNKNOWN_CATEGORY = "unknown_category", "分类不在目录中"
    UNRESOLVED_PLACE = "unresolved_place", "地址未能定位"
    UNKNOWN_UNIT = "unknown_unit", "承办单位未识别"


class DeadlineRule(models.Model):
    """Time limits per appeal type × urgency; a blank appeal type applies to every type."""

    appeal_type = models.CharField("诉求类型", max_length=20, choices=AppealType.choices, blank=True)
    urgency = models.CharField("紧急程度", max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    response_hours = models.PositiveIntegerField("响应时限(小时)")
    resolve_working_days = models.PositiveIntegerField("办结时限(工作日)")

    class Meta:
        verbose_name = verbose_name_plural = "办理时限规则"
        constraints = [models.UniqueConstraint(fields=["appeal_type", "urgency"], name="uniq_deadline_rule")]

    def __str__(self) -> str:
        kind = self.get_appeal_type_display() or "全部类型"
        return f"{kind}/{self.get_urgency_display()}: {self.response_hours}小时响应, {self.resolve_working_days}个工作日办结"


class WorkOrder(models.Model):
    number = models.CharField("工单编号", max_length=64, unique=True)
    channel = models.CharField("来源渠道", max_length=20, choices=Channel.choices, default=Channel.HOTLINE)
    received_at = models.DateTimeField("受理时间", db_index=True)
    appeal_type = models.CharField(
        "诉求类型", max_length=20, choices=AppealType.choices, default=AppealType.HELP
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name="问题分类",
    )
    category_text = models.CharField("原始分类", max_length=200, blank=True)
    title = models.CharField("标题", max_length=200, blank=True)
    content = models.TextField("诉求内容")
    address_text = models.CharField("问题地址", max_length=300, blank=True)
    community = models.ForeignKey(
        "places.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name="社区",
    )
    compound = models.ForeignKey(
        "places.Compound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name="小区",
    )
    building = models.ForeignKey(
        "places.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name="楼栋",
    )
    citizen_name = models.CharField("诉求人", max_length=50, blank=True)
    citizen_phone = models.CharField("联系电话", max_length=30, blank=True)
    urgency = models.CharField("紧急程度", max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)

    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    lead_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_orders",
        verbose_name="主办单位",
    )
    co_handlers = models.ManyToManyField(
        "units.Unit", blank=True, related_name="co_orders", verbose_name="协办单位"
    )

    response_due = models.DateTimeField("响应时限", null=True, blank=True)
    resolve_due = models.DateTimeField("办结时限", null=True, blank=True, db_index=True)
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    accepted_at = models.DateTimeField("签收时间", null=True, blank=True)
    responded_at = models.DateTimeField("首次联系时间", null=True, blank=True)
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    visited_at = models.DateTimeField("回访时间", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)

    result = models.TextField("办理结果", blank=True)
    visit_contacted = models.BooleanField("是否联系", null=True, blank=True)
    visit_resolved = models.BooleanField("是否解决", null=True, blank=True)
    visit_satisfaction = models.CharField("是否满意", max_length=20, choices=Satisfaction.choices, blank=True)
    visit_channel = models.CharField(
        "回访方式", max_length=20, choices=VisitChannel.choices, blank=True, default=""
    )

    sla_state = models.CharField("时限状态", max_length=20, choices=SlaState.choices, default=SlaState.OK)
    escalation_level = models.PositiveSmallIntegerField(
        "自动催督级别", default=0, help_text="0 无, 1 已催办, 2 已督办"
    )
    is_supervised = models.BooleanField("督办中", default=False)
    redo_count = models.PositiveSmallIntegerField("重办次数", default=0)
    master = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_orders",
        verbose_name="主工单",
    )
    flags = models.JSONField("待核实标记", default=list, blank=True)
    source_status = models.CharField("平台状态", max_length=50, blank=True)
    source_unit = models.CharField("平台承办单位", max_length=100, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "工单"
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "resolve_due"], name="wo_status_due"),
            models.Index(fields=["lead_unit", "status"], name="wo_unit_status"),
            models.Index(fields=["community", "received_at"], name="wo_community_received"),
            # duplicate search and routing history (triage)
            models.Index(fields=["compound", "category", "received_at"], name="wo_compound_cat_received"),
            models.Index(fields=["compound", "received_at"], name="wo_compound_received"),
            # routing history (triage) by compound, then by community: answered from the index
            # alone on PostgreSQL (community 37.8 → 0.35 ms at 1,000,000 orders, docs/triage.md)
            models.Index(
                fields=["category", "compound", "status"],
                include=["lead_unit", "id"],
                name="wo_cat_compound_status_cov",
            ),
            models.Index(
                fields=["category", "community", "status"],
                include=["lead_unit", "id"],
                name="wo_cat_community_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ExtensionRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "已驳回"

    order = models.ForeignKey(
        WorkOrder, on_delete=models.CASCADE, related_name="extensions", verbose_name="工单"
    )
    working_days = models.PositiveSmallIntegerField("延期工作日")
    reason = models.TextField("理由")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "延期申请"
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"], condition=models.Q(state="pending"), name="one_pending_extension_per_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id} 延期{self.working_days}个工作日 ({self.get_state_display()})"


class EventKind(models.TextChoices):
    CREATED = "created", "登记"
    IMPORTED = "imported", "导入"
    IMPORT_UPDATED = "import_updated", "导入更新"
    CORRECTED = "corrected", "信息更正"
    DISPATCHED = Action.DISPATCH.value, "派单"
    REASSIGNED = Action.REASSIGN.value, "改派"
    ACCEPTED = Action.ACCEPT.value, "签收"
    RETURNED = Action.RETURN.value, "退单"
    RESPONDED = Action.RESPOND.value, "联系诉求人"
    NOTED = Action.NOTE.value, "进展记录"
    EXTENSION_REQUESTED = Action.REQUEST_EXTENSION.value, "申请延期"
    EXTENSION_APPROVED = Action.APPROVE_EXTENSION.value, "批准延期"
    EXTENSION_REJECTED = Action.REJECT_EXTENSION.value, "驳回延期"
    RESOLVED = Action.RESOLVE.value, "办结"
    VISITED = Action.RETURN_VISIT.value, "回访"
    REDONE = Action.REDO.value, "重办"
    MERGED = Action.MERGE.value, "并单"
    MERGED_IN = "merged_in", "并入工单"
    CLOSED = Action.CLOSE.value, "关闭"
    URGED = Action.URGE.value, "催办"
    SUPERVISED = Action.SUPERVISE.value, "督办"
    SLA_CHANGED = "sla_changed", "时限状态变化"


class WorkOrderEvent(models.Model):
    """One state change of one order: who, when, old and new. Append-only."""

    append_only = True  # refused in Python and, on PostgreSQL, by a trigger (jiesu.audit.append_only)

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="events", verbose_name="工单")
    kind = models.CharField("事件", max_length=30, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
        help_text="为空表示系统自动",
    )
    actor_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作单位",
    )
    at = models.DateTimeField("时间", db_index=True)
    old = models.JSONField("原值", default=dict, blank=True)
    new = models.JSONField("新值", default=dict, blank=True)
    note = models.TextField("说明", blank=True)
    level = models.PositiveSmallIntegerField("级别", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "工单事件"
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["order", "at"], name="woe_order_at"),
            # covers the "units that handled the order" part of a unit's scope (permissions.visible_q):
            # an index-only search instead of a table read per event of the unit
            models.Index(fields=["actor_unit", "kind", "order"], name="woe_unit_kind_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("工单事件只能追加，不能修改。")
        super().save(*args, **kwargs)
