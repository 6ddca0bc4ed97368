"""Figures other apps add to the dashboard and the monthly report (`core.extensions.report_sections`).

A provider is called as `provider(scope=scope, start=date, end=date)` where `scope` is the
viewer's `insight.selectors.scope.Scope` (street_wide, unit_ids, community_id, and the picker's
pick_community / pick_unit). It returns a `ReportSection` (a titled table) or None.
"""

from datetime import date

from jiesu.core.extensions import ReportSection, report_sections


def sections_for(*, scope, start: date, end: date) -> list[ReportSection]:
    found = []
    for provider in report_sections.items():
        section = provider(scope=scope, start=start, end=end)
        if section is not None:
            found.append(section)
    return found


def section_cell(section: ReportSection, index: int, value) -> str:
    """A cell as text (shares as percentages with two decimals like every rate, empty as —)."""
    if value is None or value == "":
        return "—"
    if index in section.percent_columns and isinstance(value, int | float):
        return f"{value * 100:.2f}%"
    return str(value)


def section_text_rows(section: ReportSection) -> list[list[str]]:
    return [[section_cell(section, i, value) for i, value in enumerate(row)] for row in section.rows]
