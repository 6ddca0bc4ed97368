"""Checks a registration or a correction must pass, with the reason in plain Chinese.

Shared by the intake form, `workorder_create` and `workorder_correct` (so the API and any other
entry point get the same answer): a 受理时间 in the future, a phone no one could dial, an empty
content are refused before anything is written.
"""

import re
from datetime import datetime, timedelta

from django.utils import timezone

from jiesu.core.errors import ValidationFailed

MOBILE = re.compile(r"1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{2,3}\d{7,8}")  # with its area code
LOCAL = re.compile(r"[2-9]\d{6,7}")  # a city number without its area code
SEPARATORS = re.compile(r"[\s\-()（）]")
CLOCK_SKEW = timedelta(minutes=5)


def phone_normalise(value: str) -> str:
    """The digits of a mainland mobile or landline ("" stays ""); ValidationFailed otherwise."""
    digits = SEPARATORS.sub("", value or "")
    if not digits:
        return ""
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if not any(pattern.fullmatch(digits) for pattern in (MOBILE, LANDLINE, LOCAL)):
        raise ValidationFailed(f"联系电话「{value}」不是有效的号码：请填写11位手机号或带区号的固定电话。")
    return digits


def received_at_check(value: datetime) -> None:
    if value > timezone.now() + CLOCK_SKEW:
        shown = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        raise ValidationFailed(f"受理时间 {shown} 晚于当前时间，请核对。")


def content_check(value: str) -> None:
    if not value.strip():
        raise ValidationFailed("诉求内容不能为空，请填写群众反映的问题。")
