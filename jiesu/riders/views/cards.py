"""Station staff verify a card and record the benefit; the centre sees riders and replaces cards."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiesu.accounts import access
from jiesu.core.errors import DomainError
from jiesu.core.masking import mask_phone
from jiesu.core.params import param_int
from jiesu.core.xlsx import write_xlsx
from jiesu.public.codes import code_display, code_normalise
from jiesu.public.links import absolute
from jiesu.public.qr import qr_svg
from jiesu.riders.forms import MonthForm, VerifyForm
from jiesu.riders.models import BenefitUse, CardStatus, Platform, RestStation, Rider, StationStatus
from jiesu.riders.selectors import benefit_list, rider_list, rider_shown_name, usage_by_station_month
from jiesu.riders.services import benefit_record, rider_card_replace, rider_card_revoke
from jiesu.riders.services.cards import rider_by_card
from jiesu.riders.views._common import EXPORT_MAX_ROWS, handles_domain_errors, paged, xlsx_response


def _my_stations(user):
    """The open stations where the user verifies cards (their own, as station staff)."""
    stations = access.scope(user, RestStation).filter(status=StationStatus.OPEN).order_by("id")
    return stations.filter(pk__in=[station.pk for station in stations if access.can(user, "verify", station)])


@require_http_methods(["GET", "POST"])
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Scanning a card's QR code opens this page with the card filled in; the staff records the benefit."""
    stations = _my_stations(request.user)
    if not stations.exists():
        raise Http404("您不是任何驿站的工作人员。")
    card = request.POST.get("card") or request.GET.get("card", "")
    rider = rider_by_card(card) if card else None
    form = VerifyForm(
        request.POST or None,
        initial={"card": code_display(code_normalise(card)) if rider else card},
        stations=stations,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            use = benefit_record(
                station_id=form.cleaned_data["station"].pk,
                card_code=form.cleaned_data["card"],
                benefit=form.cleaned_data["benefit"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
            messages.success(request, f"已登记：{use.benefit}（{rider_shown_name(use.rider)}）。")
            return redirect("riders_verify")
        except DomainError as error:
            form.add_error(None, error.message)
            status = error.status_code
    elif request.method == "POST":
        status = 400
    month_start = timezone.localdate().replace(day=1)
    context = {
        "form": form,
        "rider": rider,
        "rider_name": rider_shown_name(rider) if rider else "",
        "rider_phone": mask_phone(rider.phone) if rider else "",
        "card_given": bool(card),
        "card_ok": rider is not None and rider.card_status == CardStatus.ACTIVE,
        "month_uses": BenefitUse.objects.filter(rider=rider, used_at__date__gte=month_start).count()
        if rider
        else 0,
        "today": benefit_list(user=request.user, filters={"date_from": timezone.localdate()})[:20],
    }
    return render(request, "riders/verify.html", context, status=status)


def _benefit_rows(uses):
    for use in uses[:EXPORT_MAX_ROWS]:
        yield [
            use.used_at,
            use.station.name,
            use.benefit,
            rider_shown_name(use.rider),
            use.rider.get_platform_display(),
            mask_phone(use.rider.phone),
            str(use.recorded_by),
            use.note,
        ]


@require_GET
@login_required
def benefits(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "export", BenefitUse):
        raise Http404("页面不存在。")
    form = MonthForm(request.GET or None)
    filters = {"month": form.cleaned_data["month"]} if form.is_valid() else {}
    station = param_int(request.GET, "station")
    if station:
        filters["station"] = station
    uses = benefit_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        headers = ["使用时间", "驿站", "权益", "骑手", "平台", "电话", "核验人", "备注"]
        content = write_xlsx(headers=headers, rows=_benefit_rows(uses), sheet_title="暖心卡使用")
        return xlsx_response(content, f"benefits-{timezone.localdate():%Y%m%d}.xlsx")
    context = {
        "form": form,
        "page": paged(request, uses),
        "usage": usage_by_station_month(uses=uses)[:60],
        "stations": access.scope(request.user, RestStation).order_by("id"),
        "station": filters.get("station"),
    }
    return render(request, "riders/benefits.html", context)


@require_GET
@login_required
def riders(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "view", Rider):
        raise Http404("页面不存在。")
    filters = {
        "platform": request.GET.get("platform", ""),
        "card_status": request.GET.get("card_status", ""),
        "phone_tail": request.GET.get("phone_tail", "")[:4]
        if request.GET.get("phone_tail", "").isdigit()
        else "",
    }
    rows = rider_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        headers = ["办卡时间", "骑手", "平台", "电话", "卡状态", "权益使用次数", "小哥说事件数"]
        data = (
            [
                r.registered_at,
                rider_shown_name(r),
                r.get_platform_display(),
                mask_phone(r.phone),
                r.get_card_status_display(),
                r.use_count,
                r.report_count,
            ]
            for r in rows[:EXPORT_MAX_ROWS]
        )
        return xlsx_response(
            write_xlsx(headers=headers, rows=data, sheet_title="骑手"),
            f"riders-{timezone.localdate():%Y%m%d}.xlsx",
        )
    context = {
        "page": paged(request, rows),
        "filters": filters,
        "platforms": Platform.choices,
        "statuses": CardStatus.choices,
        "can_replace": access.can(request.user, "replace", Rider),
    }
    return render(request, "riders/riders.html", context)


@require_POST
@login_required
@handles_domain_errors
def rider_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    rider = access.scope(request.user, Rider).filter(pk=pk).first()
    if rider is None:
        raise Http404("骑手不存在或不在您的权限范围内。")
    note = request.POST.get("note", "")[:200]
    if action == "revoke":
        rider_card_revoke(rider_id=rider.pk, actor=request.user, note=note)
        messages.success(request, "已停用该暖心卡。")
        return redirect("riders_riders")
    if action != "replace":
        raise Http404("未知的操作。")
    card = rider_card_replace(rider_id=rider.pk, actor=request.user, note=note)
    card_url = absolute(request, reverse("riders_public_card", args=[card.code]))
    context = {
        "rider": rider,
        "name": rider_shown_name(rider),
        "qr": qr_svg(card_url, scale=5),
        "card_url": card_url,
    }
    response = render(request, "riders/card_replaced.html", context)
    response["Cache-Control"] = "no-store"
    return response
