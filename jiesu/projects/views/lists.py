"""The project list (filters, search, paging), its Excel export, the batches with their figures
and the seasonal suggestions."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jiesu.accounts import access
from jiesu.core.errors import NotPermitted
from jiesu.core.params import param_int
from jiesu.projects.exporting import projects_export_xlsx
from jiesu.projects.figures import batch_figures, project_effects, project_suggestions
from jiesu.projects.forms import ProjectFilterForm, SeasonForm
from jiesu.projects.models import FundingSource, Project
from jiesu.projects.selectors import ProjectFilters, batches_visible, project_list, project_scope
from jiesu.projects.states import ProjectStatus
from jiesu.workorders.views._common import handles_domain_errors

PAGE_SIZE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@login_required
def project_list_view(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET or None, user=request.user)
    projects = project_list(user=request.user, filters=form.filters())
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "projects": page.object_list,
        "form": form,
        "may_propose": access.can(request.user, "propose", Project),
        "may_export": access.can(request.user, "export", Project),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "projects/list.html#results", context)
    return render(request, "projects/list.html", context)


@require_GET
@login_required
@handles_domain_errors
def project_export(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "export", Project):
        raise NotPermitted("您无权导出主动治理项目。")
    form = ProjectFilterForm(request.GET or None, user=request.user)
    content = projects_export_xlsx(user=request.user, filters=form.filters())
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="projects-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@require_GET
@login_required
@handles_domain_errors
def project_batches(request: HttpRequest) -> HttpResponse:
    """Every batch with its figures over the viewer's projects; `?batch=` lists that batch's
    accepted projects with their effects."""
    if access.visibility(request.user).empty:
        raise NotPermitted("您无权查看主动治理项目。")
    batches = list(batches_visible(user=request.user))
    projects = project_scope(user=request.user)
    figures = batch_figures(projects=projects)
    chosen = param_int(request.GET, "batch")
    effects = []
    if chosen:
        accepted = project_list(
            user=request.user, filters=ProjectFilters(batch=chosen, status=ProjectStatus.ACCEPTED)
        )
        accepted = list(accepted.prefetch_related("places"))
        found = project_effects(projects=accepted)
        effects = [(p, found[p.pk]) for p in accepted]
    rows = [(batch, figures.get(batch.pk)) for batch in batches]
    context = {
        "rows": rows,
        "sources": FundingSource.choices,
        "chosen": chosen,
        "effects": effects,
    }
    return render(request, "projects/batches.html", context)


@require_GET
@login_required
@handles_domain_errors
def project_suggestions_view(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "propose", Project):
        raise NotPermitted("只有社区工作者或指挥中心可以查看立项建议。")
    form = SeasonForm(request.GET or None)
    season = form.cleaned_data["season"] if form.is_valid() else ""
    season, start, suggestions = project_suggestions(user=request.user, season=season)
    context = {"form": form, "season": season, "start": start, "suggestions": suggestions[:100]}
    return render(request, "projects/suggestions.html", context)
