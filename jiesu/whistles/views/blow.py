"""吹哨: the form a community worker (or the centre) fills in; one service call blows the whistle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from jiesu.accounts import access
from jiesu.core.errors import DomainError, NotPermitted
from jiesu.core.params import param_int
from jiesu.whistles import services
from jiesu.whistles.forms import BlowForm
from jiesu.whistles.links import links_resolve
from jiesu.whistles.models import Whistle
from jiesu.workorders.selectors import workorder_scope
from jiesu.workorders.views._common import handles_domain_errors

TEMPLATE = "whistles/new.html"


def _initial(request: HttpRequest) -> dict:
    """Prefilled from an order (the 吹哨 button on an order's page), when the user may see it."""
    order_id = param_int(request.GET, "order")
    order = workorder_scope(user=request.user).filter(pk=order_id).first() if order_id else None
    if order is None:
        return {}
    initial = {
        "title": order.title[:100],
        "description": order.content[:2000],
        "orders": order.number,
        "compound": order.compound_id,
        "urgency": order.urgency,
    }
    if order.community_id:
        initial["community"] = order.community_id
    if order.building_id:
        initial["building_number"] = order.building.number
    return initial


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def whistle_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can(user, "blow", Whistle):
        raise NotPermitted("只有社区工作者或指挥中心可以吹哨。")
    if request.method != "POST":
        return render(request, TEMPLATE, {"form": BlowForm(user=user, initial=_initial(request))})
    form = BlowForm(request.POST, request.FILES, user=user)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        try:
            whistle = services.whistle_blow(
                actor=user,
                community=data["community"],
                title=data["title"],
                description=data["description"],
                urgency=data["urgency"],
                units=data["units"],
                compound=data["compound"],
                building_number=data["building_number"],
                place_text=data["place_text"],
                links=links_resolve(user=user, key="order", text=data["orders"]),
                photos=data["photos"],
            )
        except DomainError as refused:
            error = refused.message
        else:
            due = timezone.localtime(whistle.summonses.first().check_in_due)
            messages.success(
                request,
                f"已吹哨，{whistle.summonses.count()} 个单位须在 {due:%m月%d日 %H:%M} 前报到。",
            )
            return redirect("whistle_detail", pk=whistle.pk)
    else:
        error = "请检查填写的内容。"
    return render(request, TEMPLATE, {"form": form, "error": error}, status=400)
