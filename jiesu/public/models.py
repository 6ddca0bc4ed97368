"""What the public pages keep beside the work order: everyday categories and tracking records."""

from django.db import models

from jiesu.workorders.models import AppealType


class Audience(models.TextChoices):
    RESIDENT = "resident", "居民"
    RIDER = "rider", "骑手"
    BOTH = "both", "居民和骑手"


class EverydayCategory(models.Model):
    """A choice in plain words on a public form ("电梯坏了"), mapped to a taxonomy category.

    The mapping is data: `category_path` names a `workorders.Category` by its full path; an
    empty or unknown path registers the order without a category (triage and the dispatcher
    classify it).
    """

    label = models.CharField("名称", max_length=30)
    hint = models.CharField("举例", max_length=60, blank=True)
    category_path = models.CharField(
        "对应问题分类",
        max_length=200,
        blank=True,
        help_text="问题分类的完整路径，如 市政设施 › 道路设施 › 路灯不亮",
    )
    appeal_type = models.CharField(
        "诉求类型", max_length=20, choices=AppealType.choices, default=AppealType.HELP
    )
    audience = models.CharField(
        "适用对象", max_length=20, choices=Audience.choices, default=Audience.RESIDENT
    )
    position = models.PositiveSmallIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "常见问题类别"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.label


class Submission(models.Model):
    """A work order that came in through a public page, and how its sender follows it.

    The tracking code itself is never stored: only its SHA-256 (`code_hash`, unique), shown to
    the sender once. Lookups need the code and the last four digits of the phone.
    """

    order = models.OneToOneField(
        "workorders.WorkOrder",
        on_delete=models.PROTECT,
        related_name="public_submission",
        verbose_name="工单",
    )
    code_hash = models.CharField("查询码摘要", max_length=64, unique=True, editable=False)
    phone_last4 = models.CharField("手机后四位", max_length=4, editable=False)
    place_kind = models.CharField("二维码位置类型", max_length=20, blank=True)
    place_id = models.PositiveBigIntegerField("二维码位置", null=True, blank=True)
    place_label = models.CharField("二维码张贴位置", max_length=120, blank=True)
    everyday = models.ForeignKey(
        EverydayCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="问题类别",
    )
    photo_count = models.PositiveSmallIntegerField("照片数", default=0)
    created_at = models.DateTimeField("提交时间", db_index=True)
    rated_at = models.DateTimeField("线上评价时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "公众提交"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"公众提交 {self.order_id}"
