from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils import timezone


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class CalendarDay(models.Model):
    """A day that the street's calendar treats differently from the statutory one."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日")
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        verbose_name = "日历调整"
        verbose_name_plural = "日历调整"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'工作日' if self.is_workday else '休息日'}"


class AuditedEvent(models.Model):
    """Base of every append-only event table: one row per state change of one object.

    A concrete subclass adds the foreign key to its subject (e.g. `whistle`) and its `kind`
    choices. Rows are only ever inserted (`append_only`; on PostgreSQL a trigger also refuses
    UPDATE and DELETE). Write them with `jiesu.core.events.event_record` inside the service's
    transaction.
    """

    append_only = True

    kind = models.CharField("事件", max_length=40)
    actor = models.ForeignKey(
        "accounts.User",
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

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise RuntimeError("事件记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("事件记录只能追加，不能删除。")


class CalendarEvent(AuditedEvent):
    """One change of the working-day calendar: a year's notice entered, or one day set or removed.

    A year counts as entered (its holidays known, not guessed) once it has a `notice` event.
    `old`/`new` map ISO dates to true (working day) or false (day off) for the days touched.
    """

    class Kind(models.TextChoices):
        NOTICE = "notice", "录入放假通知"
        DAY_SET = "day_set", "调整日期"
        DAY_DELETED = "day_deleted", "删除调整"

    kind = models.CharField("事件", max_length=40, choices=Kind.choices)
    year = models.PositiveSmallIntegerField("年份", db_index=True)

    class Meta(AuditedEvent.Meta):
        verbose_name = verbose_name_plural = "日历变更记录"

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


def _photo_path(instance, filename: str) -> str:
    return f"photos/{instance.uploaded_at:%Y/%m}/{filename}"


class Photo(models.Model):
    """A photo attached to any object (a whistle, a ledger item, a project, a resident's report).

    Files are cleaned before they are stored (`jiesu.core.photos.photo_clean`: type and size
    checked, EXIF removed, re-encoded) and served only through `core:photo`, which asks the
    access policy of the object the photo belongs to (or serves it to anyone when `public`).
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    role = models.CharField("用途", max_length=20, blank=True, help_text="如 现场、整改前、整改后、凭证")
    file = models.FileField("文件", upload_to=_photo_path, max_length=200)
    width = models.PositiveIntegerField("宽", default=0)
    height = models.PositiveIntegerField("高", default=0)
    public = models.BooleanField("公开", default=False, help_text="公开照片无需登录即可查看（如驿站照片）")
    uploaded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="上传人",
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "照片"
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="photo_subject")]

    def __str__(self) -> str:
        return f"照片 {self.pk}"


class Job(models.Model):
    """A piece of work run in the background (a large import or export, retraining a model),
    with its progress, so the page that started it can show how far it is and then the result."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "进行中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=40, db_index=True)
    label = models.CharField("说明", max_length=200, blank=True)
    function = models.CharField("执行函数", max_length=200)
    arguments = models.JSONField("参数", default=dict, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    result = models.JSONField("结果", default=dict, blank=True)
    error = models.TextField("错误", blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发起人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "后台任务"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.label or self.kind}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else (100 if self.finished else 0)
