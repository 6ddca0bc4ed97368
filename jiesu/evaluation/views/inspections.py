"""An inspection on a phone: findings first (with the camera), then the score sheet, then submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from jiesu.accounts import access
from jiesu.evaluation import services
from jiesu.evaluation.forms import FindingForm, RequiredNoteForm, ScoreSheetForm, SubmitForm
from jiesu.evaluation.models import Indicator, Inspection
from jiesu.evaluation.selectors.rounds import inspection_places, inspection_sheet
from jiesu.evaluation.states import InspectionAction, InspectionStatus, RoundStatus
from jiesu.evaluation.views._common import handles_domain_errors, inspection_or_404, render_form_page

PAGE = "evaluation/inspection.html"


def _scores(inspection: Inspection) -> list:
    return [score for category in inspection_sheet(inspection=inspection) for score in category.rows]


def _finding_form(inspection: Inspection, data=None, files=None) -> FindingForm:
    indicators = list(Indicator.objects.filter(category__system_id=inspection.round.system_id))
    return FindingForm(data, files, places=inspection_places(inspection=inspection), indicators=indicators)


def _context(request: HttpRequest, inspection: Inspection, **forms) -> dict:
    user = request.user
    editable = inspection.status == InspectionStatus.DRAFT and inspection.round.status == RoundStatus.OPEN
    version = {"expected_version": inspection.version}
    return {
        "inspection": inspection,
        "sheet": inspection_sheet(inspection=inspection),
        "sheet_form": forms.get("sheet") or ScoreSheetForm(initial=version, scores=_scores(inspection)),
        "finding_form": forms.get("finding") or _finding_form(inspection),
        "submit_form": forms.get("submit")
        or SubmitForm(
            initial={**version, "inspected_on": inspection.inspected_on, "summary": inspection.summary}
        ),
        "reopen_form": forms.get("reopen") or RequiredNoteForm(initial=version),
        "items": inspection.items.select_related("compound", "building__compound", "indicator").order_by(
            "pk"
        ),
        "events": inspection.events.select_related("actor"),
        "can_edit": editable and access.can(user, InspectionAction.SCORE, inspection),
        "can_reopen": inspection.status == InspectionStatus.SUBMITTED
        and access.can(user, InspectionAction.REOPEN, inspection),
        "notice": forms.get("notice", ""),
        "tab": "rounds",
    }


@require_GET
@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, PAGE, _context(request, inspection_or_404(request.user, pk)))


@require_POST
@login_required
@handles_domain_errors
def inspection_scores(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_or_404(request.user, pk)
    access.ensure(request.user, InspectionAction.SCORE, inspection)
    form = ScoreSheetForm(request.POST, scores=_scores(inspection))
    template = f"{PAGE}#sheet" if request.htmx else PAGE
    if not form.is_valid():
        return render_form_page(request, template, _context(request, inspection, sheet=form), valid=False)
    services.inspection_score(
        inspection_id=inspection.pk,
        deductions=form.deductions(),
        actor=request.user,
        expected_version=form.cleaned_data["expected_version"],
    )
    inspection = inspection_or_404(request.user, pk)
    if not request.htmx:
        messages.success(request, f"评分已保存，当前得分 {inspection.score} 分。")
        return redirect("evaluation:inspection", pk=pk)
    return render(
        request,
        template,
        _context(request, inspection, notice=f"评分已保存，当前得分 {inspection.score} 分。"),
    )


@require_POST
@login_required
@handles_domain_errors
def inspection_finding(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = inspection_or_404(request.user, pk)
    access.ensure(request.user, InspectionAction.FIND, inspection)
    form = _finding_form(inspection, request.POST, request.FILES)
    if not form.is_valid():
        return render_form_page(request, PAGE, _context(request, inspection, finding=form), valid=False)
    item = services.ledger_item_point(
        inspection_id=inspection.pk,
        compound_id=form.cleaned_data["compound"],
        building_id=form.cleaned_data["building"],
        indicator_id=form.cleaned_data["indicator"],
        severity=form.cleaned_data["severity"],
        description=form.cleaned_data["description"],
        photos=form.cleaned_data["photos"],
        actor=request.user,
    )
    messages.success(request, f"已记录问题（台账编号 {item.pk}），已转入问题台账待现场核查。")
    return redirect(reverse("evaluation:inspection", args=[pk]) + "#findings")


ACTIONS = {InspectionAction.SUBMIT, InspectionAction.REOPEN}


@require_POST
@login_required
@handles_domain_errors
def inspection_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404("没有这个操作。")
    inspection = inspection_or_404(request.user, pk)
    access.ensure(request.user, action, inspection)
    if action == InspectionAction.SUBMIT:
        form = SubmitForm(request.POST)
        if not form.is_valid():
            return render_form_page(request, PAGE, _context(request, inspection, submit=form), valid=False)
        services.inspection_submit(
            inspection_id=pk, actor=request.user, inspected_on=form.cleaned_data["inspected_on"],
            summary=form.cleaned_data["summary"], expected_version=form.cleaned_data["expected_version"],
        )  # fmt: skip
        messages.success(request, "检查已提交，得分计入本轮排名。")
    else:
        form = RequiredNoteForm(request.POST)
        if not form.is_valid():
            return render_form_page(request, PAGE, _context(request, inspection, reopen=form), valid=False)
        services.inspection_reopen(
            inspection_id=pk, actor=request.user, note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["expected_version"],
        )  # fmt: skip
        messages.success(request, "已退回评估专家修改。")
    return redirect("evaluation:inspection", pk=pk)
