"""Versions of the indicator system: a new version starts as a copy of an existing one."""

from django.db import transaction
from django.db.models import Max

from jiesu.accounts import access
from jiesu.core.errors import NotPermitted, ValidationFailed
from jiesu.evaluation.models import Indicator, IndicatorCategory, IndicatorSystem


@transaction.atomic
def indicator_system_copy(*, system_id: int, actor, name: str = "", note: str = "") -> IndicatorSystem:
    """A new version (highest + 1) with the categories and indicators of `system_id`, editable
    until a round uses it. Rounds keep the version they were created with."""
    if actor is not None and not (access.is_centre(actor) or getattr(actor, "is_superuser", False)):
        raise NotPermitted("只有中心管理人员可以新建指标体系版本。")
    source = IndicatorSystem.objects.filter(pk=system_id).first()
    if source is None:
        raise ValidationFailed("要复制的指标体系不存在。")
    IndicatorSystem.objects.select_for_update().order_by("pk").first()  # one new version at a time
    version = (IndicatorSystem.objects.aggregate(top=Max("version"))["top"] or 0) + 1
    copy = IndicatorSystem.objects.create(
        version=version,
        name=(name or source.name).strip()[:100],
        note=note or f"复制自第{source.version}版",
        based_on=source,
    )
    for category in source.categories.prefetch_related("indicators"):
        new_category = IndicatorCategory.objects.create(
            system=copy, code=category.code, name=category.name, order=category.order
        )
        Indicator.objects.bulk_create(
            Indicator(
                category=new_category,
                code=indicator.code,
                name=indicator.name,
                standard=indicator.standard,
                max_score=indicator.max_score,
                deduction_rule=indicator.deduction_rule,
                order=indicator.order,
            )
            for indicator in category.indicators.all()
        )
    return copy
