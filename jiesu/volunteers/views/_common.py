"""What the volunteer service's staff pages share: visibility, pages of lists, Excel answers."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from jiesu.core.xlsx import write_xlsx
from jiesu.volunteers.forms import communities_for
from jiesu.volunteers.models import Team
from jiesu.volunteers.permissions import sees_any

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
