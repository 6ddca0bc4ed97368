"""问题台账: the list (filters, search, paging, Excel) and an item's page with its four steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from jiesu.accounts import access
from jiesu.core.photos import photos_of
from jiesu.evaluation import services
from jiesu.evaluation.export import ledger_xlsx
from jiesu.evaluation.forms import (
    LedgerFilterForm,
    LookbackForm,
    RectifyForm,
    ReopenForm,
    RequiredNoteForm,
    VerifyForm,
)
from jiesu.evaluation.models import LedgerItem, Round
from jiesu.evaluation.selectors.ledger import is_overdue, ledger_list, ledger_scope
from jiesu.evaluation.states import LEDGER, OPEN_LEDGER, STEP_OF_STATUS, STEPS, LedgerAction
from jiesu.evaluation.views._common import handles_domain_errors, item_or_404, render_form_page
from jiesu.places.models import Community
from jiesu.units.models import Unit

LIST = "evaluation/ledger_list.html"
DETAIL = "evaluation/ledger_detail.html"
PAGE_SIZE = 30
EXPORT_LIMIT = 20000


def _filter_form(request: HttpRequest) -> LedgerFilterForm:
    items = ledger_scope(user=request.user)
    return LedgerFilterForm(
        request.GET or None,
        rounds=list(Round.objects.filter(items__in=items).distinct().order_by("-period_start")),
        projects=list(Unit.objects.filter(ledger_items__in=items).distinct().order_by("name")),
        communities=list(Community.objects.filter(pk__in=items.values("community_id")).order_by("id")),
    )


def _may_list(user) -> None:
    if not access.can(user, "export", LedgerItem):
        raise Http404("您没有可查看的问题台账。")


@require_GET
@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    _may_list(request.user)
    form = _filter_form(request)
    items = ledger_list(user=request.user, filters=form.filters())
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "items": page.object_list, "now": timezone.now(), "tab": "ledger"}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, f"{LIST}#results", context)
    return render(request, LIST, context)


@require_GET
@login_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    _may_list(request.user)
    items = ledger_list(user=request.user, filters=_filter_form(request).filters())[:EXPORT_LIMIT]
    response = HttpResponse(
        ledger_xlsx(items), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ledger-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


FORMS = {
    LedgerAction.VERIFY: VerifyForm,
    LedgerAction.DISMISS: RequiredNoteForm,
    LedgerAction.RECTIFY: RectifyForm,
    LedgerAction.CONFIRM: LookbackForm,
    LedgerAction.REOPEN: ReopenForm,
}
DONE = {
    LedgerAction.VERIFY: "现场核查完成，已转物业立行整改。",
    LedgerAction.DISMISS: "已记录核查不属实。",
    LedgerAction.RECTIFY: "整改情况已提交，等待回头看。",
    LedgerAction.CONFIRM: "回头看确认整改到位，问题已销号。",
    LedgerAction.REOPEN: "已要求重新整改，新的整改时限已生效。",
}


def _run(action: str, item: LedgerItem, user, data: dict) -> None:
    common = {"item_id": item.pk, "actor": user, "expected_version": data["expected_version"]}
    if action == LedgerAction.VERIFY:
        services.ledger_item_verify(**common, note=data["note"], severity=data["severity"])
    elif action == LedgerAction.DISMISS:
        services.ledger_item_dismiss(**common, note=data["note"])
    elif action == LedgerAction.RECTIFY:
        services.ledger_item_rectify(**common, rectification=data["rectification"], photos=data["photos"])
    elif action == LedgerAction.CONFIRM:
        services.ledger_item_confirm(**common, note=data["note"], photos=data["photos"])
    else:
        services.ledger_item_reopen(**common, note=data["note"], photos=data["photos"])


def _steps(item: LedgerItem) -> list[tuple[str, str]]:
    """The four steps, each "done", "current" (the one waiting) or ""."""
    done = STEP_OF_STATUS[item.status]
    waiting = item.status in OPEN_LEDGER
    return [
        (label, "done" if index < done else ("current" if waiting and index == done else ""))
        for index, label in enumerate(STEPS)
    ]


def _detail_context(request: HttpRequest, item: LedgerItem, failed: tuple[str, object] | None = None) -> dict:
    user = request.user
    actions = []
    for action in LEDGER.allowed(item.status):
        if action == LedgerAction.ESCALATE or not access.can(user, action, item):
            continue
        initial = {"expected_version": item.version}
        if action == LedgerAction.VERIFY:
            initial["severity"] = item.severity
        form = failed[1] if failed and failed[0] == action else FORMS[action](initial=initial)
        actions.append(
            {"action": action, "label": LedgerAction(action).label, "form": form, "open": bool(failed)}
        )
    return {
        "item": item,
        "steps": _steps(item),
        "photos": photos_of(item),
        "events": item.events.select_related("actor", "actor_unit"),
        "actions": actions,
        "overdue": is_overdue(item),
        "tab": "ledger",
    }


@require_GET
@login_required
def ledger_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, DETAIL, _detail_context(request, item_or_404(request.user, pk)))


@require_POST
@login_required
@handles_domain_errors
def ledger_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in FORMS:
        raise Http404("没有这个操作。")
    item = item_or_404(request.user, pk)
    access.ensure(request.user, action, item)  # a refused action is a 403, whatever its input
    form = FORMS[action](request.POST, request.FILES)
    if not form.is_valid():
        return render_form_page(request, DETAIL, _detail_context(request, item, (action, form)), valid=False)
    _run(action, item, request.user, form.cleaned_data)
    messages.success(request, DONE[action])
    return redirect("evaluation:ledger_item", pk=pk)
