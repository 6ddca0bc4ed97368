"""Programme pages: the list, one programme (representatives, submissions, topics, meetings, the
effect chart), new/edit, adding representatives and entering submissions."""

import json
from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiesu.accounts import access
from jiesu.core.errors import NotPermitted, ValidationFailed
from jiesu.core.masking import mask_phone
from jiesu.deliberation import selectors, services
from jiesu.deliberation.forms import (
    ProgrammeForm,
    RepresentativeForm,
    SubmissionEntryForm,
    SubmissionFilterForm,
    TermForm,
)
from jiesu.deliberation.models import Programme, SubmissionChannel, TopicSubmission
from jiesu.deliberation.views._common import PAGE_SIZE, acting, form_refused, or_404, xlsx_response
from jiesu.places.models import Building, Community
from jiesu.public.places import place_token
from jiesu.workorders.views._common import handles_domain_errors


def _programme(request, pk: int) -> Programme:
    return or_404(selectors.programme_get, user=request.user, programme_id=pk)


@require_GET
@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = list(selectors.programme_list(user=request.user))
    context = {"programmes": programmes, "may_create": access.can(request.user, "create", Programme)}
    return render(request, "deliberation/list.html", context)


def _communities(user):
    if access.is_centre(user):
        return Community.objects.order_by("id")
    return Community.objects.filter(pk=access.user_community_id(user))


@require_http_methods(["GET", "POST"])
@login_required
@acting
def programme_new(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "create", Programme):
        raise NotPermitted("您无权新建议事项目。")
    form = ProgrammeForm(request.POST or None, communities=_communities(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = services.programme_create(
            actor=request.user,
            community=data["community"],
            name=data["name"],
            started_on=data["started_on"],
            rules=data["rules"],
            management_group=data["management_group"],
            order_channel=data["order_channel"],
            audience="residents" if data["community"] else "riders",
        )
        messages.success(request, "已新建议事项目。")
        return redirect("deliberation_programme", pk=programme.pk)
    return render(
        request,
        "deliberation/form.html",
        {"form": form, "title": "新建议事项目"},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
@acting
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    access.ensure(request.user, "manage", programme)
    initial = {f: getattr(programme, f) for f in services.programmes.PROGRAMME_FIELDS}
    form = ProgrammeForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        services.programme_update(programme_id=programme.pk, actor=request.user, **form.cleaned_data)
        messages.success(request, "已保存。")
        return redirect("deliberation_programme", pk=programme.pk)
    context = {"form": form, "title": f"修改 {programme.name}", "programme": programme}
    return render(request, "deliberation/form.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    user = request.user
    months = selectors.effect_months(programme=programme)
    chart = {
        "months": [f"{m.month:%Y-%m}" for m in months],
        "orders": [m.orders for m in months],
        "compared": [m.compared for m in months],
        "start": f"{programme.started_on:%Y-%m}",
        "compared_label": programme.get_order_channel_display(),
        "total_label": "社区全部工单" if programme.community_id else "全部工单",
    }
    context = {
        "programme": programme,
        "representatives": selectors.representatives_current(programme=programme),
        "submissions": selectors.submission_list(
            user=user, filters=selectors.SubmissionFilters(programme=programme.pk)
        )[:10],
        "topics": programme.topics.order_by("-month", "rank")[:12],
        "meetings": selectors.meeting_list(user=user, programme=programme)[:12],
        "chart_json": json.dumps(chart, ensure_ascii=False),
        "effect": months,
        "may_manage": access.can(user, "manage", programme),
        "may_enter": access.can(user, "enter", programme),
        "rep_form": RepresentativeForm(programme=programme, auto_id="id_rep_%s"),
        "entry_form": SubmissionEntryForm(programme=programme, auto_id="id_entry_%s"),
        "token": place_token(kind="d", pk=programme.pk),
        "this_month": timezone.localdate().strftime("%Y-%m"),
    }
    return render(request, "deliberation/programme.html", context)


@require_POST
@login_required
@acting(back="deliberation_programme")
def representative_new(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    back = reverse("deliberation_programme", args=[programme.pk])
    form = RepresentativeForm(request.POST, programme=programme)
    if not form.is_valid():
        return form_refused(request, form, back)
    data = form.cleaned_data
    services.representative_add(
        programme_id=programme.pk,
        actor=request.user,
        name=data["name"],
        phone=data["phone"],
        building=Building.objects.filter(pk=data["building"]).first() if data["building"] else None,
        grid=data["grid"],
        role_note=data["role_note"],
        term_start=data["term_start"],
        term_end=data["term_end"],
    )
    messages.success(request, "已增补议事代表。")
    return redirect(back)


@require_POST
@login_required
@acting(back="deliberation_programme")
def representative_term(request: HttpRequest, pk: int, rep_pk: int) -> HttpResponse:
    """End (or change) a representative's term; an empty date means the term runs on."""
    programme = _programme(request, pk)
    representative = or_404(programme.representatives.get, pk=rep_pk)
    form = TermForm(request.POST)
    back = reverse("deliberation_programme", args=[programme.pk])
    if not form.is_valid():
        return form_refused(request, form, back)
    services.representative_update(
        representative_id=representative.pk, actor=request.user, term_end=form.cleaned_data["term_end"]
    )
    messages.success(request, "已更新任期。")
    return redirect(back)


@require_POST
@login_required
@acting(back="deliberation_programme")
def submission_new(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    back = reverse("deliberation_programme", args=[programme.pk])
    form = SubmissionEntryForm(request.POST, programme=programme)
    if not form.is_valid():
        return form_refused(request, form, back)
    data = form.cleaned_data
    submitted_at = None
    if data["submitted_on"] and data["submitted_on"] != timezone.localdate():
        submitted_at = datetime.combine(
            data["submitted_on"], time(12), tzinfo=timezone.get_current_timezone()
        )
    services.submission_create(
        programme_id=programme.pk,
        actor=request.user,
        channel=data["channel"],
        content=data["content"],
        building=Building.objects.select_related("compound").filter(pk=data["building"]).first()
        if data["building"]
        else None,
        place_text=data["place_text"],
        submitter_name=data["submitter_name"],
        submitter_phone=data["submitter_phone"],
        submitted_at=submitted_at,
    )
    messages.success(request, "已登记议题。")
    return redirect(back)


# -- the list of submissions ----------------------------------------------------------------------
def _submission_filters(request) -> tuple[SubmissionFilterForm, selectors.SubmissionFilters | None]:
    """The filters, or None when they are invalid (the list shows the form's errors and nothing)."""
    form = SubmissionFilterForm(request.GET or None, programmes=access.scope(request.user, Programme))
    if not form.is_valid():
        return form, selectors.SubmissionFilters(
            programme=0
        ) if form.is_bound else selectors.SubmissionFilters()
    data = form.cleaned_data
    return form, selectors.SubmissionFilters(
        programme=data["programme"].pk if data["programme"] else None,
        channel=data["channel"],
        month=data["month"],
        q=data["q"],
        unassigned=data["unassigned"],
    )


@require_GET
@login_required
def submission_list(request: HttpRequest) -> HttpResponse:
    form, filters = _submission_filters(request)
    rows = (
        selectors.submission_list(user=request.user, filters=filters)
        if filters
        else TopicSubmission.objects.none()
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "may_export": access.can(request.user, "export", Programme)}
    return render(request, "deliberation/submissions.html", context)


@require_GET
@login_required
@handles_domain_errors
def submission_export(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "export", Programme):
        raise NotPermitted("您无权导出议题征集。")
    form, filters = _submission_filters(request)
    if filters is None:
        raise ValidationFailed("筛选条件有误：" + "；".join(" ".join(e) for e in form.errors.values()))
    rows = selectors.submission_list(user=request.user, filters=filters)[:20000]
    headers = ["议事项目", "来源", "提交时间", "内容", "楼栋", "位置", "提议人", "联系电话", "归入议题"]
    return xlsx_response(
        headers=headers,
        rows=(
            [
                s.programme.name,
                SubmissionChannel(s.channel).label,
                s.submitted_at,
                s.content,
                str(s.building) if s.building_id else "",
                s.place_text,
                s.masked_name,
                mask_phone(s.submitter_phone),
                s.topic.title if s.topic_id else "",
            ]
            for s in rows
        ),
        name=f"deliberation-submissions-{timezone.localdate():%Y%m%d}.xlsx",
        sheet="议题征集",
    )
