"""Residents in need: the list, registering, the page (contact shown on request) and actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiesu.accounts import access
from jiesu.core.errors import ValidationFailed
from jiesu.core.masking import mask_name, mask_phone
from jiesu.core.params import param_choice, param_flag, param_int, param_text
from jiesu.volunteers import services
from jiesu.volunteers.forms import PairingForm, ResidentForm, VisitForm
from jiesu.volunteers.models import NeedKind, Pairing, Resident, ResidentStatus
from jiesu.volunteers.selectors import (
    pairing_list,
    resident_events,
    resident_get,
    resident_list,
    resident_shown,
    visit_list,
)
from jiesu.volunteers.views._common import EXPORT_MAX_ROWS, _list_page, _visible, _xlsx
from jiesu.workorders.views._common import handles_domain_errors


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
