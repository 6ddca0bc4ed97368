"""The monthly 12345 analysis report: one set of figures, three formats (xlsx, html, pdf)."""

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from jiesu.insight.sections import section_text_rows, sections_for
from jiesu.insight.selectors.dashboard import dashboard_data
from jiesu.insight.selectors.figures import share, volume
from jiesu.insight.selectors.names import scope_label
from jiesu.insight.selectors.scope import Period, Scope, _add_months

REPORT_FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def report_data(*, scope: Scope, month: date) -> dict:
    """Figures of one month, with the twelve months up to it for the trend and the heat table.

    A month still running counts up to today, and so do its comparisons (环比 with as many days
    before, 同比 with the same days a year earlier), so a half month is never set against a whole
    one. The title names the scope: the picked community or unit, or the viewer's own.
    """
    today = timezone.localdate()
    period = Period.month(month).up_to(today)
    year = Period(_add_months(month, -11), period.end)
    data = dashboard_data(scope=scope, period=period)
    year_data = dashboard_data(scope=scope, period=year, sections={"trend", "heat"})
    ytd = Period(date(month.year, 1, 1), period.end)
    label = scope_label(scope=scope)
    running = "" if period.month_aligned else f"（截至{period.end.month}月{period.end.day}日）"
    return {
        **data,
        "scope_label": label,
        "title": f"{label} {month.year}年{month.month}月{running} 12345 接诉即办数据分析",
        "month": month,
        "month_running": bool(running),
        "trend": year_data["trend"],
        "heat": year_data["heat"],
        "ytd": volume(scope=scope, period=ytd),
        "ytd_period": ytd,
        "top_problems": share(scope=scope, period=period, dim="category", level=3, limit=10),
        "generated_at": timezone.localtime(),
        "sections": [
            {"section": section, "rows": section_text_rows(section)}
            for section in sections_for(scope=scope, start=period.start, end=period.end)
        ],
    }


def report_render(*, scope: Scope, month: date, fmt: str) -> tuple[bytes, str]:
    data = report_data(scope=scope, month=month)
    if fmt == "xlsx":
        from jiesu.insight.report.xlsx import report_xlsx

        return report_xlsx(data), REPORT_FORMATS[fmt]
    if fmt == "pdf":
        from jiesu.insight.report.pdf import report_pdf

        return report_pdf(data), REPORT_FORMATS[fmt]
    return render_to_string("insight/report.html", data).encode(), REPORT_FORMATS["html"]
