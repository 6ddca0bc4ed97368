"""Staff pages of rest stations: list (filters, paging, Excel), detail, new/edit, close/reopen, staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiesu.accounts import access
from jiesu.accounts.models import Role, User
from jiesu.core.errors import DomainError
from jiesu.core.params import parse_int
from jiesu.core.xlsx import write_xlsx
from jiesu.places.models import Community
from jiesu.public.places import Place
from jiesu.riders.forms import StationFilterForm, StationForm
from jiesu.riders.models import RestStation, RiderEvent
from jiesu.riders.selectors import benefit_list, station_list, usage_by_station_month
from jiesu.riders.services import (
    station_close,
    station_create,
    station_reopen,
    station_staff_set,
    station_update,
)
from jiesu.riders.views._common import EXPORT_MAX_ROWS, handles_domain_errors, paged, xlsx_response


def _communities_with_stations(user):
    """The communities of the stations the user sees (the list's community filter)."""
    return Community.objects.filter(pk__in=access.scope(user, RestStation).values("community_id")).order_by(
        "id"
    )


def _communities_to_manage(user):
    """Where the user may put a station: the street for the centre, their own community otherwise."""
    return access.scope(user, Place, Community.objects.order_by("id"))


def _station_or_404(user, pk: int) -> RestStation:
    station = access.scope(user, RestStation).select_related("community", "compound").filter(pk=pk).first()
    if station is None:
        raise Http404("驿站不存在或不在您的权限范围内。")
    return station


def _can_see_stations(user) -> bool:
    return access.can(user, "export", RestStation)


def _export(stations) -> bytes:
    headers = [
        "驿站",
        "承办单位",
        "类型",
        "社区",
        "小区",
        "地址",
        "纬度",
        "经度",
        "开放时间",
        "设施",
        "暖心权益",
        "电话",
        "状态",
    ]
    rows = (
        [
            s.name,
            s.host_name,
            s.get_host_kind_display(),
            s.community.name,
            s.compound.name if s.compound else "",
            s.address,
            s.lat,
            s.lng,
            s.hours,
            "、".join(s.amenity_labels),
            "；".join(s.benefit_list),
            s.phone,
            s.get_status_display(),
        ]
        for s in stations[:EXPORT_MAX_ROWS]
    )
    return write_xlsx(headers=headers, rows=rows, sheet_title="小憩驿站")


@require_GET
@login_required
def station_list_page(request: HttpRequest) -> HttpResponse:
    if not _can_see_stations(request.user):
        raise Http404("页面不存在。")
    form = StationFilterForm(request.GET or None, communities=_communities_with_stations(request.user))
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    if filters.get("community"):
        filters["community"] = filters["community"].pk
    stations = station_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(_export(stations), f"stations-{timezone.localdate():%Y%m%d}.xlsx")
    context = {
        "form": form,
        "page": paged(request, stations),
        "can_create": access.can(request.user, "create", RestStation),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "riders/stations.html#results", context)
    return render(request, "riders/stations.html", context)


@require_GET
@login_required
def station_detail(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station_or_404(request.user, pk)
    user = request.user
    uses = benefit_list(user=user, filters={"station": station.pk})
    context = {
        "station": station,
        "staff": list(station.staff.order_by("username")),
        "usage": usage_by_station_month(uses=uses)[:12],
        "recent": uses[:10],
        "events": RiderEvent.objects.filter(station=station)
        .select_related("actor")
        .order_by("-at", "-id")[:20],
        "can_change": access.can(user, "change", station),
        "can_verify": access.can(user, "verify", station),
        "station_staff": User.objects.filter(role=Role.STATION_STAFF, is_active=True).order_by("username")
        if access.can(user, "assign_staff", station)
        else [],
    }
    return render(request, "riders/station_detail.html", context)


def _values(form: StationForm) -> dict:
    return {name: form.cleaned_data[name] for name in StationForm.Meta.fields}


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def station_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = request.user
    station = _station_or_404(user, pk) if pk else None
    if not access.can(user, "change" if station else "create", station or RestStation):
        raise Http404("页面不存在。")
    communities = _communities_to_manage(user)
    form = StationForm(request.POST or None, instance=station, communities=communities)
    if request.method == "POST" and form.is_valid():
        try:
            if station is None:
                station = station_create(actor=user, values=_values(form))
                messages.success(request, f"已新建驿站“{station.name}”。")
            else:
                station = station_update(station_id=station.pk, actor=user, changes=_values(form))
                messages.success(request, "已保存驿站信息。")
            return redirect("riders_station", pk=station.pk)
        except DomainError as error:  # shown on the form; nothing saved
            form.add_error(None, error.message)
    status = 400 if request.method == "POST" else 200
    return render(request, "riders/station_form.html", {"form": form, "station": station}, status=status)


@require_POST
@login_required
@handles_domain_errors
def station_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    station = _station_or_404(request.user, pk)
    note = request.POST.get("note", "")[:200]
    if action == "close":
        station_close(station_id=station.pk, actor=request.user, note=note)
        messages.success(request, "驿站已停用，不再显示在骑手地图上。")
    elif action == "reopen":
        station_reopen(station_id=station.pk, actor=request.user, note=note)
        messages.success(request, "驿站已恢复运营。")
    elif action == "staff":
        ids = [parse_int(value, name="staff") for value in request.POST.getlist("staff") if value]
        station_staff_set(station_id=station.pk, actor=request.user, user_ids=ids)
        messages.success(request, "已更新驿站工作人员。")
    else:
        raise Http404("未知的操作。")
    return redirect("riders_station", pk=station.pk)
