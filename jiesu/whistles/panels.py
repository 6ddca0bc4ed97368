"""The 吹哨报到 panel on an order's page (`workorders.hooks.order_panels`): the whistles linked to
the order that the viewer may see, and a button to blow one about it."""

from django.template.loader import render_to_string

from jiesu.accounts import access
from jiesu.whistles.models import Whistle
from jiesu.whistles.selectors import whistles_linked_to


def order_whistles_panel(request, order) -> str | None:
    user = request.user
    whistles = list(whistles_linked_to(user=user, obj=order)[:10])
    may_blow = access.can(user, "blow", Whistle) and (
        access.is_centre(user)
        or (order.community_id and order.community_id == access.user_community_id(user))
    )
    if not whistles and not may_blow:
        return None
    context = {"order": order, "whistles": whistles, "may_blow": may_blow}
    return render_to_string("whistles/_order_panel.html", context, request=request)
