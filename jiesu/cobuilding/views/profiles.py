"""共建单位: the member units in the viewer's scope, one unit's page, and the Excel export."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jiesu.accounts import access
from jiesu.cobuilding.exporting import profiles_export_xlsx
from jiesu.cobuilding.forms import ProfileFilterForm
from jiesu.cobuilding.models import CobuildingProfile, JointActivity
from jiesu.cobuilding.selectors import (
    ActivityFilters,
    activity_list,
    activity_totals,
    profile_get,
    profile_list,
    unit_whistles,
)
from jiesu.core.errors import NotPermitted
from jiesu.workorders.views._common import handles_domain_errors

PAGE_SIZE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request: HttpRequest):
    form = ProfileFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    return form, profile_list(user=request.user, q=data.get("q", ""), community=data.get("community"))


@require_GET
@login_required
def profile_list_view(request: HttpRequest) -> HttpResponse:
    form, profiles = _filtered(request)
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "profiles": page.object_list,
        "may_export": access.can(request.user, "export", CobuildingProfile),
        "may_create": access.can(request.user, "create", JointActivity),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "cobuilding/list.html#results", context)
    return render(request, "cobuilding/list.html", context)


@require_GET
@login_required
@handles_domain_errors
def profile_export(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "export", CobuildingProfile):
        raise NotPermitted("您无权导出共建单位。")
    _, profiles = _filtered(request)
    response = HttpResponse(profiles_export_xlsx(profiles=profiles), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="cobuilding-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@require_GET
@login_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        profile = profile_get(user=request.user, profile_id=pk)
    except CobuildingProfile.DoesNotExist as missing:
        raise Http404("共建单位不存在或不在您的权限范围内。") from missing
    activities = activity_list(user=request.user, filters=ActivityFilters(unit=profile.unit_id))
    whistles = unit_whistles(user=request.user, profile=profile)
    context = {
        "profile": profile,
        "resources": profile.resources.all(),
        "activities": activities[:50],
        "activity_count": activities.count(),
        "totals": activity_totals(activities=activities),
        "whistles": whistles[:50],
        "whistle_count": whistles.count(),
    }
    return render(request, "cobuilding/profile.html", context)
