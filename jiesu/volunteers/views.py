"""Staff pages of the volunteer service: thin views over the selectors and services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiesu.accounts import access
from jiesu.core.errors import ValidationFailed
from jiesu.core.masking import mask_name, mask_phone
from jiesu.core.params import param_choice, param_date, param_flag, param_int, param_text
from jiesu.core.xlsx import write_xlsx
from jiesu.volunteers import services
from jiesu.volunteers.forms import (
    PairingForm,
    RecordForm,
    ResidentForm,
    VisitForm,
    VolunteerForm,
    communities_for,
)
from jiesu.volunteers.models import (
    NeedKind,
    Pairing,
    PairingStatus,
    Resident,
    ResidentStatus,
    ServiceMode,
    ServiceNature,
    ServiceRecord,
    Team,
    Volunteer,
    VolunteerKind,
    VolunteerStatus,
)
from jiesu.volunteers.permissions import sees_any
from jiesu.volunteers.selectors import (
    pairing_list,
    record_list,
    resident_events,
    resident_get,
    resident_list,
    resident_shown,
    team_hours,
    visit_list,
    volunteer_list,
)
from jiesu.workorders.views._common import handles_domain_errors

PAGE_SIZE = 50
EXPORT_MAX_ROWS = 20000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _visible(user) -> None:
    if not sees_any(user):
        raise Http404("页面不存在或不在您的权限范围内。")


def _xlsx(headers, rows, name: str) -> HttpResponse:
    response = HttpResponse(write_xlsx(headers=headers, rows=rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


def _list_page(request, template: str, rows, context: dict) -> HttpResponse:
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "communities": communities_for(request.user),
        "teams": Team.objects.all(),
        **context,
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, f"{template}#results", context)
    return render(request, template, context)


# -- overview -------------------------------------------------------------------------------------
@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    _visible(request.user)
    start, end = param_date(request.GET, "start"), param_date(request.GET, "end")
    today = timezone.localdate()
    start = start or today.replace(month=1, day=1)
    end = end or today
    teams = team_hours(user=request.user, start=start, end=end)
    context = {
        "teams": teams,
        "start": start,
        "end": end,
        "total_hours": sum(t.hours for t in teams),
        "may_add": access.can(request.user, "create", Volunteer),
        "may_record": access.can(request.user, "create", ServiceRecord),
    }
    return render(request, "volunteers/home.html", context)


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


# -- service records ------------------------------------------------------------------------------
@require_GET
@login_required
def record_list_view(request: HttpRequest) -> HttpResponse:
    _visible(request.user)
    filters = {
        "team": param_int(request.GET, "team"),
        "community": param_int(request.GET, "community"),
        "volunteer": param_int(request.GET, "volunteer"),
        "mode": param_choice(request.GET, "mode", ServiceMode),
        "nature": param_choice(request.GET, "nature", ServiceNature),
        "start": param_date(request.GET, "start"),
        "end": param_date(request.GET, "end"),
        "q": param_text(request.GET, "q", max_length=50),
    }
    rows = record_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        headers = ["服务日期", "志愿者", "队伍", "社区", "方式", "类型", "服务内容", "服务对象", "时长(小时)"]
        data = (
            [r.served_on, r.volunteer.name, r.team.name, r.community.name, r.get_mode_display(), r.get_nature_display(),
             r.content, r.whom, float(r.hours)]
            for r in rows[:EXPORT_MAX_ROWS]
        )  # fmt: skip
        return _xlsx(headers, data, "volunteer-records")
    context = {
        "filters": filters,
        "modes": ServiceMode.choices,
        "natures": ServiceNature.choices,
        "may_record": access.can(request.user, "create", ServiceRecord),
    }
    return _list_page(request, "volunteers/records.html", rows, context)


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def record_new(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "create", ServiceRecord):
        raise Http404("页面不存在或不在您的权限范围内。")
    form = RecordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.service_record(
                actor=request.user,
                volunteer_id=data["volunteer"].pk,
                served_on=data["served_on"],
                hours=data["hours"],
                mode=data["mode"],
                nature=data["nature"],
                content=data["content"],
                whom=data["whom"],
            )
        except ValidationFailed as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "已登记服务记录。")
            return redirect("volunteers_records")
    return render(
        request,
        "volunteers/form.html",
        {"form": form, "title": "登记志愿服务"},
        status=400 if form.errors else 200,
    )


# -- residents in need ----------------------------------------------------------------------------
@require_GET
@login_required
def resident_list_view(request: HttpRequest) -> HttpResponse:
    _visible(request.user)
    filters = {
        "community": param_int(request.GET, "community"),
        "kind": param_choice(request.GET, "kind", NeedKind),
        "status": param_choice(request.GET, "status", ResidentStatus),
        "unpaired": param_flag(request.GET, "unpaired"),
        "q": param_text(request.GET, "q", max_length=50),
    }
    rows = resident_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":  # masked, like every export of personal data
        headers = [
            "编号",
            "社区",
            "小区",
            "姓名",
            "电话",
            "类别",
            "主要需求",
            "走访周期(天)",
            "结对数",
            "状态",
        ]
        data = (
            [r.pk, r.community.name, r.compound.name if r.compound else "", mask_name(r.name), mask_phone(r.phone),
             r.get_kind_display(), r.needs, r.visit_every_days, r.active_pairings, r.get_status_display()]
            for r in rows[:EXPORT_MAX_ROWS]
        )  # fmt: skip
        return _xlsx(headers, data, "residents-in-need")
    context = {
        "filters": filters,
        "kinds": NeedKind.choices,
        "statuses": ResidentStatus.choices,
        "may_add": access.can(request.user, "create", Resident),
    }
    return _list_page(request, "volunteers/residents.html", rows, context)


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def resident_new(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "create", Resident):
        raise Http404("页面不存在或不在您的权限范围内。")
    form = ResidentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        community = data.pop("community")
        try:
            resident = services.resident_create(actor=request.user, community=community, values=data)
        except ValidationFailed as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "已登记。")
            return redirect("volunteers_resident", resident.pk)
    return render(
        request,
        "volunteers/form.html",
        {"form": form, "title": "登记困难群众"},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def resident_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resident = _resident_or_404(request.user, pk)
    if not access.can(request.user, "change", resident):
        raise Http404("该困难群众不存在或不在您的权限范围内。")
    # name, phone and address are never put into the form (that would unmask them unlogged):
    # typed in, they replace the old ones; left empty, they stay
    personal = ("name", "phone", "address")
    initial = {name: getattr(resident, name) for name in services.RESIDENT_FIELDS if name not in personal}
    form = ResidentForm(
        request.POST or None, user=request.user, initial={**initial, "community": resident.community}
    )
    form.fields["community"].disabled = True
    for name in personal:
        form.fields[name].required = False
        form.fields[name].help_text = "留空则不修改"
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "community"}
        values.update({name: getattr(resident, name) for name in personal if not values.get(name)})
        try:
            services.resident_update(actor=request.user, resident_id=pk, values=values)
        except ValidationFailed as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "已保存。")
            return redirect("volunteers_resident", pk)
    title = f"修改困难群众 {resident.pk}"
    return render(
        request, "volunteers/form.html", {"form": form, "title": title}, status=400 if form.errors else 200
    )


def _resident_or_404(user, pk: int) -> Resident:
    try:
        return resident_get(user=user, resident_id=pk)
    except Resident.DoesNotExist as missing:
        raise Http404("该困难群众不存在或不在您的权限范围内。") from missing


@require_GET
@login_required
def resident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _resident_page(request, _resident_or_404(request.user, pk), revealed=False)


def _resident_page(request: HttpRequest, resident: Resident, *, revealed: bool) -> HttpResponse:
    """The resident's page; with `revealed` (only right after the logged reveal) names unmasked."""
    pairings = pairing_list(user=request.user).filter(resident=resident)
    context = {
        "resident": resident,
        "shown": resident_shown(resident, revealed=revealed),
        "revealed": revealed,
        "pairings": [(p, visit_list(pairing=p)[:10]) for p in pairings],
        "may_change": access.can(request.user, "change", resident),
        "may_reveal": access.can(request.user, "reveal", resident),
        "may_visit": access.can(request.user, "visit", Pairing(resident=resident)),
        "pairing_form": PairingForm(user=request.user, resident=resident),
        "visit_form": VisitForm(),
        "events": resident_events(resident=resident),
        "today": timezone.localdate(),
    }
    return render(request, "volunteers/resident.html", context)


@require_POST
@login_required
@handles_domain_errors
def resident_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    resident = _resident_or_404(request.user, pk)
    if action == "reveal":
        services.resident_reveal(actor=request.user, resident_id=resident.pk, request=request)
        return _resident_page(request, resident, revealed=True)
    if action in ("close", "reopen"):
        services.resident_move(
            actor=request.user, resident_id=resident.pk, action=action, note=request.POST.get("note", "")
        )
    elif action == "pair":
        form = PairingForm(request.POST, user=request.user, resident=resident)
        if not form.is_valid():
            raise ValidationFailed("请选择志愿者和结对日期。")
        services.pairing_create(
            actor=request.user,
            resident_id=resident.pk,
            volunteer_id=form.cleaned_data["volunteer"].pk,
            started_on=form.cleaned_data["started_on"],
        )
    else:
        raise Http404("未知操作。")
    messages.success(request, "已保存。")
    return redirect("volunteers_resident", resident.pk)


# -- pairings -------------------------------------------------------------------------------------
@require_GET
@login_required
def pairing_list_view(request: HttpRequest) -> HttpResponse:
    _visible(request.user)
    filters = {
        "community": param_int(request.GET, "community"),
        "team": param_int(request.GET, "team"),
        "status": param_choice(request.GET, "status", PairingStatus),
        "rider": param_flag(request.GET, "rider"),
        "overdue": param_flag(request.GET, "overdue"),
    }
    rows = pairing_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        headers = [
            "困难群众",
            "社区",
            "类别",
            "志愿者",
            "队伍",
            "骑手",
            "结对日期",
            "最近走访",
            "下次走访截止",
            "状态",
        ]
        data = (
            [mask_name(p.resident.name), p.resident.community.name, p.resident.get_kind_display(), p.volunteer.name,
             p.volunteer.team.name, "是" if p.volunteer.rider_id else "", p.started_on, p.last_visit_on,
             p.next_visit_due, p.get_status_display()]
            for p in rows[:EXPORT_MAX_ROWS]
        )  # fmt: skip
        return _xlsx(headers, data, "pairings")
    context = {"filters": filters, "statuses": PairingStatus.choices, "today": timezone.localdate()}
    return _list_page(request, "volunteers/pairings.html", rows, context)


@require_POST
@login_required
@handles_domain_errors
def pairing_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    pairing = access.scope(request.user, Pairing).filter(pk=pk).first()
    if pairing is None:
        raise Http404("该结对不存在或不在您的权限范围内。")
    if action == "visit":
        form = VisitForm(request.POST)
        if not form.is_valid():
            raise ValidationFailed("请填写走访日期、时长和走访情况。")
        services.visit_record(actor=request.user, pairing_id=pk, **form.cleaned_data)
        messages.success(request, "已登记走访。")
    elif action == "end":
        services.pairing_end(actor=request.user, pairing_id=pk, note=request.POST.get("note", ""))
        messages.success(request, "已结束结对。")
    else:
        raise Http404("未知操作。")
    return redirect("volunteers_resident", pairing.resident_id)
