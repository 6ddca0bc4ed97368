"""The 吹哨报到 panel on an order's page (`workorders.hooks.order_panels`).

The order page only gets a placeholder (no query); the page then loads the panel with htmx
(`views.panel.order_panel`): the whistles linked to the order that the viewer may see, and a
就此吹哨 button for who may blow about it.
"""

from django.urls import reverse
from django.utils.html import format_html

from jiesu.accounts import access


def order_whistles_panel(request, order) -> str | None:
    if access.visibility(request.user).empty:
        return None
    return format_html(
        '<div id="whistles-panel" hx-get="{}" hx-trigger="load" hx-swap="outerHTML"></div>',
        reverse("whistle_order_panel", args=[order.pk]),
    )
