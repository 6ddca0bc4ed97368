"""Thin views: one click on a suggestion (htmx → service → the refreshed order), and the overview."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from jiesu.accounts import access
from jiesu.core.errors import ValidationFailed
from jiesu.core.extensions import job_result_templates
from jiesu.core.models import Job
from jiesu.core.params import BadParameter, param_int
from jiesu.triage.jobs import (
    REPLAY_DAYS,
    REPLAY_KIND,
    TRAIN_KIND,
    duplicates_replay_start,
    model_train_start,
)
from jiesu.triage.models import ModelVersion
from jiesu.triage.panels import triage_overview
from jiesu.triage.services import triage_accept, triage_correct, triage_guard_resume, triage_merge
from jiesu.workorders.views._common import handles_domain_errors, order_or_404
from jiesu.workorders.views._detail import render_order

LABELS = {"category": "分类", "place": "地点", "unit": "承办单位", "urgency": "紧急程度"}


def _version(request: HttpRequest) -> int | None:
    return param_int(request.POST, "version", minimum=0)


@require_POST
@login_required
@handles_domain_errors
def suggestion_accept(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    order_or_404(user=request.user, pk=pk)
    triage_accept(order_id=pk, field=field, actor=request.user, expected_version=_version(request))
    order = order_or_404(user=request.user, pk=pk)
    return render_order(request, order, notice=f"已采纳{LABELS.get(field, '')}建议。")


@require_POST
@login_required
@handles_domain_errors
def suggestion_correct(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    order_or_404(user=request.user, pk=pk)
    try:
        value = param_int(request.POST, "value")
    except BadParameter:
        value = None
    if value is None:
        raise ValidationFailed("请选择更正后的值。")
    triage_correct(
        order_id=pk, field=field, value=value, actor=request.user, expected_version=_version(request)
    )
    order = order_or_404(user=request.user, pk=pk)
    return render_order(request, order, notice=f"已更正{LABELS.get(field, '')}，将作为模型训练标注。")


@require_POST
@login_required
@handles_domain_errors
def suggestion_merge(request: HttpRequest, pk: int, master_pk: int) -> HttpResponse:
    order_or_404(user=request.user, pk=pk)
    order_or_404(user=request.user, pk=master_pk)
    triage_merge(order_id=pk, master_id=master_pk, actor=request.user, expected_version=_version(request))
    order = order_or_404(user=request.user, pk=pk)
    return render_order(request, order, notice="已并单。")


@require_GET
@login_required
@handles_domain_errors
def overview(request: HttpRequest) -> HttpResponse:
    access.ensure(request.user, "view", ModelVersion)
    context = triage_overview()
    job_id = param_int(request.GET, "job", minimum=1)
    job = (
        access.scope(request.user, Job).filter(pk=job_id, kind__in=(TRAIN_KIND, REPLAY_KIND)).first()
        if job_id
        else None
    )
    context["job"] = job if job is not None and job.kind == TRAIN_KIND else None
    context["replay_job"] = job if job is not None and job.kind == REPLAY_KIND else None
    context["result_template"] = job_result_templates.items_by_key().get(TRAIN_KIND, "")
    context["replay_result_template"] = job_result_templates.items_by_key().get(REPLAY_KIND, "")
    context["replay_days"] = REPLAY_DAYS
    context["may_train"] = access.can(request.user, "train", ModelVersion)
    return render(request, "triage/overview.html", context)


@require_POST
@login_required
@handles_domain_errors
def train(request: HttpRequest) -> HttpResponse:
    """重新训练: queued in the background; the page follows the job and shows both figures."""
    job = model_train_start(actor=request.user)
    return redirect(f"{reverse('triage_overview')}?job={job.pk}")


@require_POST
@login_required
@handles_domain_errors
def duplicates_check(request: HttpRequest) -> HttpResponse:
    """核验重复提示: the finder replayed on the street's 并单 decisions, in the background."""
    job = duplicates_replay_start(actor=request.user)
    return redirect(f"{reverse('triage_overview')}?job={job.pk}#duplicates")


@require_POST
@login_required
@handles_domain_errors
def resume(request: HttpRequest) -> HttpResponse:
    triage_guard_resume(actor=request.user)
    return redirect("triage_overview")
