"""The jurisdiction: street → community → compound → building → household.

Every level keeps `aliases`, the other names callers use for it (a compound is called many
things), which the gazetteer reads when it resolves an address.
"""

from django.db import models


class Street(models.Model):
    name = models.CharField("街道名称", max_length=50, unique=True)
    code = models.CharField("行政区划代码", max_length=20, blank=True)
    aliases = models.JSONField("别名", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "街道"

    def __str__(self) -> str:
        return self.name


class Community(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY = "community", "社区"
        VILLAGE = "village", "村"
        PREPARATORY = "preparatory", "社区筹备组"

    street = models.ForeignKey(
        Street, on_delete=models.PROTECT, related_name="communities", verbose_name="街道"
    )
    name = models.CharField("名称", max_length=50)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.COMMUNITY)
    aliases = models.JSONField("别名", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "社区"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["street", "name"], name="uniq_community_name")]

    def __str__(self) -> str:
        return self.name


class Compound(models.Model):
    class Kind(models.TextChoices):
        APARTMENT = "apartment", "楼房"
        BUNGALOW = "bungalow", "平房"

    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, related_name="compounds", verbose_name="所属社区"
    )
    name = models.CharField("小区名称", max_length=80)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.APARTMENT)
    property_project = models.ForeignKey(
        "units.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="compounds",
        verbose_name="物业服务项目",
        help_text="为空表示无物业",
    )
    households = models.PositiveIntegerField("户数", default=0)
    built_year = models.PositiveSmallIntegerField("建成年份", null=True, blank=True)
    lat = models.FloatField("纬度(WGS-84)", null=True, blank=True)
    lng = models.FloatField("经度(WGS-84)", null=True, blank=True)
    aliases = models.JSONField("别名", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "小区"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="uniq_compound_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def has_property_management(self) -> bool:
        return self.property_project_id is not None


class Building(models.Model):
    compound = models.ForeignKey(
        Compound, on_delete=models.CASCADE, related_name="buildings", verbose_name="小区"
    )
    number = models.CharField("楼号", max_length=20, help_text="如 5、5A")
    floors = models.PositiveSmallIntegerField("层数", null=True, blank=True)
    aliases = models.JSONField("别名", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "楼栋"
        ordering = ["compound_id", "id"]
        constraints = [models.UniqueConstraint(fields=["compound", "number"], name="uniq_building_number")]

    def __str__(self) -> str:
        return f"{self.compound.name}{self.number}号楼"


class Household(models.Model):
    building = models.ForeignKey(
        Building, on_delete=models.CASCADE, related_name="households", verbose_name="楼栋"
    )
    entrance = models.CharField("单元", max_length=10, blank=True)
    room = models.CharField("门牌号", max_length=20)

    class Meta:
        verbose_name = verbose_name_plural = "住户"
        constraints = [
            models.UniqueConstraint(fields=["building", "entrance", "room"], name="uniq_household_room")
        ]

    def __str__(self) -> str:
        entrance = f"{self.entrance}单元" if self.entrance else ""
        return f"{self.building}{entrance}{self.room}"
