"""Masked personal data on the register's pages (names and phones are never shown clear in lists)."""

from django import template

from jiesu.core.masking import mask_name, mask_phone

register = template.Library()


@register.filter
def masked_name(value) -> str:
    return mask_name(value or "")


@register.filter
def masked_phone(value) -> str:
    return mask_phone(value or "")
