"""Campaigns: the list, planning one, its progress board with the year-on-year comparison, its
tasks (list, export, steps)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiesu.accounts import access
from jiesu.core.errors import NotPermitted
from jiesu.registers import services
from jiesu.registers.exporting import tasks_export_xlsx
from jiesu.registers.forms import ActionForm, CampaignForm, TaskFilterForm, TaskForm
from jiesu.registers.models import Campaign, CampaignTask
from jiesu.registers.permissions import sees_any
from jiesu.registers.selectors import campaign_board, campaign_get, campaign_scope, task_get, task_list
from jiesu.registers.states import TASK, TaskAction
from jiesu.registers.views._common import done, form_error, xlsx_response
from jiesu.workorders.views._common import handles_domain_errors

PAGE_SIZE = 30


def campaign_or_404(*, user, pk: int) -> Campaign:
    try:
        return campaign_get(user=user, campaign_id=pk)
    except Campaign.DoesNotExist as missing:
        raise Http404("专项行动不存在或不在您的权限范围内。") from missing


def task_or_404(*, user, pk: int) -> CampaignTask:
    try:
        return task_get(user=user, task_id=pk)
    except CampaignTask.DoesNotExist as missing:
        raise Http404("任务不存在或不在您的权限范围内。") from missing


def _rows(user, tasks) -> list:
    """Each task with the steps the user may take on it."""
    return [
        (t, [(a, TaskAction(a).label) for a in TASK.allowed(t.status) if access.can(user, a, t)])
        for t in tasks
    ]


def _may_list(user) -> bool:
    return sees_any(user)  # task owners are community, grid or property staff: they see their compounds


@require_GET
@login_required
@handles_domain_errors
def campaign_list(request: HttpRequest) -> HttpResponse:
    if not _may_list(request.user):
        raise NotPermitted("您无权查看专项行动。")
    context = {
        "campaigns": campaign_scope(user=request.user).select_related("topic"),
        "may_plan": access.can(request.user, "plan", Campaign),
    }
    return render(request, "registers/campaigns.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def campaign_new(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "plan", Campaign):
        raise NotPermitted("只有指挥中心可以布置专项行动。")
    form = CampaignForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            raise form_error(form)
        data = form.cleaned_data
        campaign = services.campaign_plan(
            actor=request.user,
            name=data["name"],
            topic=data["topic"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            compounds=list(data["compounds"]),
            note=data["note"],
        )
        return done(
            request, f"已布置专项行动「{campaign.name}」。", reverse("campaign_detail", args=[campaign.pk])
        )
    return render(request, "registers/campaign_new.html", {"form": form})


@require_GET
@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(user=request.user, pk=pk)
    may_plan = access.can(request.user, "plan", Campaign)
    context = {
        "campaign": campaign,
        "board": campaign_board(user=request.user, campaign=campaign),
        "tasks_rows": _rows(request.user, task_list(user=request.user, filters={"campaign": campaign.pk})),
        "form": TaskForm(campaign=campaign) if may_plan else None,
    }
    return render(request, "registers/campaign.html", context)


@require_POST
@login_required
@handles_domain_errors
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(user=request.user, pk=pk)
    if not access.can(request.user, "plan", Campaign):
        raise NotPermitted("只有指挥中心可以布置专项任务。")
    form = TaskForm(request.POST, campaign=campaign)
    if not form.is_valid():
        raise form_error(form)
    data = form.cleaned_data
    services.campaign_task_add(
        actor=request.user,
        campaign=campaign,
        title=data["title"],
        compound=data["compound"],
        owner=data["owner"],
        due_on=data["due_on"],
        building_number=data["building"],
    )
    return done(request, "已布置任务。", reverse("campaign_detail", args=[campaign.pk]))


@require_GET
@login_required
@handles_domain_errors
def task_list_view(request: HttpRequest) -> HttpResponse:
    if not _may_list(request.user):
        raise NotPermitted("您无权查看专项任务。")
    form = TaskFilterForm(request.GET or None, campaigns=campaign_scope(user=request.user))
    tasks = task_list(user=request.user, filters=form.filters())
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    rows = [
        (t, [(a, TaskAction(a).label) for a in TASK.allowed(t.status) if access.can(user, a, t)])
        for t in page
    ]
    context = {"page": page, "rows": rows, "form": form, "may_export": access.can(user, "export", Campaign)}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "registers/tasks.html#results", context)
    return render(request, "registers/tasks.html", context)


@require_GET
@login_required
@handles_domain_errors
def task_export(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "export", Campaign):
        raise NotPermitted("您无权导出专项任务。")
    form = TaskFilterForm(request.GET or None, campaigns=campaign_scope(user=request.user))
    return xlsx_response(tasks_export_xlsx(user=request.user, filters=form.filters()), "tasks")


@require_POST
@login_required
@handles_domain_errors
def task_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    task = task_or_404(user=request.user, pk=pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    version, note = form.cleaned_data["version"], form.cleaned_data["note"]
    if action == TaskAction.START:
        services.task_start(task_id=task.pk, actor=request.user, expected_version=version)
    elif action == TaskAction.FINISH:
        services.task_finish(task_id=task.pk, actor=request.user, result=note, expected_version=version)
    elif action == TaskAction.REOPEN:
        services.task_reopen(task_id=task.pk, actor=request.user, reason=note, expected_version=version)
    else:
        raise Http404("没有这个操作。")
    back = request.POST.get("next") or ""
    if not back.startswith("/registers/"):
        back = reverse("campaign_detail", args=[task.campaign_id])
    return done(request, f"任务已{TaskAction(action).label}。", back)
