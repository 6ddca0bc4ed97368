"""Masking of citizens' personal data for display."""

import re


def mask_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) == 1:
        return "*"
    return name[0] + "*" * min(len(name) - 1, 3)


def mask_phone(phone: str) -> str:
    phone = (phone or "").strip()
    digits = re.sub(r"\D", "", phone)
    if len(digits) >= 7:
        return digits[:3] + "****" + digits[-4:]
    if digits:
        return "*" * len(digits)
    return ""
