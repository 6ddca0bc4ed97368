"""Default routing rules, learnt from the street's own finished orders where history is clear."""

from django.db.models import Count, F, Q

from jiesu.triage.models import RoutingRule
from jiesu.triage.selectors import triage_caches_clear
from jiesu.workorders.models import Category, WorkOrder
from jiesu.workorders.states import Status

HISTORY_STATUSES = (Status.RESOLVED, Status.VISITED, Status.CLOSED)
MAX_CONFIDENCE = 0.95


def routing_rules_default(*, min_orders: int = 20, min_share: float = 0.6) -> list[RoutingRule]:
    """Property categories → the compound's property project (and, at compounds without property
    management, the community's unit) for every category whose finished orders show it; every
    other category keeps being routed from history. Categories that already have a rule are
    left alone, so running it twice adds nothing."""
    finished = WorkOrder.objects.filter(
        status__in=HISTORY_STATUSES, category__isnull=False, compound__isnull=False, lead_unit__isnull=False
    )
    with_property = (
        finished.filter(compound__property_project__isnull=False)
        .values("category_id")
        .annotate(n=Count("id"), hits=Count("id", filter=Q(lead_unit_id=F("compound__property_project_id"))))
    )
    without_property = (
        finished.filter(compound__property_project__isnull=True)
        .values("category_id")
        .annotate(n=Count("id"), hits=Count("id", filter=Q(lead_unit__community_id=F("community_id"))))
    )
    property_categories = {
        row["category_id"]: row["hits"] / row["n"]
        for row in with_property
        if row["n"] >= min_orders and row["hits"] / row["n"] >= min_share
    }
    community_share = {row["category_id"]: row["hits"] / row["n"] for row in without_property if row["n"]}
    taken = set(RoutingRule.objects.exclude(category=None).values_list("category_id", flat=True))
    paths = dict(Category.objects.filter(pk__in=property_categories).values_list("id", "path"))
    created = []
    for category_id, share in sorted(property_categories.items(), key=lambda item: paths[item[0]]):
        if category_id in taken:
            continue
        created.append(
            RoutingRule(
                name=f"{paths[category_id]} → 小区物业服务项目",
                category_id=category_id,
                has_property=RoutingRule.HasProperty.YES,
                target=RoutingRule.Target.PROPERTY_PROJECT,
                confidence=round(min(MAX_CONFIDENCE, share), 2),
            )
        )
        if community_share.get(category_id, 0) >= min_share:
            created.append(
                RoutingRule(
                    name=f"{paths[category_id]}（无物业）→ 社区居委会",
                    category_id=category_id,
                    has_property=RoutingRule.HasProperty.NO,
                    target=RoutingRule.Target.COMMUNITY_UNIT,
                    confidence=round(min(MAX_CONFIDENCE, community_share[category_id]), 2),
                )
            )
    RoutingRule.objects.bulk_create(created)
    triage_caches_clear()
    return created
