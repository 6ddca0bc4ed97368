from django import template

from jiesu.triage.panels import triage_panel

register = template.Library()


@register.inclusion_tag("triage/_panel.html", takes_context=True)
def triage_suggestions(context, order) -> dict:
    """{% triage_suggestions order %}: the suggestions panel, or nothing for who may not use it."""
    request = context.get("request")
    panel = triage_panel(user=request.user, order=order) if request else None
    return {"panel": panel, "csrf_token": context.get("csrf_token")}
