"""The register index, one register (its points, a form to add one, the detector's proposals)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from jiesu.accounts import access
from jiesu.core.errors import NotPermitted
from jiesu.registers import services
from jiesu.registers.forms import PointForm, RegisterForm
from jiesu.registers.models import Register
from jiesu.registers.permissions import sees_any
from jiesu.registers.selectors import register_get, register_list, register_proposals
from jiesu.registers.states import LOOP
from jiesu.registers.views._common import done, form_error
from jiesu.workorders.views._common import handles_domain_errors


def register_or_404(*, user, pk: int) -> Register:
    try:
        return register_get(user=user, register_id=pk)
    except Register.DoesNotExist as missing:
        raise Http404("台账不存在或不在您的权限范围内。") from missing


@require_GET
@login_required
@handles_domain_errors
def register_index(request: HttpRequest) -> HttpResponse:
    if not sees_any(request.user):
        raise NotPermitted("您无权查看点位台账。")
    may_create = access.can(request.user, "create", Register)
    context = {
        "registers": register_list(user=request.user),
        "form": RegisterForm(user=request.user) if may_create else None,
    }
    return render(request, "registers/index.html", context)


@require_POST
@login_required
@handles_domain_errors
def register_new(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST, user=request.user)
    if not form.is_valid():
        raise form_error(form)
    register = services.register_open(
        actor=request.user, compound=form.cleaned_data["compound"], topic=form.cleaned_data["topic"]
    )
    return done(request, f"已建立{register}台账。", reverse("register_detail", args=[register.pk]))


@require_GET
@login_required
def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    register = register_or_404(user=request.user, pk=pk)
    points = register.points.select_related("building", "cadre").order_by("building__number", "id")
    context = {
        "register": register,
        "points": points,
        "loop": LOOP,
        "form": PointForm() if access.can(request.user, "register", register) else None,
    }
    return render(request, "registers/detail.html", context)


@require_GET
@login_required
def register_proposals_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Loaded by htmx after the page: the recurring points not yet in the register."""
    register = register_or_404(user=request.user, pk=pk)
    proposals = register_proposals(user=request.user, register=register)
    context = {
        "register": register,
        "proposals": proposals,
        "may_register": access.can(request.user, "register", register),
    }
    return render(request, "registers/_proposals.html", context)


@require_POST
@login_required
@handles_domain_errors
def point_add(request: HttpRequest, pk: int) -> HttpResponse:
    register = register_or_404(user=request.user, pk=pk)
    form = PointForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    data = form.cleaned_data
    point = services.point_register(
        actor=request.user,
        register=register,
        description=data["description"],
        source=data["source"],
        building_number=data["building"],
        entrance=data["entrance"],
        room=data["room"],
        source_ref=data["source_ref"],
    )
    return done(request, f"已登记点位 {point.place_name}。", reverse("point_detail", args=[point.pk]))
