"""The whistle list (filters, search, paging), its Excel export and the figures page."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jiesu.accounts import access
from jiesu.core.errors import NotPermitted
from jiesu.insight.sections import section_text_rows
from jiesu.whistles.exporting import whistles_export_xlsx
from jiesu.whistles.figures import FigureScope
from jiesu.whistles.forms import FiguresForm, WhistleFilterForm
from jiesu.whistles.models import Whistle
from jiesu.whistles.sections import communities_section, units_section
from jiesu.whistles.selectors import whistle_list
from jiesu.workorders.views._common import handles_domain_errors

PAGE_SIZE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@login_required
def whistle_list_view(request: HttpRequest) -> HttpResponse:
    form = WhistleFilterForm(request.GET or None, user=request.user)
    whistles = whistle_list(user=request.user, filters=form.filters())
    page = Paginator(whistles, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "whistles": page.object_list,
        "form": form,
        "may_blow": access.can(request.user, "blow", Whistle),
        "may_export": access.can(request.user, "export", Whistle),
        "now": timezone.now(),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "whistles/list.html#results", context)
    return render(request, "whistles/list.html", context)


@require_GET
@login_required
@handles_domain_errors
def whistle_export(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "export", Whistle):
        raise NotPermitted("您无权导出吹哨报到。")
    form = WhistleFilterForm(request.GET or None, user=request.user)
    content = whistles_export_xlsx(user=request.user, filters=form.filters())
    response = HttpResponse(content, content_type=XLSX)
    name = f"whistles-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@login_required
def whistle_figures(request: HttpRequest) -> HttpResponse:
    form = FiguresForm(request.GET or None)
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    if end < start:
        start, end = end, start
    scope = FigureScope.for_user(request.user)
    sections = [
        section
        for section in (
            units_section(scope=scope, start=start, end=end),
            communities_section(scope=scope, start=start, end=end),
        )
        if section is not None
    ]
    tables = [{"section": section, "rows": section_text_rows(section)} for section in sections]
    context = {"form": form, "start": start, "end": end, "tables": tables}
    return render(request, "whistles/figures.html", context)
