"""`{% load pii %}` — `{{ order.content|masked_text }}` masks phone and ID numbers typed into text."""

from django import template

from jiesu.core.masking import mask_free_text

register = template.Library()


@register.filter
def masked_text(value) -> str:
    return mask_free_text("" if value is None else str(value))
