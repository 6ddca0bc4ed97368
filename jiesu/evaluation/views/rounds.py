"""Rounds: the list (with a form to open a new round) and a round's board of projects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jiesu.accounts import access
from jiesu.evaluation import services
from jiesu.evaluation.forms import NoteForm, RequiredNoteForm, RoundForm
from jiesu.evaluation.models import Inspection, Round
from jiesu.evaluation.permissions import project_scope
from jiesu.evaluation.selectors.rounds import round_board, round_list
from jiesu.evaluation.states import InspectionAction, RoundAction, RoundStatus
from jiesu.evaluation.views._common import handles_domain_errors, render_form_page, round_or_404

LIST = "evaluation/round_list.html"
DETAIL = "evaluation/round_detail.html"


def _list_context(request: HttpRequest, form: RoundForm | None = None) -> dict:
    page = Paginator(round_list(user=request.user), 20).get_page(request.GET.get("page"))
    return {
        "page": page,
        "rounds": page.object_list,
        "can_create": access.can(request.user, RoundAction.CREATE, Round),
        "form": form or RoundForm(),
        "tab": "rounds",
    }


@require_GET
@login_required
def rounds(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "view_list", Round):
        raise Http404("您没有可查看的物业考评。")
    return render(request, LIST, _list_context(request))


@require_POST
@login_required
@handles_domain_errors
def round_new(request: HttpRequest) -> HttpResponse:
    access.ensure(request.user, RoundAction.CREATE, Round)
    form = RoundForm(request.POST)
    if not form.is_valid():
        return render_form_page(request, LIST, _list_context(request, form), valid=False)
    created = services.round_create(
        name=form.cleaned_data["name"],
        period_start=form.cleaned_data["period_start"],
        period_end=form.cleaned_data["period_end"],
        actor=request.user,
    )
    messages.success(request, f"已创建考评轮次「{created.name}」。")
    return redirect("evaluation:round", pk=created.pk)


def _detail_context(request: HttpRequest, evaluation_round: Round, form=None) -> dict:
    user = request.user
    return {
        "round": evaluation_round,
        "board": round_board(user=user, evaluation_round=evaluation_round),
        "can_inspect": access.can(user, InspectionAction.START, Inspection)
        and evaluation_round.status == RoundStatus.OPEN,
        "can_close": access.can(user, RoundAction.CLOSE, evaluation_round),
        "can_reopen": access.can(user, RoundAction.REOPEN, evaluation_round),
        "form": form or NoteForm(initial={"expected_version": evaluation_round.version}),
        "events": evaluation_round.events.select_related("actor"),
        "tab": "rounds",
    }


@require_GET
@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, DETAIL, _detail_context(request, round_or_404(request.user, pk)))


RUNNERS = {
    RoundAction.CLOSE: (NoteForm, services.round_close, "已结束本轮考评。"),
    RoundAction.REOPEN: (RequiredNoteForm, services.round_reopen, "已重新开放本轮考评。"),
}


@require_POST
@login_required
@handles_domain_errors
def round_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in RUNNERS:
        raise Http404("没有这个操作。")
    evaluation_round = round_or_404(request.user, pk)
    access.ensure(request.user, action, evaluation_round)
    form_class, run, done = RUNNERS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        return render_form_page(
            request, DETAIL, _detail_context(request, evaluation_round, form), valid=False
        )
    run(
        round_id=evaluation_round.pk,
        actor=request.user,
        note=form.cleaned_data["note"],
        expected_version=form.cleaned_data["expected_version"],
    )
    messages.success(request, done)
    return redirect("evaluation:round", pk=pk)


@require_POST
@login_required
@handles_domain_errors
def inspection_begin(request: HttpRequest, pk: int, project_pk: int) -> HttpResponse:
    """Open the project's inspection in this round, starting it if there is none yet."""
    evaluation_round = round_or_404(request.user, pk)
    if not project_scope(request.user).filter(pk=project_pk).exists():
        raise Http404("物业服务项目不存在或不在您的权限范围内。")
    existing = Inspection.objects.filter(round=evaluation_round, project_id=project_pk).first()
    if existing is not None and access.can(request.user, "view", existing):
        return redirect("evaluation:inspection", pk=existing.pk)
    inspection = services.inspection_start(
        round_id=evaluation_round.pk, project_id=project_pk, actor=request.user
    )
    messages.success(request, f"已开始检查「{inspection.project.name}」，请逐项评分并记录发现的问题。")
    return redirect("evaluation:inspection", pk=inspection.pk)
