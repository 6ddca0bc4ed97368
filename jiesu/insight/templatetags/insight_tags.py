"""The heat table's cells: ~2,000 of them on a street-wide year, rendered here in one pass
(a template loop with an {% if %} and {% widthratio %} per cell costs more than all the queries)."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def heat_cells(row: dict, peak: int) -> str:
    """<td>s shaded by count / peak (as {% widthratio count peak 60 %}e-2), linking non-empty cells."""
    return format_html_join("", "{}", ((_cell(cell, peak),) for cell in row["cells"]))


def _cell(cell: dict, peak: int) -> str:
    alpha = round(cell["count"] / peak * 60) if peak else 0
    if not cell["count"]:
        return format_html('<td style="background:rgba(192,57,43,{}e-2)"></td>', alpha)
    return format_html(
        '<td style="background:rgba(192,57,43,{}e-2)"><a href="{}">{}</a></td>',
        alpha,
        cell["link"],
        cell["count"],
    )


@register.filter
def pct(value) -> str:
    """A rate as every page shows it: two decimals and %, or — when there is nothing to divide."""
    return "—" if value is None else f"{value:.2f}%"


@register.filter
def score(value) -> str:
    """The composite score: two decimals (it is a weighted mean of percentages, without %)."""
    return "—" if value is None else f"{value:.2f}"
