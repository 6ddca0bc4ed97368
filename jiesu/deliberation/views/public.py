"""The public pages (no login): a programme's proposal form (what its poster opens), its published
outcomes, and the riders' suggestion box. Reuses the public kit: signed tokens, rate limits,
honeypot, refusals in plain Chinese."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from jiesu.core.errors import DomainError
from jiesu.deliberation.forms import PublicSubmissionForm
from jiesu.deliberation.models import Programme, SubmissionChannel
from jiesu.deliberation.selectors import outcomes_public, rider_programme
from jiesu.deliberation.services import submission_create
from jiesu.public.pages import honeypot_refusal, limited, refuse
from jiesu.public.places import place_from_token, place_token

UNKNOWN = "二维码无效或已停用，请扫描张贴在现场的二维码。"


def _programme(token: str) -> Programme | None:
    place = place_from_token(token)
    if place is None or place.kind != "d":
        return None
    return place.extras.get("programme")


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, token: str) -> HttpResponse:
    programme = _programme(token)
    if programme is None:
        return refuse(request, UNKNOWN, 404, title="二维码无效")
    context = {"programme": programme, "token": token}
    if not programme.is_active:
        return refuse(request, "该议事项目已停止征集议题。", 410, title="已停止征集")
    if request.method == "GET":
        return render(request, "deliberation/public/submit.html", context | {"form": PublicSubmissionForm()})
    form = PublicSubmissionForm(request.POST)
    if form.caught_in_honeypot():
        return honeypot_refusal(request)
    if refusal := limited(request, ("submit_ip", "ip")):
        return refusal
    if not form.is_valid():
        return render(request, "deliberation/public/submit.html", context | {"form": form}, status=400)
    data = form.cleaned_data
    if refusal := limited(request, ("submit_phone", data["phone"])):
        return refusal
    try:
        submission_create(
            programme_id=programme.pk,
            channel=SubmissionChannel.ONLINE,
            content=data["content"],
            place_text=data["place_text"],
            submitter_name=data["name"],
            submitter_phone=data["phone"],
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return render(
            request, "deliberation/public/submit.html", context | {"form": form}, status=error.status_code
        )
    return render(
        request,
        "public/message.html",
        {
            "title": "感谢您的提议",
            "message": f"您的提议已送达「{programme.name}」，管理小组每月汇总居民提议确定议题，议事结果会在公开页公布。",
            "back": True,
        },
    )


@require_GET
def outcomes(request: HttpRequest, token: str) -> HttpResponse:
    programme = _programme(token)
    if programme is None:
        return refuse(request, UNKNOWN, 404, title="二维码无效")
    context = {"programme": programme, "token": token, "meetings": outcomes_public(programme=programme)}
    return render(request, "deliberation/public/outcomes.html", context)


@require_GET
def rider_suggest(request: HttpRequest) -> HttpResponse:
    """The riders' map page's 「小哥议事会·意见箱」 button: the riders' council's proposal form."""
    programme = rider_programme()
    if programme is None:
        return refuse(request, "小哥议事会暂未开设意见箱。", 404, title="暂未开放")
    return redirect("deliberation_public_submit", token=place_token(kind="d", pk=programme.pk))
