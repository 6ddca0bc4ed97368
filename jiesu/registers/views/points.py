"""The point list (filters, search, export) and one point's page with its steps."""

import re

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from jiesu.accounts import access
from jiesu.accounts.models import User
from jiesu.core.errors import NotPermitted, ValidationFailed
from jiesu.registers import services
from jiesu.registers.exporting import points_export_xlsx
from jiesu.registers.forms import ActionForm, PointFilterForm, WhistleLinkForm
from jiesu.registers.models import Point, Register
from jiesu.registers.permissions import may_link_whistle, sees_any
from jiesu.registers.selectors import cadre_choices, point_get, point_list, point_photos
from jiesu.registers.states import LOOP, POINT, PointAction
from jiesu.registers.views._common import done, form_error, xlsx_response
from jiesu.whistles.selectors import whistles_linked_to
from jiesu.workorders.selectors import workorder_scope
from jiesu.workorders.views._common import handles_domain_errors

PAGE_SIZE = 30
SPLIT = re.compile(r"[\s,，;；、]+")
NOTICES = {
    PointAction.ASSIGN: "已包户到人。",
    PointAction.REASSIGN: "已更换包户干部。",
    PointAction.RESPOND: "已记录即刻响应。",
    PointAction.REPAIR: "已记录上门维修。",
    PointAction.REVISIT: "已记录社区回访。",
    PointAction.CANCEL: "已撤销该点位。",
    PointAction.LINK_ORDER: "已关联工单。",
}


def point_or_404(*, user, pk: int) -> Point:
    try:
        return point_get(user=user, point_id=pk)
    except Point.DoesNotExist as missing:
        raise Http404("点位不存在或不在您的权限范围内。") from missing


@require_GET
@login_required
@handles_domain_errors
def point_list_view(request: HttpRequest) -> HttpResponse:
    if not sees_any(request.user):  # a cadre is a worker of the community: they see it
        raise NotPermitted("您无权查看点位台账。")
    form = PointFilterForm(request.GET or None, user=request.user)
    points = point_list(user=request.user, filters=form.filters())
    page = Paginator(points, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "points": page.object_list,
        "form": form,
        "may_export": access.can(request.user, "export", Register),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "registers/points.html#results", context)
    return render(request, "registers/points.html", context)


@require_GET
@login_required
@handles_domain_errors
def point_export(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "export", Register):
        raise NotPermitted("您无权导出点位台账。")
    form = PointFilterForm(request.GET or None, user=request.user)
    return xlsx_response(points_export_xlsx(user=request.user, filters=form.filters()), "points")


@require_GET
@login_required
def point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    point = point_or_404(user=request.user, pk=pk)
    user = request.user
    actions = [a for a in POINT.allowed(point.status) if access.can(user, a, point)]
    if PointAction.REVISIT in actions:
        actions.remove(PointAction.REOPEN)  # one form: solved or not
    steps = [(label, getattr(point, field)) for label, _, field in LOOP]
    context = {
        "point": point,
        "steps": steps,
        "actions": [(a, PointAction(a).label) for a in actions],
        "cadres": cadre_choices(community_id=point.register.community_id)
        if {PointAction.ASSIGN, PointAction.REASSIGN} & set(actions)
        else [],
        "orders": workorder_scope(user=user).filter(pk__in=point.orders.values("pk")).order_by("received_at"),
        "whistles": list(whistles_linked_to(user=user, obj=point)[:10]),
        "may_link_whistle": may_link_whistle(user, point),
        "photos": point_photos(point=point),
        "events": point.events.select_related("actor").order_by("at", "id"),
    }
    return render(request, "registers/point.html", context)


def _run(action: str, point: Point, user, data: dict) -> None:
    version, note = data["version"], data["note"]
    if action in (PointAction.ASSIGN, PointAction.REASSIGN):
        cadre = User.objects.filter(pk=data["cadre"] or 0).select_related("unit").first()
        if cadre is None:
            raise ValidationFailed("请选择包户干部。")
        services.point_assign(point_id=point.pk, actor=user, cadre=cadre, expected_version=version)
    elif action == PointAction.RESPOND:
        services.point_respond(point_id=point.pk, actor=user, note=note, expected_version=version)
    elif action == PointAction.REPAIR:
        services.point_repair(
            point_id=point.pk, actor=user, note=note, photos=data["photos"], expected_version=version
        )
    elif action == PointAction.REVISIT:
        services.point_revisit(
            point_id=point.pk, actor=user, solved=data["solved"] != "0", note=note, photos=data["photos"],
            expected_version=version,
        )  # fmt: skip
    elif action == PointAction.CANCEL:
        services.point_cancel(point_id=point.pk, actor=user, reason=note, expected_version=version)
    elif action == PointAction.LINK_ORDER:
        numbers = list(dict.fromkeys(n for n in SPLIT.split(data["orders"] or "") if n))[:20]
        orders = list(workorder_scope(user=user).filter(number__in=numbers))
        missing = set(numbers) - {o.number for o in orders}
        if missing:
            raise ValidationFailed(f"找不到工单「{'、'.join(sorted(missing))}」，或不在您的权限范围内。")
        services.point_link_orders(point_id=point.pk, actor=user, orders=orders)
    else:
        raise Http404("没有这个操作。")


@require_POST
@login_required
@handles_domain_errors
def point_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    point = point_or_404(user=request.user, pk=pk)
    form = ActionForm(request.POST, request.FILES)
    if not form.is_valid():
        raise form_error(form)
    _run(action, point, request.user, form.cleaned_data)
    notice = NOTICES.get(action, "已保存。")
    if action == PointAction.REVISIT and form.cleaned_data["solved"] == "0":
        notice = "回访未解决，点位已退回重新维修。"
    return done(request, notice, reverse("point_detail", args=[point.pk]))


@require_POST
@login_required
@handles_domain_errors
def point_whistle_link(request: HttpRequest, pk: int) -> HttpResponse:
    """关联吹哨: a whistle of the point's community, by its number."""
    point = point_or_404(user=request.user, pk=pk)
    form = WhistleLinkForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    whistle = services.point_link_whistle(
        point_id=point.pk, actor=request.user, whistle_number=form.cleaned_data["whistle"]
    )
    return done(request, f"已关联吹哨 {whistle.number}。", reverse("point_detail", args=[point.pk]))
