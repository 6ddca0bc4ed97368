"""Shared by the evaluation views: scoped lookups that turn "not yours" into a 404, form errors."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jiesu.evaluation.models import Inspection, LedgerItem, Round
from jiesu.evaluation.selectors.ledger import ledger_get
from jiesu.evaluation.selectors.rounds import inspection_get, round_get
from jiesu.workorders.views._common import error_response, handles_domain_errors

__all__ = [
    "error_response",
    "handles_domain_errors",
    "inspection_or_404",
    "item_or_404",
    "render_form_page",
    "round_or_404",
]


def round_or_404(user, pk: int) -> Round:
    try:
        return round_get(user=user, round_id=pk)
    except Round.DoesNotExist as missing:
        raise Http404("考评轮次不存在或不在您的权限范围内。") from missing


def inspection_or_404(user, pk: int) -> Inspection:
    try:
        return inspection_get(user=user, inspection_id=pk)
    except Inspection.DoesNotExist as missing:
        raise Http404("检查记录不存在或不在您的权限范围内。") from missing


def item_or_404(user, pk: int) -> LedgerItem:
    try:
        return ledger_get(user=user, item_id=pk)
    except LedgerItem.DoesNotExist as missing:
        raise Http404("问题不存在或不在您的权限范围内。") from missing


def render_form_page(request: HttpRequest, template: str, context: dict, *, valid: bool) -> HttpResponse:
    """A page re-rendered after a POST: 400 when the input was refused (htmx swaps only on 200)."""
    status = 200 if valid or request.htmx else 400
    return render(request, template, context, status=status)
