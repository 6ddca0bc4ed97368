"""Small helpers for the evaluation pages: the tabs a user may open, rates and signed changes."""

from django import template
from django.urls import reverse

from jiesu.accounts import access
from jiesu.evaluation.models import LedgerItem
from jiesu.evaluation.permissions import may_see_scorecards

register = template.Library()


@register.simple_tag
def evaluation_tabs(user) -> list[tuple[str, str, str]]:
    tabs = []
    if may_see_scorecards(user):
        tabs.append(("rounds", "考评轮次", reverse("evaluation:rounds")))
    if access.can(user, "export", LedgerItem):
        tabs.append(("ledger", "问题台账", reverse("evaluation:ledger")))
    if may_see_scorecards(user):
        tabs.append(("ranking", "排名与记分卡", reverse("evaluation:ranking")))
    return tabs


@register.filter
def pct(value) -> str:
    """A percentage with two decimals (insight's rates), or — when there is nothing to divide."""
    return "—" if value is None else f"{value:.2f}%"


@register.filter
def signed(value) -> str:
    if value is None:
        return "—"
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{abs(value)}"
    return "±0"


@register.filter
def dash(value) -> str:
    return "—" if value is None or value == "" else str(value)


@register.filter
def bar_height(value, top) -> int:
    """A bar's height in percent of `top` (at least 2, so a low score still shows)."""
    try:
        return max(2, round(float(value) * 100 / float(top or 100)))
    except (TypeError, ValueError, ZeroDivisionError):
        return 2


@register.filter
def quarter(day) -> str:
    """2024-04-01 → 24Q2: a short label for a round's bar."""
    return f"{day:%y}Q{(day.month - 1) // 3 + 1}" if day else ""
