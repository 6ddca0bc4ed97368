"""Names for ids on the summaries, and the link to the order list behind a number."""

from collections.abc import Iterable
from functools import cache
from urllib.parse import urlencode

from django.urls import get_urlconf, reverse

from jiesu.insight.selectors.scope import Scope, insight_scope
from jiesu.places.models import Community, Compound
from jiesu.units.models import Unit
from jiesu.workorders.models import AppealType, Category, Channel

MODELS = {"community": Community, "compound": Compound, "unit": Unit}


def labels_for(dim: str, keys: Iterable[str]) -> dict[str, str]:
    keys = [key for key in keys if key]
    if dim == "channel":
        return {key: Channel(key).label if key in Channel.values else key for key in keys}
    if dim == "appeal_type":
        return {key: AppealType(key).label if key in AppealType.values else key for key in keys}
    ids = [int(key) for key in keys if key.isdigit()]
    if dim == "category":
        rows = Category.objects.filter(id__in=ids).values_list("id", "path")
        return {str(pk): path for pk, path in rows}
    model = MODELS[dim]
    return {str(pk): name for pk, name in model.objects.filter(id__in=ids).values_list("id", "name")}


# the order list's query parameters (jiesu/workorders/filters.py)
LINK_PARAMS = {
    "community",
    "compound",
    "category",
    "unit",
    "channel",
    "appeal_type",
    "status",
    "overdue",
    "counted",
}


def orders_link(*, period=None, scope=None, **params) -> str:
    query = {}
    if period is not None:
        query["date_from"], query["date_to"] = period.start.isoformat(), period.end.isoformat()
    if scope is not None:
        if scope.pick_community:
            query["community"] = scope.pick_community
        if scope.pick_unit:
            query["unit"] = scope.pick_unit
    for key, value in params.items():
        if key in LINK_PARAMS and value not in (None, ""):
            query[key] = value
    return f"{_order_list(get_urlconf())}?{urlencode(query)}"


@cache
def _order_list(urlconf) -> str:
    """The order list's path (a heat table links ~2,000 cells to it; reverse once per URLconf)."""
    return reverse("order_list", urlconf=urlconf)


def picker_choices(*, user) -> dict:
    """Communities and units the user may pick on the dashboard (street-wide roles: all)."""
    scope = insight_scope(user=user)
    communities = Community.objects.order_by("id")
    units = Unit.objects.order_by("kind", "id")
    if not scope.street_wide:
        communities = communities.filter(id=scope.community_id) if scope.community_id else communities.none()
        units = units.filter(id__in=scope.unit_ids)
    return {
        "communities": list(communities.values_list("id", "name")),
        "units": list(units.values_list("id", "name")),
    }


def scope_label(*, scope: Scope) -> str:
    """What a page or a report covers: 全街道, the picked community or unit, or the viewer's own
    community (a community worker) or units (property and department staff)."""
    names = []
    if scope.pick_community:
        names.append(Community.objects.filter(pk=scope.pick_community).values_list("name", flat=True).first())
    if scope.pick_unit:
        names.append(Unit.objects.filter(pk=scope.pick_unit).values_list("name", flat=True).first())
    names = [name for name in names if name]
    if names:
        return " · ".join(names)
    if scope.street_wide:
        return "全街道"
    if scope.community_id is not None:
        return (
            Community.objects.filter(pk=scope.community_id).values_list("name", flat=True).first() or "本社区"
        )
    tops = Unit.objects.filter(pk__in=scope.unit_ids).exclude(parent_id__in=scope.unit_ids).order_by("id")
    return "、".join(tops.values_list("name", flat=True)) or "本单位"
