"""主动治理 / 未诉先办: collection batches, project types (master data), projects with their places,
source, funding lines and milestones, and their audited events."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from jiesu.core.models import AuditedEvent
from jiesu.projects.states import ProjectAction, ProjectStatus


class Batch(models.Model):
    """征集批次: a call for proposals (e.g. 2024年第一批), master data kept in the admin."""

    name = models.CharField("批次名称", max_length=50, unique=True)
    year = models.PositiveSmallIntegerField("年度")
    opens_on = models.DateField("征集开始")
    closes_on = models.DateField("征集截止")
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "征集批次"
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.name

    def is_open_on(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class ProjectType(models.Model):
    """项目类型 (房屋漏雨修缮, 道路平整, …) and the problem category whose orders measure its effect."""

    name = models.CharField("名称", max_length=50, unique=True)
    category = models.ForeignKey(
        "workorders.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="对应问题分类",
        help_text="统计成效时按此分类（含下级）计数工单",
    )
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "项目类型"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class SourceKind(models.TextChoices):
    RECURRING = "recurring", "反复诉求点位"
    ALERT = "alert", "热点预警"
    WHISTLE = "whistle", "吹哨报到"
    REGISTER = "register", "点位台账"
    TOPIC = "topic", "议事协商议题"
    PROPOSAL = "proposal", "社区提议"


class FundingSource(models.TextChoices):
    DISTRICT = "district", "区级接诉即办专项经费"
    PARTY = "party", "党组织服务群众经费"
    WELFARE = "welfare", "公益金"
    OTHER = "other", "其他"


class Project(models.Model):
    number = models.CharField("编号", max_length=30, unique=True, blank=True)
    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="projects", verbose_name="批次")
    title = models.CharField("项目名称", max_length=100)
    type = models.ForeignKey(
        ProjectType, on_delete=models.PROTECT, related_name="projects", verbose_name="类型"
    )
    category = models.ForeignKey(
        "workorders.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="问题分类",
    )
    description = models.TextField("项目内容", max_length=2000)
    community = models.ForeignKey(
        "places.Community", on_delete=models.PROTECT, related_name="projects", verbose_name="社区"
    )
    # where the project came from (linked where the source is a stored object)
    source_kind = models.CharField("来源", max_length=20, choices=SourceKind.choices)
    source_alert = models.ForeignKey(
        "hotspots.Alert",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="来源预警",
    )
    source_whistle = models.ForeignKey(
        "whistles.Whistle",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="来源吹哨",
    )
    source_ref = models.CharField(
        "来源说明", max_length=200, blank=True, help_text="点位台账编号、议题名称或反复诉求点位"
    )
    budget = models.DecimalField("预算(元)", max_digits=12, decimal_places=2, default=0)
    owner_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="实施单位",
    )
    status = models.CharField(
        "状态", max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.COLLECTING, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="提出人"
    )
    proposed_by_unit = models.ForeignKey(
        "units.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提出单位",
    )
    proposed_at = models.DateTimeField("提出时间", db_index=True)
    approved_on = models.DateField("立项日期", null=True, blank=True)
    started_on = models.DateField("开工日期", null=True, blank=True)
    completed_on = models.DateField("完工验收日期", null=True, blank=True, db_index=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "主动治理项目"
        ordering = ["-proposed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ProjectPlace(models.Model):
    """A compound the project works on, or one building of it (building empty: the whole compound)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="places", verbose_name="项目")
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

    class Meta:
        verbose_name = verbose_name_plural = "项目地点"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.compound.name}{self.building.number + '号楼' if self.building_id else ''}"


class FundingLine(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="funding", verbose_name="项目"
    )
    source = models.CharField("资金来源", max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(
        "金额(元)", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "资金来源"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount}"


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="milestones", verbose_name="项目"
    )
    title = models.CharField("节点", max_length=100)
    due_on = models.DateField("计划日期")
    done_on = models.DateField("完成日期", null=True, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    escalated_at = models.DateTimeField(
        "逾期督办时间", null=True, blank=True, help_text="逾期扫描首次发现该节点逾期未完成的时间"
    )

    class Meta:
        verbose_name = verbose_name_plural = "项目节点"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title


class ProjectEventKind(models.TextChoices):
    PROPOSED = "proposed", "提出项目"
    SUBMIT = ProjectAction.SUBMIT.value, ProjectAction.SUBMIT.label
    RETURN = ProjectAction.RETURN.value, ProjectAction.RETURN.label
    APPROVE = ProjectAction.APPROVE.value, ProjectAction.APPROVE.label
    REJECT = ProjectAction.REJECT.value, ProjectAction.REJECT.label
    START = ProjectAction.START.value, ProjectAction.START.label
    MILESTONE_ADD = ProjectAction.MILESTONE_ADD.value, ProjectAction.MILESTONE_ADD.label
    MILESTONE_DONE = ProjectAction.MILESTONE_DONE.value, ProjectAction.MILESTONE_DONE.label
    FUNDING = ProjectAction.FUNDING.value, ProjectAction.FUNDING.label
    PHOTO = ProjectAction.PHOTO.value, ProjectAction.PHOTO.label
    ACCEPT = ProjectAction.ACCEPT.value, ProjectAction.ACCEPT.label
    CANCEL = ProjectAction.CANCEL.value, ProjectAction.CANCEL.label
    MILESTONE_OVERDUE = ProjectAction.MILESTONE_OVERDUE.value, ProjectAction.MILESTONE_OVERDUE.label


class ProjectEvent(AuditedEvent):
    """One step of one project. Append-only."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="events", verbose_name="项目")
    kind = models.CharField("事件", max_length=40, choices=ProjectEventKind.choices)

    class Meta(AuditedEvent.Meta):
        verbose_name = verbose_name_plural = "项目记录"

    def __str__(self) -> str:
        return f"{self.project_id} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
