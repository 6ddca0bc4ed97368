"""Template filters for work-order pages: masking and deadline state."""

from django import template
from django.utils import timezone

from jiesu.core.masking import mask_name, mask_phone
from jiesu.workorders.states import IN_HANDLING

register = template.Library()


@register.filter
def masked_name(value: str) -> str:
    return mask_name(value)


@register.filter
def masked_phone(value: str) -> str:
    return mask_phone(value)


@register.filter
def is_overdue(order) -> bool:
    return (
        order.status in IN_HANDLING and order.resolve_due is not None and order.resolve_due < timezone.now()
    )
