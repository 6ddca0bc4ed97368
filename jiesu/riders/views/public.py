"""Riders' public pages (no login, under /riders/public/): the station map, a station's page,
the benefit card, 小哥说事 and the monthly ranking. Built on the public kit of jiesu.public."""

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from jiesu.core.errors import DomainError
from jiesu.public.codes import code_display, code_normalise
from jiesu.public.links import absolute
from jiesu.public.pages import honeypot_refusal, limited, receipt_keep, refuse
from jiesu.public.places import place_from_token, place_token
from jiesu.public.qr import qr_svg
from jiesu.riders.forms import CardForm, ReportForm, month_parse
from jiesu.riders.geo import distance_text, valid_point
from jiesu.riders.models import AMENITIES, CardStatus
from jiesu.riders.selectors import ranking, rider_points, stations_public
from jiesu.riders.services import rider_register, rider_report_create
from jiesu.riders.services.cards import rider_by_card


def _point(request: HttpRequest) -> tuple[float | None, float | None]:
    lat, lng = request.GET.get("lat"), request.GET.get("lng")
    if not valid_point(lat, lng):
        return None, None
    return float(lat), float(lng)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The stations on a map and in a list (nearest first when the phone's position is given)."""
    chosen = [field for field in request.GET.getlist("amenity") if field in dict(AMENITIES)]
    lat, lng = _point(request)
    nearby = stations_public(amenities=chosen, lat=lat, lng=lng)
    markers = [
        {
            "name": item.station.name,
            "lat": item.station.lat,
            "lng": item.station.lng,
            "hours": item.station.hours,
            "amenities": "、".join(item.station.amenity_labels),
            "address": item.station.address,
        }
        for item in nearby
    ]
    context = {
        "nearby": [
            (item.station, distance_text(item.metres) if item.metres is not None else "") for item in nearby
        ],
        "markers": markers,
        "amenities": AMENITIES,
        "chosen": chosen,
        "located": lat is not None,
        "tiles": {"url": settings.JIESU_MAP_TILE_URL, "attribution": settings.JIESU_MAP_TILE_ATTRIBUTION},
    }
    return render(request, "riders/public/home.html", context)


@require_GET
def station(request: HttpRequest, token: str) -> HttpResponse:
    """What a rest station's poster opens: the station, its benefits, and the riders' services."""
    place = place_from_token(token)
    if place is None or place.kind != "s":
        return refuse(request, "二维码无效或已停用，请扫描驿站张贴的二维码。", 404, title="二维码无效")
    return render(
        request,
        "riders/public/station.html",
        {"place": place, "station": place.extras["station"], "token": token},
    )


@require_http_methods(["GET", "POST"])
def card_new(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "riders/public/card_new.html", {"form": CardForm()})
    form = CardForm(request.POST)
    if form.caught_in_honeypot():
        return honeypot_refusal(request)
    if refusal := limited(request, ("card_ip", "ip")):
        return refusal
    if not form.is_valid():
        return render(request, "riders/public/card_new.html", {"form": form}, status=400)
    if refusal := limited(request, ("card_phone", form.cleaned_data["phone"])):
        return refusal
    try:
        card = rider_register(
            platform=form.cleaned_data["platform"],
            phone=form.cleaned_data["phone"],
            nickname=form.cleaned_data["nickname"],
            consent=form.cleaned_data["consent"],
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return render(request, "riders/public/card_new.html", {"form": form}, status=error.status_code)
    return redirect("riders_public_card", code=card.code)


@require_GET
def card(request: HttpRequest, code: str) -> HttpResponse:
    """The rider's card: its QR code opens the verification page for the station's staff."""
    if refusal := limited(request, ("track_ip", "ip")):
        return refusal
    rider = rider_by_card(code)
    if rider is None:
        return refuse(request, "暖心卡不存在或已补换，请使用最新的卡页面。", 404, title="暖心卡无效")
    normal = code_normalise(code)
    verify_url = absolute(request, f"{reverse('riders_verify')}?card={normal}")
    confirmed, points = rider_points(rider=rider)
    context = {
        "rider": rider,
        "code": code_display(normal),
        "raw_code": normal,
        "qr": qr_svg(verify_url, scale=5),
        "active": rider.card_status == CardStatus.ACTIVE,
        "confirmed": confirmed,
        "points": points,
    }
    response = render(request, "riders/public/card.html", context)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """小哥说事: a hazard seen on the route, with a photo and the place."""
    token = request.GET.get("s", "")
    place = place_from_token(token) if token else None
    initial = {"card": request.GET.get("card", "")}
    if request.method == "GET":
        return render(
            request, "riders/public/report.html", {"form": ReportForm(initial=initial), "place": place}
        )
    form = ReportForm(request.POST, request.FILES)
    if form.caught_in_honeypot():
        return honeypot_refusal(request)
    if refusal := limited(request, ("submit_ip", "ip")):
        return refusal
    if not form.is_valid():
        return render(request, "riders/public/report.html", {"form": form, "place": place}, status=400)
    data = form.cleaned_data
    if refusal := limited(request, ("submit_phone", data["phone"])):
        return refusal
    try:
        _, receipt = rider_report_create(
            everyday=data["everyday"],
            content=data["content"],
            phone=data["phone"],
            name=data["name"],
            consent=data["consent"],
            card_code=data.get("card", ""),
            place=place,
            compound=data.get("compound"),
            lat=data.get("lat"),
            lng=data.get("lng"),
            place_text=data.get("place_text", ""),
            photos=data.get("photos") or [],
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return render(
            request, "riders/public/report.html", {"form": form, "place": place}, status=error.status_code
        )
    receipt_keep(request, code=receipt.code, submission_id=receipt.submission.pk, kind="rider")
    return redirect("public_done")


@require_GET
def ranking_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    month = month_parse(request.GET.get("month")) or date(today.year, today.month, 1)
    previous = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    context = {
        "rows": ranking(month=month),
        "month": month,
        "previous": previous,
        "following": following if following <= today else None,
    }
    return render(request, "riders/public/ranking.html", context)


def station_poster_url(station) -> str:
    return reverse("riders_public_station", args=[place_token(kind="s", pk=station.pk)])
