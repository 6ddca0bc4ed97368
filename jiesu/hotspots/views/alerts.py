"""Alert list, alert page, its actions (htmx) and the small panel the dashboard embeds."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from jiesu.accounts import access
from jiesu.hotspots import services
from jiesu.hotspots.forms import FORMS, LinkActionForm, NoteForm
from jiesu.hotspots.models import Alert, AlertStatus
from jiesu.hotspots.scan import hotspot_ensure_fresh, hotspot_last_scan, scan_interval
from jiesu.hotspots.selectors import alert_get, alert_list, alert_open_count, alert_orders, rising_with_alerts
from jiesu.workorders.views._common import handles_domain_errors

DETAIL = "hotspots/alert_detail.html"
DONE = {
    "acknowledge": "已确认预警，请安排处置。",
    "link_action": "已关联处置行动。",
    "close": "预警已关闭。",
}
RUNNERS = {
    "acknowledge": lambda pk, user, d: services.alert_acknowledge(alert_id=pk, actor=user, note=d["note"]),
    "link_action": lambda pk, user, d: services.alert_link_action(
        alert_id=pk, actor=user, action_text=d["action_text"], action_url=d["action_url"], note=d["note"]
    ),
    "close": lambda pk, user, d: services.alert_close(alert_id=pk, actor=user, note=d["note"]),
}


def _alert_or_404(user, pk: int) -> Alert:
    try:
        return alert_get(user=user, alert_id=pk)
    except Alert.DoesNotExist as missing:
        raise Http404("预警不存在或不在您的权限范围内。") from missing


@require_GET
@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    hotspot_ensure_fresh()
    status = request.GET.get("status", "")
    status = status if status in AlertStatus.values else ""
    page = Paginator(alert_list(user=request.user, status=status), 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "alerts": page.object_list,
        "status": status,
        "statuses": AlertStatus.choices,
        **scan_context(),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "hotspots/alert_list.html#results", context)
    context["rising"] = rising_with_alerts(user=request.user)
    return render(request, "hotspots/alert_list.html", context)


def scan_context() -> dict:
    """When the scan last ran and how often it runs, for the pages to say."""
    last = hotspot_last_scan()
    return {
        "last_scan": last,
        "last_scan_age": _age(timezone.now() - last) if last else "",
        "scan_minutes": int(scan_interval().total_seconds() // 60),
    }


def _age(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "刚刚"
    if minutes < 60:
        return f"{minutes} 分钟前"
    if minutes < 48 * 60:
        return f"{minutes // 60} 小时前"
    return f"{minutes // (24 * 60)} 天前"


def _detail_context(request: HttpRequest, alert: Alert, **forms) -> dict:
    return {
        "alert": alert,
        "orders": alert_orders(user=request.user, alert=alert),
        "events": alert.events.select_related("actor"),
        "can_act": access.can(request.user, "acknowledge", alert),
        "ack_form": forms.get("acknowledge") or NoteForm(),
        "link_form": forms.get("link_action") or LinkActionForm(initial={"action_text": alert.action_text}),
        "close_form": forms.get("close") or NoteForm(),
    }


@require_GET
@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert_or_404(request.user, pk)
    return render(request, DETAIL, _detail_context(request, alert))


@require_POST
@login_required
@handles_domain_errors
def alert_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in RUNNERS:
        raise Http404("没有这个操作。")
    alert = _alert_or_404(request.user, pk)
    form = FORMS[action](request.POST)
    if form.is_valid():
        alert = RUNNERS[action](alert.pk, request.user, form.cleaned_data)
        alert = _alert_or_404(request.user, pk)
        context = {**_detail_context(request, alert), "notice": DONE[action]}
    else:
        context = _detail_context(request, alert, **{action: form})
    template = f"{DETAIL}#alert" if request.htmx else DETAIL
    return render(request, template, context)


@require_GET
@login_required
def alerts_panel(request: HttpRequest) -> HttpResponse:
    """A small list of open alerts, for the dashboard to load with hx-get."""
    hotspot_ensure_fresh()
    context = {
        "alerts": alert_list(user=request.user, status=AlertStatus.OPEN)[:8],
        "open_count": alert_open_count(user=request.user),
        **scan_context(),
    }
    return render(request, "hotspots/alerts_panel.html", context)
