"""Responsible units (承办单位): who can be given an order."""

from django.db import models


class Unit(models.Model):
    class Kind(models.TextChoices):
        STREET_SECTION = "street_section", "街道科室"
        COMMUNITY = "community", "社区"
        PROPERTY_COMPANY = "property_company", "物业公司"
        PROPERTY_PROJECT = "property_project", "物业服务项目"
        DEPARTMENT = "department", "职能部门"
        UTILITY = "utility", "公共服务企业"
        COBUILDING = "cobuilding", "共建单位"

    name = models.CharField("单位名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="上级单位",
    )
    community = models.OneToOneField(
        "places.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unit",
        verbose_name="对应社区",
    )
    phone = models.CharField("联系电话", max_length=30, blank=True)
    aliases = models.JSONField("别名", default=list, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "承办单位"
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.name
