"""居民议事: programmes (e.g. 大槐树下唠家常, the riders' 小哥议事会), their representatives, topic
submissions from every channel, the month's confirmed topics, meetings with their 五社联动
parties, and the follow-up task each decision becomes — every change an audited event."""

from django.conf import settings
from django.db import models

from jiesu.core.masking import mask_name, mask_phone
from jiesu.core.models import AuditedEvent
from jiesu.deliberation.states import (
    MeetingAction,
    MeetingStatus,
    TaskAction,
    TaskStatus,
    TopicAction,
    TopicStatus,
)
from jiesu.workorders.models import Channel


class Audience(models.TextChoices):
    RESIDENTS = "residents", "居民"
    RIDERS = "riders", "新就业群体（骑手）"


class Programme(models.Model):
    """A deliberation programme of one community (or, with no community, of the street: the riders')."""

    name = models.CharField("名称", max_length=80)
    community = models.ForeignKey(
        "places.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deliberation_programmes",
        verbose_name="社区",
        help_text="为空表示街道层面（如小哥议事会）",
    )
    audience = models.CharField(
        "参与对象", max_length=20, choices=Audience.choices, default=Audience.RESIDENTS
    )
    rules = models.TextField("议事规则", blank=True)
    management_group = models.TextField("管理小组", blank=True, help_text="成员与分工，一行一人")
    started_on = models.DateField("启动日期")
    order_channel = models.CharField(
        "对照工单渠道",
        max_length=20,
        choices=Channel.choices,
        default=Channel.HOTLINE,
        help_text="月度选题时与居民提议一起聚类的工单渠道（社区项目：12345；小哥议事会：小哥说事）",
    )
    is_active = models.BooleanField("进行中", default=True)
    created_at = models.DateTimeField("创建时间")
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "议事项目"
        ordering = ["community_id", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def where(self) -> str:
        return self.community.name if self.community_id else "街道"


class Representative(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="representatives", verbose_name="议事项目"
    )
    name = models.CharField("姓名", max_length=30)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    building = models.ForeignKey(
        "places.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="楼栋",
    )
    grid = models.CharField("网格", max_length=30, blank=True)
    role_note = models.CharField("身份", max_length=50, blank=True, help_text="如 楼门长、党员、骑手")
    term_start = models.DateField("任期开始")
    term_end = models.DateField("任期结束", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "议事代表"
        ordering = ["programme_id", "grid", "id"]

    def __str__(self) -> str:
        return self.masked_name

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def building_label(self) -> str:
        return str(self.building) if self.building_id else ""


class SubmissionChannel(models.TextChoices):
    ONLINE = "online", "扫码提交"
    MAILBOX = "mailbox", "议事信箱"
    VISIT = "visit", "入户走访"
    MEETING = "meeting", "会上提出"


class TopicSubmission(models.Model):
    """A topic proposed for the programme: online (the public page), from the mailbox under the tree
    or a door-to-door visit (entered by staff)."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="submissions", verbose_name="议事项目"
    )
    channel = models.CharField("来源", max_length=20, choices=SubmissionChannel.choices)
    content = models.TextField("内容", max_length=1000)
    building = models.ForeignKey(
        "places.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="楼栋",
    )
    place_text = models.CharField("位置", max_length=100, blank=True)
    submitter_name = models.CharField("提议人", max_length=30, blank=True)
    submitter_phone = models.CharField("联系电话", max_length=30, blank=True)
    submitted_at = models.DateTimeField("提交时间", db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
        help_text="为空表示居民在线提交",
    )
    topic = models.ForeignKey(
        "Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name="归入议题",
    )

    class Meta:
        verbose_name = verbose_name_plural = "议题征集"
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["programme", "submitted_at"], name="delib_submission_month")]

    def __str__(self) -> str:
        return self.content[:30]

    @property
    def masked_name(self) -> str:
        return mask_name(self.submitter_name)


class Topic(models.Model):
    """One of the month's topics, confirmed by staff from the ranked candidates."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="topics", verbose_name="议事项目"
    )
    month = models.DateField("月份", help_text="当月第一天")
    title = models.CharField("议题", max_length=100)
    rank = models.PositiveSmallIntegerField("排序")
    score = models.FloatField("热度分", default=0)
    orders = models.ManyToManyField(
        "workorders.WorkOrder", blank=True, related_name="+", verbose_name="相关工单"
    )
    status = models.CharField(
        "状态", max_length=20, choices=TopicStatus.choices, default=TopicStatus.CONFIRMED
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="确定人",
    )
    confirmed_at = models.DateTimeField("确定时间")
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "月度议题"
        ordering = ["-month", "rank", "id"]
        indexes = [models.Index(fields=["programme", "month"], name="delib_topic_month")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.title}"


class Meeting(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="meetings", verbose_name="议事项目"
    )
    held_at = models.DateTimeField("会议时间", db_index=True)
    place = models.CharField("地点", max_length=100)
    topics = models.ManyToManyField(Topic, blank=True, related_name="meetings", verbose_name="议题")
    status = models.CharField(
        "状态", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED, db_index=True
    )
    minutes = models.TextField("会议纪要", blank=True)
    # 五社联动: who took part besides the representatives
    residents_count = models.PositiveSmallIntegerField("参会居民(人)", default=0)
    social_organisations = models.CharField("社会组织", max_length=300, blank=True)
    social_workers = models.CharField("社会工作者", max_length=300, blank=True)
    volunteers = models.CharField("志愿者", max_length=300, blank=True)
    charitable_resources = models.CharField("社会慈善资源", max_length=300, blank=True)
    public_summary = models.TextField("公开说明", blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "议事会议"
        ordering = ["-held_at", "-id"]

    def __str__(self) -> str:
        return f"{self.programme.name} {self.held_at:%Y-%m-%d}"

    @property
    def parties(self) -> list[tuple[str, str]]:
        """五社联动 as (label, value) for the parties recorded."""
        rows = [
            ("居民", f"{self.residents_count} 人" if self.residents_count else ""),
            ("社会组织", self.social_organisations),
            ("社会工作者", self.social_workers),
            ("志愿者", self.volunteers),
            ("社会慈善资源", self.charitable_resources),
        ]
        return [(label, value) for label, value in rows if value]


class Invitation(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="invitations", verbose_name="会议"
    )
    representative = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="invitations", verbose_name="代表"
    )
    attended = models.BooleanField("出席", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "参会代表"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "representative"], name="uniq_delib_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} · {self.representative_id}"


class Task(models.Model):
    """A decision of a meeting, and the follow-up work until it is solved."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="tasks", verbose_name="会议")
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks", verbose_name="议题"
    )
    decision = models.CharField("议定事项", max_length=300)
    owner_unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="deliberation_tasks", verbose_name="责任单位"
    )
    deadline = models.DateField("完成时限", db_index=True)
    status = models.CharField(
        "状态", max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN, db_index=True
    )
    progress = models.TextField("办理情况", blank=True)
    orders = models.ManyToManyField(
        "workorders.WorkOrder", blank=True, related_name="+", verbose_name="关联工单"
    )
    created_at = models.DateTimeField("创建时间")
    reported_at = models.DateTimeField("反馈时间", null=True, blank=True)
    solved_at = models.DateTimeField("解决时间", null=True, blank=True)
    urged = models.BooleanField("已逾期提醒", default=False)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "议定事项"
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.decision[:40]


class EventKind(models.TextChoices):
    PROGRAMME_CREATED = "programme_created", "创建议事项目"
    PROGRAMME_CHANGED = "programme_changed", "修改议事项目"
    REPRESENTATIVE_ADDED = "representative_added", "增补代表"
    REPRESENTATIVE_CHANGED = "representative_changed", "代表信息变更"
    SUBMITTED = "submitted", "征集议题"
    TOPICS_CONFIRMED = "topics_confirmed", "确定月度议题"
    TOPIC_DISCUSS = TopicAction.DISCUSS.value, TopicAction.DISCUSS.label
    TOPIC_DROP = "topic_drop", TopicAction.DROP.label
    MEETING_PLANNED = "meeting_planned", "安排会议"
    HOLD = MeetingAction.HOLD.value, MeetingAction.HOLD.label
    DECIDE = MeetingAction.DECIDE.value, MeetingAction.DECIDE.label
    PUBLISH = MeetingAction.PUBLISH.value, MeetingAction.PUBLISH.label
    MEETING_CANCEL = "meeting_cancel", MeetingAction.CANCEL.label
    REPORT = TaskAction.REPORT.value, TaskAction.REPORT.label
    CONFIRM = TaskAction.CONFIRM.value, TaskAction.CONFIRM.label
    SEND_BACK = TaskAction.SEND_BACK.value, TaskAction.SEND_BACK.label
    LINK = TaskAction.LINK.value, TaskAction.LINK.label
    TASK_CANCEL = "task_cancel", TaskAction.CANCEL.label
    URGE = TaskAction.URGE.value, TaskAction.URGE.label


class DeliberationEvent(AuditedEvent):
    """One change in a programme (about one meeting, topic or task when set). Append-only."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="events", verbose_name="议事项目"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name="会议"
    )
    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name="议定事项"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="events", verbose_name="议题"
    )
    kind = models.CharField("事件", max_length=40, choices=EventKind.choices)

    class Meta(AuditedEvent.Meta):
        verbose_name = verbose_name_plural = "议事记录"
        constraints = [
            models.UniqueConstraint(
                fields=["task", "kind"],
                condition=models.Q(kind="urge", actor__isnull=True),
                name="uniq_delib_task_urge",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
