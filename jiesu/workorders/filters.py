"""Parsing list filters from a query string (shared by the list page, export and API).

Every value is checked (`jiesu.core.params`): ids within 1…2⁶³−1, dates within 1990–2100, a
search of at most 100 characters, codes of at most 40 lowercase letters. Anything else raises
BadParameter, which the page answers with 400 and the reason — never a 500 from the database or
the calendar (an id beyond 64 bits, 9999-12-31 plus a day, 0001-01-01 in Beijing time).
"""

import re

from django.http import QueryDict

from jiesu.core.params import BadParameter, param_date, param_flag, param_int, param_text
from jiesu.workorders.selectors import OrderFilters

CODE_RE = re.compile(r"[a-z_]{0,40}")


def _code(query, name: str) -> str:
    """A status, channel or appeal type code (an unknown one simply matches nothing)."""
    value = param_text(query, name, max_length=40)
    if not CODE_RE.fullmatch(value):
        raise BadParameter(name, "应为小写英文代码，如 dispatched")
    return value


def filters_from_query(query: QueryDict) -> OrderFilters:
    date_from, date_to = param_date(query, "date_from"), param_date(query, "date_to")
    if date_from and date_to and date_from > date_to:
        raise BadParameter("date_from", f"起始日期 {date_from} 晚于截止日期 {date_to}")
    return OrderFilters(
        status=_code(query, "status"),
        community=param_int(query, "community"),
        compound=param_int(query, "compound"),
        building=param_int(query, "building"),
        category=param_int(query, "category"),
        unit=param_int(query, "unit"),
        channel=_code(query, "channel"),
        appeal_type=_code(query, "appeal_type"),
        counted=param_flag(query, "counted"),
        date_from=date_from,
        date_to=date_to,
        overdue=param_flag(query, "overdue"),
        flagged=param_flag(query, "flagged"),
        due_soon=param_flag(query, "due_soon"),
        extension_pending=param_flag(query, "extension_pending"),
        mine=param_flag(query, "mine"),
        co_handling=param_flag(query, "co_handling"),
        q=param_text(query, "q", max_length=100),
    )
