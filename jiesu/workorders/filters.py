"""Parsing list filters from a query string (shared by the list page, export and API)."""

from datetime import date

from django.http import QueryDict

from jiesu.workorders.selectors import OrderFilters


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filters_from_query(query: QueryDict) -> OrderFilters:
    return OrderFilters(
        status=query.get("status", ""),
        community=_int(query.get("community")),
        compound=_int(query.get("compound")),
        building=_int(query.get("building")),
        category=_int(query.get("category")),
        unit=_int(query.get("unit")),
        channel=query.get("channel", ""),
        appeal_type=query.get("appeal_type", ""),
        counted=query.get("counted") in {"1", "true", "on"},
        date_from=_date(query.get("date_from")),
        date_to=_date(query.get("date_to")),
        overdue=query.get("overdue") in {"1", "true", "on"},
        flagged=query.get("flagged") in {"1", "true", "on"},
        mine=query.get("mine") in {"1", "true", "on"},
        co_handling=query.get("co_handling") in {"1", "true", "on"},
        q=query.get("q", "").strip()[:100],
    )
