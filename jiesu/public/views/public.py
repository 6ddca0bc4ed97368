"""The public pages: a poster's form, the one-time receipt, tracking by code, rating, privacy.

No login. Every POST is CSRF-protected, rate-limited per address (and per phone where one is
given), honeypot-guarded, and either writes everything or nothing.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiesu.core.errors import DomainError
from jiesu.public.codes import code_display
from jiesu.public.forms import RateForm, SubmitForm, TrackForm
from jiesu.public.pages import (
    honeypot_refusal,
    limited,
    receipt_keep,
    receipt_take,
    refuse,
    tracking_allow,
    tracking_allowed,
)
from jiesu.public.places import place_from_token
from jiesu.public.selectors import submission_find, submission_tracking
from jiesu.public.services import submission_create, submission_rate
from jiesu.workorders.models import Channel

NOT_FOUND = "未查到对应的诉求，请核对查询码和手机号后四位。"


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "public/privacy.html")


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, token: str) -> HttpResponse:
    place = place_from_token(token)
    if place is None:
        return refuse(request, "二维码无效或已停用，请扫描张贴在现场的二维码。", 404, title="二维码无效")
    if request.method == "GET":
        return render(request, "public/submit.html", {"form": SubmitForm(place=place), "place": place})
    form = SubmitForm(request.POST, request.FILES, place=place)
    if form.caught_in_honeypot():
        return honeypot_refusal(request)
    if refusal := limited(request, ("submit_ip", "ip")):
        return refusal
    if not form.is_valid():
        return render(request, "public/submit.html", {"form": form, "place": place}, status=400)
    data = form.cleaned_data
    if refusal := limited(request, ("submit_phone", data["phone"])):
        return refusal
    try:
        receipt = submission_create(
            channel=Channel.QR,
            place=place,
            everyday=data["everyday"],
            content=data["content"],
            compound=data.get("compound"),
            building=data.get("building"),
            location=data.get("unit_room", ""),
            photos=data.get("photos") or [],
            name=data["name"],
            phone=data["phone"],
            consent=data["consent"],
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return render(request, "public/submit.html", {"form": form, "place": place}, status=error.status_code)
    receipt_keep(request, code=receipt.code, submission_id=receipt.submission.pk)
    return redirect("public_done")


@require_GET
def done(request: HttpRequest) -> HttpResponse:
    receipt = receipt_take(request)
    if receipt is None:
        return redirect("public_track")
    tracking_allow(request, receipt["submission"])
    context = {"code": code_display(receipt["code"]), "kind": receipt.get("kind", "qr")}
    response = render(request, "public/done.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "public/track.html", {"form": TrackForm()})
    form = TrackForm(request.POST)
    if form.caught_in_honeypot():
        return honeypot_refusal(request)
    if refusal := limited(request, ("track_ip", "ip")):
        return refusal
    if not form.is_valid():
        return render(request, "public/track.html", {"form": form}, status=400)
    submission = submission_find(code=form.cleaned_data["code"], last4=form.cleaned_data["last4"])
    if submission is None:
        form.add_error(None, NOT_FOUND)
        return render(request, "public/track.html", {"form": form}, status=404)
    tracking_allow(request, submission.pk)
    return redirect("public_status")


@require_GET
def status(request: HttpRequest) -> HttpResponse:
    submission_id = tracking_allowed(request)
    if submission_id is None:
        return redirect("public_track")
    tracking = submission_tracking(submission_id=submission_id)
    response = render(request, "public/status.html", {"t": tracking, "form": RateForm()})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    submission_id = tracking_allowed(request)
    if submission_id is None:
        return refuse(request, "查询已过期，请重新输入查询码和手机号后四位。", 403)
    form = RateForm(request.POST)
    if form.caught_in_honeypot():
        return honeypot_refusal(request)
    if refusal := limited(request, ("rate_ip", "ip")):
        return refusal
    if not form.is_valid():
        tracking = submission_tracking(submission_id=submission_id)
        return render(request, "public/status.html", {"t": tracking, "form": form}, status=400)
    data = form.cleaned_data
    try:
        submission_rate(
            submission_id=submission_id,
            contacted=data["contacted"] == "yes",
            resolved=data["resolved"] == "yes",
            satisfaction=data["satisfaction"],
            comment=data["comment"],
        )
    except DomainError as error:
        return refuse(request, error.message, error.status_code)
    return render(
        request,
        "public/message.html",
        {"title": "感谢您的评价", "message": "您的评价已提交，感谢您对我们工作的支持。", "back": True},
    )
