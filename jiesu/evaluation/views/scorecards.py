"""The ranking of projects in a round, a project's scorecard, and both as files (xlsx, PDF)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jiesu.evaluation.export import ranking_xlsx
from jiesu.evaluation.pdf import scorecard_pdf
from jiesu.evaluation.permissions import may_see_scorecards, sees_order_figures
from jiesu.evaluation.selectors.figures import round_ranking, rounds_evaluated, scorecard
from jiesu.units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ranking(request: HttpRequest):
    if not may_see_scorecards(request.user):
        raise Http404("您没有可查看的物业考评。")
    rounds = list(rounds_evaluated())
    wanted = request.GET.get("round", "")
    chosen = next((r for r in rounds if str(r.pk) == wanted), rounds[0] if rounds else None)
    with_orders = sees_order_figures(request.user)
    rows = (
        round_ranking(user=request.user, evaluation_round=chosen, with_orders=with_orders) if chosen else []
    )
    return rounds, chosen, rows, with_orders


@require_GET
@login_required
def ranking(request: HttpRequest) -> HttpResponse:
    rounds, chosen, rows, with_orders = _ranking(request)
    context = {"rounds": rounds, "chosen": chosen, "rows": rows, "with_orders": with_orders, "tab": "ranking"}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "evaluation/ranking.html#results", context)
    return render(request, "evaluation/ranking.html", context)


@require_GET
@login_required
def ranking_export(request: HttpRequest) -> HttpResponse:
    _, chosen, rows, with_orders = _ranking(request)
    response = HttpResponse(ranking_xlsx(rows, with_orders=with_orders), content_type=XLSX)
    stamp = chosen.period_start.strftime("%Y%m") if chosen else timezone.localdate().strftime("%Y%m")
    response["Content-Disposition"] = f'attachment; filename="ranking-{stamp}.xlsx"'
    return response


def _card(request: HttpRequest, pk: int):
    with_orders = sees_order_figures(request.user)
    try:
        return scorecard(user=request.user, project_id=pk, with_orders=with_orders), with_orders
    except Unit.DoesNotExist as missing:
        raise Http404("物业服务项目不存在或不在您的权限范围内。") from missing


@require_GET
@login_required
def scorecard_page(request: HttpRequest, pk: int) -> HttpResponse:
    card, with_orders = _card(request, pk)
    return render(
        request, "evaluation/scorecard.html", {"card": card, "with_orders": with_orders, "tab": "ranking"}
    )


@require_GET
@login_required
def scorecard_download(request: HttpRequest, pk: int) -> HttpResponse:
    card, with_orders = _card(request, pk)
    response = HttpResponse(scorecard_pdf(card, with_orders=with_orders), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="scorecard-{card.project.pk}.pdf"'
    return response
