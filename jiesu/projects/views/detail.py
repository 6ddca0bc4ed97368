"""The project page and the steps people take on it (htmx swaps the page's `project` partial)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from jiesu.core.errors import DomainError, ValidationFailed
from jiesu.projects import services
from jiesu.projects.figures import project_effect
from jiesu.projects.forms import FORMS, ActionForm
from jiesu.projects.models import Project
from jiesu.projects.selectors import project_actions, project_get, project_photos, project_timeline
from jiesu.projects.services.proposing import PHOTO_AFTER, PHOTO_BEFORE
from jiesu.projects.states import ProjectAction as A
from jiesu.units.models import Unit
from jiesu.workorders.views._common import handles_domain_errors

TEMPLATE = "projects/detail.html"


def _unit(pk):
    return Unit.objects.filter(pk=pk).first() if pk else None


# action -> the one service call: (project id, actor, cleaned data, version, form) -> project
RUNNERS: dict[str, Callable] = {
    A.SUBMIT: lambda pk, u, d, v, f: services.project_submit(project_id=pk, actor=u, note=d["note"], expected_version=v),
    A.RETURN: lambda pk, u, d, v, f: services.project_return(project_id=pk, actor=u, reason=d["note"], expected_version=v),
    A.REJECT: lambda pk, u, d, v, f: services.project_reject(project_id=pk, actor=u, reason=d["note"], expected_version=v),
    A.CANCEL: lambda pk, u, d, v, f: services.project_cancel(project_id=pk, actor=u, reason=d["note"], expected_version=v),
    A.APPROVE: lambda pk, u, d, v, f: services.project_approve(
        project_id=pk, actor=u, owner_unit=_unit(d["owner_unit"]), note=d["note"], expected_version=v
    ),
    A.START: lambda pk, u, d, v, f: services.project_start(project_id=pk, actor=u, note=d["note"], expected_version=v),
    A.MILESTONE_ADD: lambda pk, u, d, v, f: services.project_milestone_add(
        project_id=pk, actor=u, title=d["title"], due_on=d["due_on"], expected_version=v
    ),
    A.MILESTONE_DONE: lambda pk, u, d, v, f: services.project_milestone_done(
        project_id=pk, actor=u, milestone_id=d["milestone"], note=d["note"], expected_version=v
    ),
    A.FUNDING: lambda pk, u, d, v, f: services.project_funding_set(
        project_id=pk, actor=u, budget=d["budget"], lines=f.funding_lines(), note=d["note"], expected_version=v
    ),
    A.PHOTO: lambda pk, u, d, v, f: services.project_photos_add(
        project_id=pk, actor=u, photos=d["photos"], role=d["role"], expected_version=v
    ),
    A.ACCEPT: lambda pk, u, d, v, f: services.project_accept(
        project_id=pk, actor=u, completed_on=d["completed_on"], note=d["note"], expected_version=v
    ),
}  # fmt: skip
NOTICES = {
    A.SUBMIT: "已提交评审。",
    A.RETURN: "已退回补充。",
    A.APPROVE: "已批准立项。",
    A.REJECT: "已决定不予立项。",
    A.START: "已开工实施。",
    A.MILESTONE_ADD: "已添加节点。",
    A.MILESTONE_DONE: "节点已完成。",
    A.FUNDING: "已调整预算和资金来源。",
    A.PHOTO: "已上传照片。",
    A.ACCEPT: "已验收通过。",
    A.CANCEL: "已撤销项目。",
}


@dataclass
class Panel:
    action: str
    label: str
    form: ActionForm
    target: str
    is_open: bool = False


def project_or_404(*, user, pk: int) -> Project:
    try:
        return project_get(user=user, project_id=pk)
    except Project.DoesNotExist as missing:
        raise Http404("项目不存在或不在您的权限范围内。") from missing


def _form(action: str, project: Project, data=None, files=None) -> ActionForm:
    return FORMS[action](
        data, files, project=project, initial={"version": project.version}, auto_id=f"id_{action}_%s"
    )


def detail_context(request, project: Project, *, bound=None, bound_action="", error="", notice="") -> dict:
    user = request.user
    panels = []
    for action in project_actions(user=user, project=project):
        form = bound if bound_action == action else _form(action, project)
        target = reverse("project_act", args=[project.pk, action])
        panels.append(Panel(action, A(action).label, form, target, bound_action == action))
    photos = project_photos(project=project)
    return {
        "project": project,
        "places": list(project.places.select_related("compound", "building")),
        "funding": list(project.funding.all()),
        "milestones": list(project.milestones.all()),
        "before_photos": photos.get(PHOTO_BEFORE, []),
        "after_photos": photos.get(PHOTO_AFTER, []),
        "effect": project_effect(project=project),
        "panels": panels,
        "events": project_timeline(project=project),
        "today": timezone.localdate(),
        "error": error,
        "notice": notice,
    }


def render_project(request, project: Project, *, status: int = 200, **context) -> HttpResponse:
    data = detail_context(request, project, **context)
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, f"{TEMPLATE}#project", data)
    return render(request, TEMPLATE, data, status=status)


@require_GET
@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_project(request, project_or_404(user=request.user, pk=pk))


@require_POST
@login_required
@handles_domain_errors
def project_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in RUNNERS:
        raise Http404("没有这个操作。")
    project = project_or_404(user=request.user, pk=pk)
    form = _form(action, project, request.POST, request.FILES)
    if not form.is_valid():
        return render_project(
            request, project, status=400, bound=form, bound_action=action, error="请检查填写的内容。"
        )
    try:
        RUNNERS[action](project.pk, request.user, form.cleaned_data, form.cleaned_data["version"], form)
    except DomainError as refused:
        project = project_or_404(user=request.user, pk=pk)
        if isinstance(refused, ValidationFailed):
            return render_project(
                request,
                project,
                status=refused.status_code,
                bound=form,
                bound_action=action,
                error=refused.message,
            )
        return render_project(request, project, status=refused.status_code, error=refused.message)
    project = project_or_404(user=request.user, pk=pk)
    if request.htmx:
        return render_project(request, project, notice=NOTICES[action])
    messages.success(request, NOTICES[action])
    return redirect("project_detail", pk=project.pk)
