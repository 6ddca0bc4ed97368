"""Follow-up tasks: the list (queues, filters, Excel) and one task with its steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from jiesu.accounts import access
from jiesu.core.errors import NotPermitted, ValidationFailed
from jiesu.deliberation import selectors, services
from jiesu.deliberation.forms import LinkForm, NoteForm, ReasonForm, ReportForm, TaskFilterForm
from jiesu.deliberation.models import Programme, Task, Topic
from jiesu.deliberation.states import TASK, TaskAction
from jiesu.deliberation.views._common import (
    PAGE_SIZE,
    acting,
    form_refused,
    or_404,
    orders_resolve,
    xlsx_response,
)
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.views._common import handles_domain_errors

ACTIONS = {
    TaskAction.REPORT: (ReportForm, "已反馈办理情况。"),
    TaskAction.CONFIRM: (NoteForm, "已确认解决。"),
    TaskAction.SEND_BACK: (ReasonForm, "已退回继续办理。"),
    TaskAction.LINK: (LinkForm, "已关联工单。"),
    TaskAction.CANCEL: (ReasonForm, "已撤销该事项。"),
}


def _filters(request) -> tuple[TaskFilterForm, selectors.TaskFilters | None]:
    """The filters, or None when they are invalid (the list shows the form's errors and nothing)."""
    form = TaskFilterForm(request.GET or None, programmes=access.scope(request.user, Programme))
    if not form.is_valid():
        return form, None if form.is_bound else selectors.TaskFilters()
    data = form.cleaned_data
    return form, selectors.TaskFilters(
        programme=data["programme"].pk if data["programme"] else None,
        status=data["status"],
        queue=data["queue"],
        mine=data["mine"],
        q=data["q"],
    )


@require_GET
@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    tasks = selectors.task_list(user=request.user, filters=filters) if filters else Task.objects.none()
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "today": timezone.localdate(),
        "may_export": access.can(request.user, "export", Task),
    }
    return render(request, "deliberation/tasks.html", context)


@require_GET
@login_required
@handles_domain_errors
def task_export(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "export", Task):
        raise NotPermitted("您无权导出议定事项。")
    form, filters = _filters(request)
    if filters is None:
        raise ValidationFailed("筛选条件有误：" + "；".join(" ".join(e) for e in form.errors.values()))
    tasks = selectors.task_list(user=request.user, filters=filters).prefetch_related("orders")[:20000]
    today = timezone.localdate()
    headers = [
        "议事项目",
        "会议日期",
        "议题",
        "议定事项",
        "责任单位",
        "完成时限",
        "状态",
        "是否逾期",
        "办理情况",
        "解决时间",
        "关联工单",
    ]
    rows = (
        [
            t.meeting.programme.name,
            t.meeting.held_at.date(),
            t.topic.title if t.topic_id else "",
            t.decision,
            t.owner_unit.name,
            t.deadline,
            t.get_status_display(),
            "是" if t.status in ("open", "reported") and t.deadline < today else "",
            t.progress,
            t.solved_at,
            " ".join(o.number for o in t.orders.all()),
        ]
        for t in tasks
    )
    return xlsx_response(
        headers=headers, rows=rows, name=f"deliberation-tasks-{today:%Y%m%d}.xlsx", sheet="议定事项"
    )


@require_GET
@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = or_404(selectors.task_get, user=request.user, task_id=pk)
    panels = [
        (action, TaskAction(action).label, form_class(auto_id=f"id_{action}_%s"))
        for action, (form_class, _) in ACTIONS.items()
        if TASK.is_allowed(action, task.status) and access.can(request.user, action, task)
    ]
    orders = list(
        access.scope(request.user, task.orders.model).filter(pk__in=[o.pk for o in task.orders.all()])
    )
    context = {
        "task": task,
        "panels": panels,
        "orders": orders,
        "hidden_orders": len(task.orders.all()) - len(orders),
        "events": selectors.events_of(task=task),
        "today": timezone.localdate(),
    }
    return render(request, "deliberation/task.html", context)


@require_POST
@login_required
@acting(back="deliberation_task")
def task_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    task = or_404(selectors.task_get, user=request.user, task_id=pk)
    back = reverse("deliberation_task", args=[task.pk])
    if action not in ACTIONS:
        raise ValidationFailed("未知的操作。")
    form_class, notice = ACTIONS[action]
    form = form_class(request.POST)
    if not form.is_valid():
        return form_refused(request, form, back)
    data, user = form.cleaned_data, request.user
    if action == TaskAction.REPORT:
        services.task_report(task_id=task.pk, actor=user, progress=data["progress"])
    elif action == TaskAction.CONFIRM:
        services.task_confirm(task_id=task.pk, actor=user, note=data["note"])
    elif action == TaskAction.SEND_BACK:
        services.task_send_back(task_id=task.pk, actor=user, reason=data["reason"])
    elif action == TaskAction.LINK:
        services.task_link(task_id=task.pk, actor=user, orders=orders_resolve(user=user, text=data["orders"]))
    else:
        services.task_cancel(task_id=task.pk, actor=user, reason=data["reason"])
    messages.success(request, notice)
    return redirect(back)


@require_GET
@login_required
def order_panel(request: HttpRequest, order_id: int) -> HttpResponse:
    order = access.scope(request.user, WorkOrder).filter(pk=order_id).first()
    if order is None:
        raise Http404("工单不存在或不在您的权限范围内。")
    tasks = list(selectors.task_list(user=request.user).filter(orders=order)[:10])
    topics = list(access.scope(request.user, Topic).filter(orders=order).select_related("programme")[:10])
    if not tasks and not topics:
        return HttpResponse("")
    context = {"tasks": tasks, "topics": topics, "today": timezone.localdate()}
    return render(request, "deliberation/_order_panel.html", context)
