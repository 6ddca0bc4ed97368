"""Reading query parameters safely: one parser per kind of value, each with its range.

A value outside what the database, the calendar or the page can take (an id beyond 64 bits, the
year 9999 or 0001, an over-long search text) raises `BadParameter` with a clear Chinese message,
which the page shows with status 400 (`core.middleware.DomainErrorMiddleware`) and the API answers
with 422. An absent or empty parameter is the default. Use these rather than int()/fromisoformat().
"""

import re
from datetime import date

from jiesu.core.errors import ValidationFailed

ID_MAX = 2**63 - 1  # the largest primary key PostgreSQL's bigint and SQLite can hold
# the dates any page, filter or report may ask about (the import reads years 1990–2100 too)
DATE_MIN = date(1990, 1, 1)
DATE_MAX = date(2100, 12, 31)
TEXT_MAX = 100
INT_RE = re.compile(r"[+-]?[0-9]{1,19}")
DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{2})")
TRUE_WORDS = {"1", "true", "on", "yes"}


class BadParameter(ValidationFailed):
    """A query parameter the page cannot use; `message` names it and says what it should be."""

    status_code = 400

    def __init__(self, name: str, expected: str):
        super().__init__(f"参数「{name}」无效：{expected}。")
        self.name = name


def _raw(query, name: str) -> str:
    value = query.get(name, "")
    if isinstance(value, list | tuple):  # a plain dict of lists
        value = value[-1] if value else ""
    return str(value).strip()


def parse_int(value: str, *, name: str = "值", minimum: int = 1, maximum: int = ID_MAX) -> int:
    if not INT_RE.fullmatch(value):
        raise BadParameter(name, f"应为 {minimum} 到 {maximum} 之间的整数")
    number = int(value)
    if not minimum <= number <= maximum:
        raise BadParameter(name, f"应为 {minimum} 到 {maximum} 之间的整数")
    return number


def param_int(query, name: str, *, minimum: int = 1, maximum: int = ID_MAX, default: int | None = None):
    """An integer (an id by default: 1 … 2⁶³−1)."""
    raw = _raw(query, name)
    return parse_int(raw, name=name, minimum=minimum, maximum=maximum) if raw else default


def parse_date(value: str, *, name: str = "日期") -> date:
    match = DATE_RE.fullmatch(value)
    expected = f"应为 {DATE_MIN:%Y-%m-%d} 至 {DATE_MAX:%Y-%m-%d} 之间的日期（如 2024-09-01）"
    if not match:
        raise BadParameter(name, expected)
    try:
        day = date(*(int(part) for part in match.groups()))
    except ValueError as exc:
        raise BadParameter(name, expected) from exc
    if not DATE_MIN <= day <= DATE_MAX:
        raise BadParameter(name, expected)
    return day


def param_date(query, name: str) -> date | None:
    """A day, YYYY-MM-DD, within DATE_MIN … DATE_MAX."""
    raw = _raw(query, name)
    return parse_date(raw, name=name) if raw else None


def parse_month(value: str, *, name: str = "月份") -> date:
    """The first day of a month given as YYYY-MM, within DATE_MIN … DATE_MAX."""
    match = MONTH_RE.fullmatch(value)
    expected = f"应为 {DATE_MIN:%Y-%m} 至 {DATE_MAX:%Y-%m} 之间的月份（如 2024-09）"
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise BadParameter(name, expected)
    month = date(int(match.group(1)), int(match.group(2)), 1)
    if not DATE_MIN <= month <= DATE_MAX:
        raise BadParameter(name, expected)
    return month


def param_month(query, name: str) -> date | None:
    raw = _raw(query, name)
    return parse_month(raw, name=name) if raw else None


def param_text(query, name: str, *, max_length: int = TEXT_MAX) -> str:
    """Free text (a search), at most `max_length` characters, control characters refused."""
    raw = _raw(query, name)
    if len(raw) > max_length:
        raise BadParameter(name, f"不能超过 {max_length} 个字")
    if any(ord(char) < 32 for char in raw):
        raise BadParameter(name, "含有控制字符")
    return raw


def param_choice(query, name: str, choices, *, default: str = "") -> str:
    """One of `choices` (values, or a Django Choices class)."""
    raw = _raw(query, name)
    if not raw:
        return default
    allowed = list(getattr(choices, "values", choices))
    if raw not in allowed:
        raise BadParameter(name, f"应为以下之一：{'、'.join(map(str, allowed))}")
    return raw


def param_flag(query, name: str) -> bool:
    return _raw(query, name).lower() in TRUE_WORDS
