"""Recurring points and the map (page and its scoped JSON)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jiesu.hotspots.selectors import map_data, recurring_points

PERIODS = {30: "近30天", 90: "近90天", 365: "近一年"}


def tile_settings() -> dict:
    """The intranet tile service (empty: no tiles, the map draws on a plain background)."""
    return {"url": settings.JIESU_MAP_TILE_URL, "attribution": settings.JIESU_MAP_TILE_ATTRIBUTION}


@require_GET
@login_required
def recurring(request: HttpRequest) -> HttpResponse:
    points = recurring_points(user=request.user)
    today = timezone.localdate()
    rows = [(point, point.history(today)) for point in points[:100]]
    return render(request, "hotspots/recurring.html", {"rows": rows, "total": len(points)})


def _days(request: HttpRequest) -> int:
    try:
        days = int(request.GET.get("days", 90))
    except ValueError:
        days = 90
    return days if days in PERIODS else 90


@require_GET
@login_required
def map_page(request: HttpRequest) -> HttpResponse:
    days = _days(request)
    context = {"tiles": tile_settings(), "days": days, "periods": PERIODS}
    return render(request, "hotspots/map.html", context)


@require_GET
@login_required
def map_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        map_data(user=request.user, days=_days(request)), json_dumps_params={"ensure_ascii": False}
    )
