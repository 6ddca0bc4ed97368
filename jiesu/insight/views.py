"""数据: the dashboard (full page or an htmx partial) and the monthly report download."""

import json

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiesu.insight.forms import PeriodForm
from jiesu.insight.report.build import REPORT_FORMATS, report_render
from jiesu.insight.sections import section_text_rows, sections_for
from jiesu.insight.selectors import dashboard_data, insight_scope
from jiesu.insight.selectors.names import picker_choices, scope_label
from jiesu.insight.selectors.scope import Period


@require_GET
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    period = form.period()
    picks = form.cleaned_data if form.is_valid() else {}
    scope = insight_scope(user=request.user, community=picks.get("community"), unit=picks.get("unit"))
    data = dashboard_data(scope=scope, period=period)
    charts = {
        "trend": [{"label": m["label"], "count": m["count"], "last": m["last_year"]} for m in data["trend"]],
        "category": [{"name": r["label"], "value": r["count"]} for r in data["shares"]["category"]],
        "channel": [{"name": r["label"], "value": r["count"]} for r in data["shares"]["channel"]],
    }
    context = {
        **data,
        "form": form,
        "choices": picker_choices(user=request.user),
        "picked": picks,
        "scope": scope,
        "charts_json": json.dumps(charts, cls=DjangoJSONEncoder, ensure_ascii=False),
        "scope_label": scope_label(scope=scope),
        "report_month": period.end.strftime("%Y-%m"),
        "report_picks": "".join(f"&{key}={picks[key]}" for key in ("community", "unit") if picks.get(key)),
        "query": request.GET.urlencode(),
        "sections": [
            {"section": section, "rows": section_text_rows(section)}
            for section in sections_for(scope=scope, start=period.start, end=period.end)
        ],
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "insight/dashboard.html#figures", context)
    return render(request, "insight/dashboard.html", context)


@require_GET
@login_required
def report_download(request: HttpRequest) -> HttpResponse:
    form = PeriodForm({"start": request.GET.get("month"), "end": request.GET.get("month"), **_picks(request)})
    period = form.period()
    picks = form.cleaned_data if form.is_valid() else {}
    scope = insight_scope(user=request.user, community=picks.get("community"), unit=picks.get("unit"))
    fmt = request.GET.get("format", "xlsx")
    if fmt not in REPORT_FORMATS:
        fmt = "xlsx"
    content, content_type = report_render(scope=scope, month=Period.month(period.start).start, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    filename = f"12345-analysis-{period.start:%Y-%m}.{fmt}"
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _picks(request: HttpRequest) -> dict:
    return {key: request.GET.get(key) for key in ("community", "unit") if request.GET.get(key)}
