"""The 点位台账 panel on an order's page (`workorders.hooks.order_panels`).

The order page only gets a placeholder, and only for who can see registers (no query); the page
loads the panel with htmx (`views.panel.order_panel`): the points the order is linked to, and a
建为点位 button for who may register one at the order's compound.
"""

from django.urls import reverse
from django.utils.html import format_html

from jiesu.registers.permissions import sees_any


def order_points_panel(request, order) -> str | None:
    if order.compound_id is None or not sees_any(request.user):
        return None
    return format_html(
        '<div id="registers-panel" hx-get="{}" hx-trigger="load" hx-swap="outerHTML"></div>',
        reverse("register_order_panel", args=[order.pk]),
    )
