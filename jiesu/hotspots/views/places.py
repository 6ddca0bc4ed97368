"""Recurring points and the map (page and its scoped JSON)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jiesu.core.params import param_int
from jiesu.hotspots.scan import hotspot_ensure_fresh
from jiesu.hotspots.selectors import map_data, recurring_choices, recurring_pick, recurring_points
from jiesu.hotspots.views.alerts import scan_context

PERIODS = {30: "近30天", 90: "近90天", 365: "近一年"}


def tile_settings() -> dict:
    """The intranet tile service (empty: no tiles, the map draws on a plain background)."""
    return {"url": settings.JIESU_MAP_TILE_URL, "attribution": settings.JIESU_MAP_TILE_ATTRIBUTION}


PAGE_SIZE = 20


@require_GET
@login_required
def recurring(request: HttpRequest) -> HttpResponse:
    picked = {
        "community": param_int(request.GET, "community"),
        "category": param_int(request.GET, "category"),
    }
    points = recurring_points(user=request.user)
    choices = recurring_choices(points)
    page = Paginator(recurring_pick(points, **picked), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    context = {
        "page": page,
        "rows": [(point, point.history(today)) for point in page.object_list],
        "choices": choices,
        "picked": picked,
        "query": "".join(f"{urlencode({k: v})}&" for k, v in picked.items() if v),
        "page_numbers": [n if isinstance(n, int) else None for n in numbers],
    }
    return render(request, "hotspots/recurring.html", context)


def _days(request: HttpRequest) -> int:
    try:
        days = int(request.GET.get("days", 90))
    except ValueError:
        days = 90
    return days if days in PERIODS else 90


@require_GET
@login_required
def map_page(request: HttpRequest) -> HttpResponse:
    hotspot_ensure_fresh()
    days = _days(request)
    context = {
        "tiles": tile_settings(),
        "days": days,
        "periods": PERIODS,
        **scan_context(),
    }
    return render(request, "hotspots/map.html", context)


@require_GET
@login_required
def map_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        map_data(user=request.user, days=_days(request)), json_dumps_params={"ensure_ascii": False}
    )
