"""小哥说事 for staff: the reports in the user's scope, their verdicts, Excel; the monthly ranking."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from jiesu.accounts import access
from jiesu.core.xlsx import write_xlsx
from jiesu.riders.forms import month_parse
from jiesu.riders.models import RiderReport
from jiesu.riders.selectors import CONFIRMED, ranking, report_list, rider_shown_name
from jiesu.riders.services import rider_report_judge
from jiesu.riders.views._common import EXPORT_MAX_ROWS, handles_domain_errors, paged, xlsx_response

STATES = (("", "全部"), ("awaiting", "待确认"), ("confirmed", "已确认（计分）"), ("invalid", "无效"))


def _rows(reports):
    confirmed = set(reports.filter(CONFIRMED).values_list("pk", flat=True)[:EXPORT_MAX_ROWS])
    for report in reports[:EXPORT_MAX_ROWS]:
        order = report.order
        yield [
            report.created_at,
            order.number,
            order.title,
            order.community.name if order.community else "",
            report.place_text,
            rider_shown_name(report.rider) if report.rider else "未办卡骑手",
            order.get_status_display(),
            report.get_verdict_display(),
            "是" if report.pk in confirmed else "否",
        ]


@require_GET
@login_required
def reports(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "export", RiderReport):
        raise Http404("页面不存在。")
    month = month_parse(request.GET.get("month"))
    filters = {"state": request.GET.get("state", ""), "month": month}
    rows = report_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        headers = ["上报时间", "工单编号", "标题", "社区", "位置", "骑手", "工单状态", "判定", "计分"]
        content = write_xlsx(headers=headers, rows=_rows(rows), sheet_title="小哥说事")
        return xlsx_response(content, f"rider-reports-{timezone.localdate():%Y%m%d}.xlsx")
    page = paged(request, rows)
    confirmed = set(
        rows.filter(CONFIRMED, pk__in=[r.pk for r in page.object_list]).values_list("pk", flat=True)
    )
    context = {
        "page": page,
        "confirmed": confirmed,
        "states": STATES,
        "state": filters["state"],
        "month": request.GET.get("month", ""),
        "can_judge": access.can(request.user, "confirm", RiderReport),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "riders/reports.html#results", context)
    return render(request, "riders/reports.html", context)


@require_POST
@login_required
@handles_domain_errors
def report_judge(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = access.scope(request.user, RiderReport).filter(pk=pk).first()
    if report is None:
        raise Http404("记录不存在或不在您的权限范围内。")
    rider_report_judge(
        report_id=report.pk, action=action, actor=request.user, note=request.POST.get("note", "")[:200]
    )
    messages.success(request, "已确认有效，计入骑手积分。" if action == "confirm" else "已判定无效。")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("riders_reports")


@require_GET
@login_required
def ranking_staff(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "export", RiderReport):
        raise Http404("页面不存在。")
    today = timezone.localdate()
    month = month_parse(request.GET.get("month")) or date(today.year, today.month, 1)
    return render(request, "riders/ranking.html", {"rows": ranking(month=month, limit=50), "month": month})
