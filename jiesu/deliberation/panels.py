"""The 居民议事 panel on an order's page (`workorders.hooks.order_panels`): the follow-up tasks the
order is linked to (and the topics it grew from) that the viewer may see. The order page gets only
a placeholder (no query); htmx loads the panel (`views.tasks.order_panel`), empty when there is none."""

from django.urls import reverse
from django.utils.html import format_html

from jiesu.accounts import access


def order_deliberation_panel(request, order) -> str | None:
    if access.visibility(request.user).empty:
        return None
    return format_html(
        '<div id="deliberation-panel" hx-get="{}" hx-trigger="load" hx-swap="outerHTML"></div>',
        reverse("deliberation_order_panel", args=[order.pk]),
    )
