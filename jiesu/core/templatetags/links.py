"""`{% load links %}` — `{{ url|safe_url }}`: the link if people may follow it (`core.links`), else ""."""

from django import template

from jiesu.core.links import link_is_safe

register = template.Library()


@register.filter
def safe_url(value) -> str:
    value = "" if value is None else str(value)
    return value if link_is_safe(value) else ""
