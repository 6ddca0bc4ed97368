"""联建活动: the list (filters, search, paging, export), the form, the page and its steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiesu.accounts import access
from jiesu.cobuilding import services
from jiesu.cobuilding.exporting import activities_export_xlsx
from jiesu.cobuilding.forms import ACTION_FORMS, ActivityFilterForm, ActivityForm
from jiesu.cobuilding.models import JointActivity
from jiesu.cobuilding.selectors import activity_get, activity_list, activity_totals
from jiesu.cobuilding.states import ACTIVITY, ActivityAction
from jiesu.core.errors import DomainError, NotPermitted, ValidationFailed
from jiesu.core.photos import photos_of
from jiesu.workorders.views._common import handles_domain_errors

PAGE_SIZE = 30
DETAIL = "cobuilding/activity.html"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOTICES = {"hold": "已登记活动开展情况。", "cancel": "已取消该活动。", "add_photos": "已补充活动照片。"}


def _activity_or_404(user, pk: int) -> JointActivity:
    try:
        return activity_get(user=user, activity_id=pk)
    except JointActivity.DoesNotExist as missing:
        raise Http404("活动不存在或不在您的权限范围内。") from missing


@require_GET
@login_required
def activity_list_view(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET or None, user=request.user)
    activities = activity_list(user=request.user, filters=form.filters())
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "activities": page.object_list,
        "totals": activity_totals(activities=activities),
        "may_create": access.can(request.user, "create", JointActivity),
        "may_export": access.can(request.user, "export", JointActivity),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "cobuilding/activities.html#results", context)
    return render(request, "cobuilding/activities.html", context)


@require_GET
@login_required
@handles_domain_errors
def activity_export(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "export", JointActivity):
        raise NotPermitted("您无权导出联建活动。")
    form = ActivityFilterForm(request.GET or None, user=request.user)
    content = activities_export_xlsx(activities=activity_list(user=request.user, filters=form.filters()))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="activities-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def activity_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can(user, "create", JointActivity):
        raise NotPermitted("您无权登记联建活动。")
    if request.method != "POST":
        return render(request, "cobuilding/activity_new.html", {"form": ActivityForm(user=user)})
    form = ActivityForm(request.POST, user=user)
    error = "请检查填写的内容。"
    if form.is_valid():
        try:
            activity = services.activity_create(actor=user, **form.cleaned_data)
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, "已登记联建活动，活动开展后请登记开展情况。")
            return redirect("activity_detail", pk=activity.pk)
    return render(request, "cobuilding/activity_new.html", {"form": form, "error": error}, status=400)


def _context(request, activity, *, bound=None, bound_action="", error="", notice="") -> dict:
    panels = []
    for action in ACTIVITY.allowed(activity.status):
        if access.can(request.user, action, activity):
            form = (
                bound
                if bound_action == action
                else ACTION_FORMS[action](initial={"version": activity.version})
            )
            panels.append(
                {
                    "action": action,
                    "label": ActivityAction(action).label,
                    "form": form,
                    "open": bound_action == action,
                }
            )
    return {
        "activity": activity,
        "units": activity.units.order_by("name"),
        "photos": photos_of(activity),
        "events": activity.events.select_related("actor", "actor_unit"),
        "panels": panels,
        "error": error,
        "notice": notice,
    }


@require_GET
@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, DETAIL, _context(request, _activity_or_404(request.user, pk)))


RUNNERS = {
    "hold": lambda pk, user, d: services.activity_hold(
        activity_id=pk,
        actor=user,
        participants=d["participants"],
        summary=d["summary"],
        photos=d["photos"],
        expected_version=d["version"],
    ),
    "cancel": lambda pk, user, d: services.activity_cancel(
        activity_id=pk, actor=user, reason=d["note"], expected_version=d["version"]
    ),
    "add_photos": lambda pk, user, d: services.activity_add_photos(
        activity_id=pk, actor=user, photos=d["photos"], expected_version=d["version"]
    ),
}


@require_POST
@login_required
@handles_domain_errors
def activity_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in RUNNERS:
        raise Http404("没有这个操作。")
    activity = _activity_or_404(request.user, pk)
    form = ACTION_FORMS[action](request.POST, request.FILES)
    template = f"{DETAIL}#activity" if request.htmx else DETAIL
    if not form.is_valid():
        context = _context(request, activity, bound=form, bound_action=action, error="请检查填写的内容。")
        return render(request, template, context, status=200 if request.htmx else 400)
    try:
        RUNNERS[action](activity.pk, request.user, form.cleaned_data)
    except DomainError as refused:
        activity = _activity_or_404(request.user, pk)
        bound = form if isinstance(refused, ValidationFailed) else None
        context = _context(request, activity, bound=bound, bound_action=action, error=refused.message)
        return render(request, template, context, status=200 if request.htmx else refused.status_code)
    if not request.htmx:
        messages.success(request, NOTICES[action])
        return redirect("activity_detail", pk=pk)
    activity = _activity_or_404(request.user, pk)
    return render(request, template, _context(request, activity, notice=NOTICES[action]))
