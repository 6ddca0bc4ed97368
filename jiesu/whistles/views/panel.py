"""The 吹哨报到 panel an order's page loads (see `whistles.panels`)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiesu.whistles.permissions import may_blow_about
from jiesu.whistles.selectors import whistles_linked_to
from jiesu.workorders.selectors import workorder_scope


@require_GET
@login_required
def order_panel(request: HttpRequest, order_id: int) -> HttpResponse:
    order = workorder_scope(user=request.user).filter(pk=order_id).first()
    if order is None:
        raise Http404("工单不存在或不在您的权限范围内。")
    whistles = list(whistles_linked_to(user=request.user, obj=order)[:10])
    may_blow = may_blow_about(request.user, order)
    if not whistles and not may_blow:
        return HttpResponse("")
    context = {"order": order, "whistles": whistles, "may_blow": may_blow}
    return render(request, "whistles/_order_panel.html", context)
