"""Volunteers: the list (and its export), registering, the page and editing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from jiesu.accounts import access
from jiesu.core.errors import ValidationFailed
from jiesu.core.masking import mask_phone
from jiesu.core.params import param_choice, param_int, param_text
from jiesu.volunteers import services
from jiesu.volunteers.forms import VolunteerForm
from jiesu.volunteers.models import Volunteer, VolunteerKind, VolunteerStatus
from jiesu.volunteers.selectors import pairing_list, record_list, volunteer_list
from jiesu.volunteers.views._common import EXPORT_MAX_ROWS, _list_page, _visible, _xlsx
from jiesu.workorders.views._common import handles_domain_errors


# -- volunteers -----------------------------------------------------------------------------------
def _volunteer_filters(query) -> dict:
    return {
        "team": param_int(query, "team"),
        "community": param_int(query, "community"),
        "kind": param_choice(query, "kind", VolunteerKind),
        "status": param_choice(query, "status", VolunteerStatus),
        "q": param_text(query, "q", max_length=50),
    }


@require_GET
@login_required
def volunteer_list_view(request: HttpRequest) -> HttpResponse:
    _visible(request.user)
    filters = _volunteer_filters(request.GET)
    rows = volunteer_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        headers = [
            "姓名",
            "手机号",
            "身份",
            "队伍",
            "社区",
            "技能特长",
            "可服务时间",
            "状态",
            "加入日期",
            "服务次数",
            "服务时长",
        ]
        data = (
            [v.name, mask_phone(v.phone), v.get_kind_display(), v.team.name, v.community.name, v.skills, v.availability,
             v.get_status_display(), v.joined_on, v.services, float(v.hours or 0)]
            for v in rows[:EXPORT_MAX_ROWS]
        )  # fmt: skip
        return _xlsx(headers, data, "volunteers")
    context = {
        "filters": filters,
        "kinds": VolunteerKind.choices,
        "statuses": VolunteerStatus.choices,
        "may_add": access.can(request.user, "create", Volunteer),
    }
    return _list_page(request, "volunteers/volunteers.html", rows, context)


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def volunteer_new(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "create", Volunteer):
        raise Http404("页面不存在或不在您的权限范围内。")
    form = VolunteerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            volunteer = services.volunteer_create(actor=request.user, values=form.cleaned_data)
        except ValidationFailed as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已登记志愿者 {volunteer.name}。")
            return redirect("volunteers_detail", volunteer.pk)
    return render(
        request,
        "volunteers/form.html",
        {"form": form, "title": "登记志愿者"},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = (
        access.scope(request.user, Volunteer)
        .select_related("team", "community", "rider")
        .filter(pk=pk)
        .first()
    )
    if volunteer is None:
        raise Http404("志愿者不存在或不在您的权限范围内。")
    if request.method == "POST":
        action = param_choice(request.POST, "action", ("leave", "rejoin"))
        services.volunteer_move(
            actor=request.user, volunteer_id=pk, action=action, note=request.POST.get("note", "")
        )
        messages.success(request, "已更新。")
        return redirect("volunteers_detail", pk)
    context = {
        "volunteer": volunteer,
        "records": record_list(user=request.user, filters={"volunteer": pk})[:30],
        "pairings": pairing_list(user=request.user).filter(volunteer=volunteer),
        "may_change": access.can(request.user, "change", volunteer),
        "events": volunteer.events.select_related("actor").order_by("at", "id"),
    }
    return render(request, "volunteers/volunteer.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def volunteer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = access.scope(request.user, Volunteer).filter(pk=pk).first()
    if volunteer is None or not access.can(request.user, "change", volunteer):
        raise Http404("志愿者不存在或不在您的权限范围内。")
    initial = {name: getattr(volunteer, name) for name in services.VOLUNTEER_FIELDS}
    form = VolunteerForm(request.POST or None, user=request.user, initial=initial, current=volunteer)
    if request.method == "POST" and form.is_valid():
        values = {"rider": volunteer.rider, **form.cleaned_data}  # a community's form has no rider field
        try:
            services.volunteer_update(actor=request.user, volunteer_id=pk, values=values)
        except ValidationFailed as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "已保存。")
            return redirect("volunteers_detail", pk)
    title = f"修改志愿者 {volunteer.name}"
    return render(
        request, "volunteers/form.html", {"form": form, "title": title}, status=400 if form.errors else 200
    )
