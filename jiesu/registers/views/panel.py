"""The 点位台账 panel an order's page loads (see `registers.panels`) and its 建为点位 button."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from jiesu.registers import services
from jiesu.registers.permissions import may_register_in
from jiesu.registers.selectors import points_of_order
from jiesu.registers.views._common import done
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.selectors import workorder_scope
from jiesu.workorders.views._common import handles_domain_errors


def _order(user, order_id: int) -> WorkOrder:
    order = (
        workorder_scope(user=user)
        .select_related("category", "compound", "building")
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        raise Http404("工单不存在或不在您的权限范围内。")
    return order


@require_GET
@login_required
def order_panel(request: HttpRequest, order_id: int) -> HttpResponse:
    order = _order(request.user, order_id)
    points = points_of_order(user=request.user, order=order)
    may_create = (
        not points
        and order.compound_id is not None
        and may_register_in(request.user, order.compound.community_id)
        and services.topic_for_order(order) is not None
    )
    if not points and not may_create:
        return HttpResponse("")
    return render(
        request, "registers/_order_panel.html", {"order": order, "points": points, "may_create": may_create}
    )


@require_POST
@login_required
@handles_domain_errors
def order_point_create(request: HttpRequest, order_id: int) -> HttpResponse:
    order = _order(request.user, order_id)
    point = services.point_from_order(actor=request.user, order=order)
    return done(request, f"已建为点位：{point}。", reverse("point_detail", args=[point.pk]))
