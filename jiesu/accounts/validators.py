"""Password rules beyond Django's: three kinds of character, and never the shared demo password."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

KINDS = {
    "小写字母": re.compile(r"[a-z]"),
    "大写字母": re.compile(r"[A-Z]"),
    "数字": re.compile(r"\d"),
    "符号": re.compile(r"[^A-Za-z0-9]"),
}


class ComplexityValidator:
    """At least `min_kinds` of: lower-case letters, upper-case letters, digits, symbols."""

    def __init__(self, min_kinds: int = 3):
        self.min_kinds = min_kinds

    def validate(self, password: str, user=None) -> None:
        if password == settings.JIESU_DEMO_PASSWORD:
            raise ValidationError("不能使用演示环境的公共密码。", code="demo_password")
        found = sum(1 for pattern in KINDS.values() if pattern.search(password))
        if found < self.min_kinds:
            raise ValidationError(
                f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.min_kinds} 种。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.min_kinds} 种。"
