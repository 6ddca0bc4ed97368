"""The whistle page and the steps people take on it (htmx swaps the page's `whistle` partial)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from jiesu.core.errors import DomainError, ValidationFailed
from jiesu.whistles import services
from jiesu.whistles.forms import SUMMONS_FORMS, WHISTLE_FORMS, ActionForm
from jiesu.whistles.links import links_resolve
from jiesu.whistles.models import Summons, Whistle
from jiesu.whistles.selectors import (
    photos_by_subject,
    summons_actions,
    whistle_actions,
    whistle_links,
    whistle_summonses,
    whistle_timeline,
)
from jiesu.whistles.states import SummonsAction, WhistleAction
from jiesu.whistles.views._common import summons_or_404, whistle_or_404
from jiesu.workorders.views._common import handles_domain_errors

TEMPLATE = "whistles/detail.html"

# action -> the one service call: (object id, actor, cleaned data, version) -> the changed object
SUMMONS_RUNNERS: dict[str, Callable] = {
    SummonsAction.CHECK_IN: lambda pk, user, d, v: services.summons_check_in(
        summons_id=pk,
        actor=user,
        on_site=d["on_site"],
        person=d["person"],
        note=d["note"],
        expected_version=v,
    ),
    SummonsAction.REPORT: lambda pk, user, d, v: services.summons_report(
        summons_id=pk,
        actor=user,
        measures=d["measures"],
        result=d["result"],
        photos=d["photos"],
        expected_version=v,
    ),
    SummonsAction.CONFIRM: lambda pk, user, d, v: services.summons_confirm(
        summons_id=pk, actor=user, note=d["note"], expected_version=v
    ),
    SummonsAction.SEND_BACK: lambda pk, user, d, v: services.summons_send_back(
        summons_id=pk, actor=user, reason=d["note"], expected_version=v
    ),
    SummonsAction.WITHDRAW: lambda pk, user, d, v: services.summons_withdraw(
        summons_id=pk, actor=user, reason=d["note"], expected_version=v
    ),
    SummonsAction.RATE_UNIT: lambda pk, user, d, v: services.summons_rate_unit(
        summons_id=pk,
        actor=user,
        on_time=d["on_time"],
        effective=d["effective"],
        satisfied=d["satisfied"],
        note=d["note"],
        expected_version=v,
    ),
    SummonsAction.RATE_WHISTLE: lambda pk, user, d, v: services.summons_rate_whistle(
        summons_id=pk, actor=user, reasonable=d["reasonable"], reason=d["note"], expected_version=v
    ),
}
WHISTLE_RUNNERS: dict[str, Callable] = {
    WhistleAction.SUMMON_MORE: lambda pk, user, d, v: services.whistle_summon_more(
        whistle_id=pk, actor=user, units=d["units"], note=d["note"], expected_version=v
    ),
    WhistleAction.LINK: lambda pk, user, d, v: services.whistle_link(
        whistle_id=pk,
        actor=user,
        objects=links_resolve(user=user, key="order", text=d["orders"]),
        note=d["note"],
        expected_version=v,
    ),
    WhistleAction.CANCEL: lambda pk, user, d, v: services.whistle_cancel(
        whistle_id=pk, actor=user, reason=d["note"], expected_version=v
    ),
}
NOTICES = {
    SummonsAction.CHECK_IN: "已报到。",
    SummonsAction.REPORT: "已反馈处置结果，等待社区确认。",
    SummonsAction.CONFIRM: "已确认该单位的处置结果。",
    SummonsAction.SEND_BACK: "已退回该单位重新处置。",
    SummonsAction.WITHDRAW: "已撤回对该单位的召集。",
    SummonsAction.RATE_UNIT: "已评价该单位，谢谢。",
    SummonsAction.RATE_WHISTLE: "已提交对本次吹哨的评价。",
    WhistleAction.SUMMON_MORE: "已追加召集。",
    WhistleAction.LINK: "已关联工单。",
    WhistleAction.CANCEL: "已撤销本次吹哨。",
}


@dataclass
class Panel:
    action: str
    label: str
    form: ActionForm
    target: str  # the form's action URL
    is_open: bool = False


@dataclass
class SummonsCard:
    summons: Summons
    panels: list[Panel] = field(default_factory=list)
    photos: list = field(default_factory=list)


def _form(cls, action: str, prefix: str, obj, data=None, files=None) -> ActionForm:
    return cls(data, files, initial={"version": obj.version}, auto_id=f"id_{prefix}_%s")


def detail_context(
    request: HttpRequest,
    whistle: Whistle,
    *,
    bound: ActionForm | None = None,
    bound_key: str = "",
    error: str = "",
    notice: str = "",
) -> dict:
    user = request.user
    summonses = whistle_summonses(whistle=whistle)
    photos = photos_by_subject(whistle=whistle, summonses=summonses)
    cards = []
    for summons in summonses:
        card = SummonsCard(summons, photos=photos.get(("summons", summons.pk), []))
        for action in summons_actions(user=user, summons=summons):
            key = f"{summons.pk}-{action}"
            form = bound if bound_key == key else _form(SUMMONS_FORMS[action], action, key, summons)
            target = reverse("summons_act", args=[whistle.pk, summons.pk, action])
            card.panels.append(Panel(action, SummonsAction(action).label, form, target, bound_key == key))
        cards.append(card)
    whistle_panels = []
    for action in whistle_actions(user=user, whistle=whistle):
        key = f"w-{action}"
        form = bound if bound_key == key else _form(WHISTLE_FORMS[action], action, key, whistle)
        target = reverse("whistle_act", args=[whistle.pk, action])
        whistle_panels.append(Panel(action, WhistleAction(action).label, form, target, bound_key == key))
    links, hidden_links = whistle_links(user=user, whistle=whistle)
    return {
        "whistle": whistle,
        "cards": cards,
        "whistle_panels": whistle_panels,
        "photos": photos.get(("whistle", whistle.pk), []),
        "links": links,
        "hidden_links": hidden_links,
        "events": whistle_timeline(whistle=whistle),
        "now": timezone.now(),
        "error": error,
        "notice": notice,
    }


def render_whistle(request: HttpRequest, whistle: Whistle, *, status: int = 200, **context) -> HttpResponse:
    data = detail_context(request, whistle, **context)
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, f"{TEMPLATE}#whistle", data)  # 200, so htmx swaps the message in
    return render(request, TEMPLATE, data, status=status)


@require_GET
@login_required
def whistle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_whistle(request, whistle_or_404(user=request.user, pk=pk))


def _run(
    request: HttpRequest, whistle: Whistle, *, action: str, key: str, form: ActionForm, run
) -> HttpResponse:
    if not form.is_valid():
        return render_whistle(
            request, whistle, status=400, bound=form, bound_key=key, error="请检查填写的内容。"
        )
    try:
        run(form.cleaned_data, form.cleaned_data["version"])
    except DomainError as error:
        whistle = whistle_or_404(user=request.user, pk=whistle.pk)
        status = error.status_code
        if isinstance(error, ValidationFailed):
            return render_whistle(
                request, whistle, status=status, bound=form, bound_key=key, error=error.message
            )
        return render_whistle(request, whistle, status=status, error=error.message)
    whistle = whistle_or_404(user=request.user, pk=whistle.pk)
    if request.htmx:
        return render_whistle(request, whistle, notice=NOTICES[action])
    messages.success(request, NOTICES[action])
    return redirect("whistle_detail", pk=whistle.pk)


@require_POST
@login_required
@handles_domain_errors
def summons_act(request: HttpRequest, pk: int, summons_pk: int, action: str) -> HttpResponse:
    if action not in SUMMONS_RUNNERS:
        raise Http404("没有这个操作。")
    whistle = whistle_or_404(user=request.user, pk=pk)
    summons = summons_or_404(whistle=whistle, pk=summons_pk)
    key = f"{summons.pk}-{action}"
    form = _form(SUMMONS_FORMS[action], action, key, summons, request.POST, request.FILES)
    run = SUMMONS_RUNNERS[action]
    return _run(
        request,
        whistle,
        action=action,
        key=key,
        form=form,
        run=lambda data, version: run(summons.pk, request.user, data, version),
    )


@require_POST
@login_required
@handles_domain_errors
def whistle_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in WHISTLE_RUNNERS:
        raise Http404("没有这个操作。")
    whistle = whistle_or_404(user=request.user, pk=pk)
    key = f"w-{action}"
    form = _form(WHISTLE_FORMS[action], action, key, whistle, request.POST, request.FILES)
    run = WHISTLE_RUNNERS[action]
    return _run(
        request,
        whistle,
        action=action,
        key=key,
        form=form,
        run=lambda data, version: run(whistle.pk, request.user, data, version),
    )
