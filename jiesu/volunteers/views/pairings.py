"""Pairings of volunteers with residents: the list and actions (visit, end)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from jiesu.accounts import access
from jiesu.core.errors import ValidationFailed
from jiesu.core.masking import mask_name
from jiesu.core.params import param_choice, param_flag, param_int
from jiesu.volunteers import services
from jiesu.volunteers.forms import VisitForm
from jiesu.volunteers.models import Pairing, PairingStatus
from jiesu.volunteers.selectors import pairing_list
from jiesu.volunteers.views._common import EXPORT_MAX_ROWS, _list_page, _visible, _xlsx
from jiesu.workorders.views._common import handles_domain_errors


# -- pairings -------------------------------------------------------------------------------------
@require_GET
@login_required
def pairing_list_view(request: HttpRequest) -> HttpResponse:
    _visible(request.user)
    filters = {
        "community": param_int(request.GET, "community"),
        "team": param_int(request.GET, "team"),
        "status": param_choice(request.GET, "status", PairingStatus),
        "rider": param_flag(request.GET, "rider"),
        "overdue": param_flag(request.GET, "overdue"),
    }
    rows = pairing_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        headers = [
            "困难群众",
            "社区",
            "类别",
            "志愿者",
            "队伍",
            "骑手",
            "结对日期",
            "最近走访",
            "下次走访截止",
            "状态",
        ]
        data = (
            [mask_name(p.resident.name), p.resident.community.name, p.resident.get_kind_display(), p.volunteer.name,
             p.volunteer.team.name, "是" if p.volunteer.rider_id else "", p.started_on, p.last_visit_on,
             p.next_visit_due, p.get_status_display()]
            for p in rows[:EXPORT_MAX_ROWS]
        )  # fmt: skip
        return _xlsx(headers, data, "pairings")
    context = {"filters": filters, "statuses": PairingStatus.choices, "today": timezone.localdate()}
    return _list_page(request, "volunteers/pairings.html", rows, context)


@require_POST
@login_required
@handles_domain_errors
def pairing_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    pairing = access.scope(request.user, Pairing).filter(pk=pk).first()
    if pairing is None:
        raise Http404("该结对不存在或不在您的权限范围内。")
    if action == "visit":
        form = VisitForm(request.POST)
        if not form.is_valid():
            raise ValidationFailed("请填写走访日期、时长和走访情况。")
        services.visit_record(actor=request.user, pairing_id=pk, **form.cleaned_data)
        messages.success(request, "已登记走访。")
    elif action == "end":
        services.pairing_end(actor=request.user, pairing_id=pk, note=request.POST.get("note", ""))
        messages.success(request, "已结束结对。")
    else:
        raise Http404("未知操作。")
    return redirect("volunteers_resident", pairing.resident_id)
