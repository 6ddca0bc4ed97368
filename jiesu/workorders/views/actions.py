"""Lifecycle actions and corrections on one order: validate the form, call one service, re-render."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from jiesu.accounts import access
from jiesu.core.errors import DomainError, NotPermitted, ValidationFailed
from jiesu.units.selectors import unit_dispatchable
from jiesu.workorders import services
from jiesu.workorders.forms import NEEDS_UNITS, ActionForm, CorrectionForm, action_form
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.permissions import can
from jiesu.workorders.selectors import workorder_scope
from jiesu.workorders.states import Action
from jiesu.workorders.views._common import handles_domain_errors, order_or_404
from jiesu.workorders.views._detail import needs_redo, render_order


def _merge(order: WorkOrder, user, data: dict, version: int) -> WorkOrder:
    number = data["master_number"].strip()
    master = workorder_scope(user=user).filter(number=number).exclude(pk=order.pk).first()
    if master is None:
        raise ValidationFailed(f"找不到编号为「{number}」的工单。")
    return services.workorder_merge(
        order_id=order.pk, master_id=master.pk, actor=user, note=data["note"], expected_version=version
    )


def _common(order: WorkOrder, user, version: int) -> dict:
    return {"order_id": order.pk, "actor": user, "expected_version": version}


# action -> the one service call it makes: (order, actor, cleaned data, expected version) -> order
RUNNERS: dict[str, Callable[[WorkOrder, object, dict, int], WorkOrder]] = {
    Action.DISPATCH: lambda o, u, d, v: services.workorder_dispatch(
        **_common(o, u, v), lead_unit=d["lead_unit"], co_handlers=d["co_handlers"], note=d["note"]
    ),
    Action.REASSIGN: lambda o, u, d, v: services.workorder_reassign(
        **_common(o, u, v), lead_unit=d["lead_unit"], co_handlers=d["co_handlers"], note=d["note"]
    ),
    Action.ACCEPT: lambda o, u, d, v: services.workorder_accept(**_common(o, u, v), note=d["note"]),
    Action.RETURN: lambda o, u, d, v: services.workorder_return(**_common(o, u, v), reason=d["note"]),
    Action.RESPOND: lambda o, u, d, v: services.workorder_respond(**_common(o, u, v), note=d["note"]),
    Action.NOTE: lambda o, u, d, v: services.workorder_add_note(**_common(o, u, v), note=d["note"]),
    Action.REQUEST_EXTENSION: lambda o, u, d, v: services.extension_request(
        **_common(o, u, v), working_days=d["working_days"], reason=d["note"]
    ),
    Action.APPROVE_EXTENSION: lambda o, u, d, v: services.extension_approve(
        **_common(o, u, v), note=d["note"]
    ),
    Action.REJECT_EXTENSION: lambda o, u, d, v: services.extension_reject(**_common(o, u, v), note=d["note"]),
    Action.RESOLVE: lambda o, u, d, v: services.workorder_resolve(**_common(o, u, v), result=d["result"]),
    Action.RETURN_VISIT: lambda o, u, d, v: services.workorder_return_visit(
        **_common(o, u, v),
        contacted=d["contacted"],
        resolved=d["resolved"],
        satisfaction=d["satisfaction"],
        note=d["note"],
    ),
    Action.REDO: lambda o, u, d, v: services.workorder_redo(**_common(o, u, v), note=d["note"]),
    Action.MERGE: _merge,
    Action.CLOSE: lambda o, u, d, v: services.workorder_close(**_common(o, u, v), note=d["note"]),
    Action.URGE: lambda o, u, d, v: services.workorder_urge(**_common(o, u, v), note=d["note"]),
    Action.SUPERVISE: lambda o, u, d, v: services.workorder_supervise(**_common(o, u, v), note=d["note"]),
}


# what the user is told after each action, in natural Chinese
DONE = {
    Action.DISPATCH: "已派单，承办单位将收到这张工单。",
    Action.REASSIGN: "已改派给新的承办单位。",
    Action.ACCEPT: "已签收，请按时联系诉求人。",
    Action.RETURN: "已退单，工单回到派单员处。",
    Action.RESPOND: "已记录与诉求人的联系。",
    Action.NOTE: "已记下办理进展。",
    Action.REQUEST_EXTENSION: "延期申请已提交，等待中心审批。",
    Action.APPROVE_EXTENSION: "已批准延期，办理时限已顺延。",
    Action.REJECT_EXTENSION: "已驳回延期申请。",
    Action.RESOLVE: "已办结，等待回访。",
    Action.RETURN_VISIT: "回访结果已记录。",
    Action.REDO: "已转重办，工单重新交给承办单位。",
    Action.MERGE: "已并入主单。",
    Action.CLOSE: "工单已关闭。",
    Action.URGE: "已催办。",
    Action.SUPERVISE: "已督办。",
}


def _refused(request: HttpRequest, order: WorkOrder, error: DomainError, **context) -> HttpResponse:
    """The order as it is now, with the reason the request was refused."""
    order.refresh_from_db()
    return render_order(request, order, status=error.status_code, error=error.message, **context)


def _done(request: HttpRequest, pk: int, notice: str) -> HttpResponse:
    """After a change: the refreshed order, or the workbench when it left the user's scope."""
    try:
        order = order_or_404(user=request.user, pk=pk)
    except Http404:
        messages.success(request, notice)
        if request.htmx:
            return HttpResponseClientRedirect(reverse("workbench"))
        return redirect("workbench")
    if request.htmx:
        return render_order(request, order, notice=notice)
    messages.success(request, notice)
    return redirect("order_detail", pk=pk)


@require_POST
@login_required
@handles_domain_errors
def order_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in RUNNERS:
        raise Http404("没有这个操作。")
    order = order_or_404(user=request.user, pk=pk)
    if not can(request.user, action, order):
        raise NotPermitted(f"您无权对该工单执行「{Action(action).label}」。")
    units = unit_dispatchable() if action in NEEDS_UNITS else []
    form: ActionForm = action_form(action, order=order, data=request.POST, units=units)
    if not form.is_valid():
        error = ValidationFailed("请检查填写的内容。")
        return _refused(request, order, error, bound=form, bound_action=action)
    version = form.cleaned_data["expected_version"]
    try:
        order = RUNNERS[action](order, request.user, form.cleaned_data, version)
    except DomainError as error:
        return _refused(request, order, error)
    notice = DONE.get(action, f"已{Action(action).label}。")
    if action == Action.RETURN_VISIT and needs_redo(order):
        notice = "回访结果已记录：群众不满意或问题未解决，请填写重办要求，转回承办单位重办。"
    return _done(request, pk, notice)


@require_POST
@login_required
@handles_domain_errors
def order_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """更正 category, place, appeal type or urgency (the dispatcher fixes what intake got wrong)."""
    order = order_or_404(user=request.user, pk=pk)
    access.ensure(request.user, "correct", order, "只有派单员或中心管理员可以更正工单信息。")
    form = CorrectionForm(request.POST, order=order)
    if not form.is_valid():
        return _refused(request, order, ValidationFailed("请检查填写的内容。"), correction=form)
    try:
        services.workorder_correct(
            order_id=order.pk,
            actor=request.user,
            changes=form.changes(),
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["expected_version"],
        )
    except DomainError as error:
        return _refused(request, order, error)
    return _done(request, pk, "已更正工单信息。")
