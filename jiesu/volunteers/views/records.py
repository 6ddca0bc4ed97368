"""Service records: the list (and its export) and recording a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from jiesu.accounts import access
from jiesu.core.errors import ValidationFailed
from jiesu.core.params import param_choice, param_date, param_int, param_text
from jiesu.volunteers import services
from jiesu.volunteers.forms import RecordForm
from jiesu.volunteers.models import ServiceMode, ServiceNature, ServiceRecord
from jiesu.volunteers.selectors import record_list
from jiesu.volunteers.views._common import EXPORT_MAX_ROWS, _list_page, _visible, _xlsx
from jiesu.workorders.views._common import handles_domain_errors


# -- service records ------------------------------------------------------------------------------
@require_GET
@login_required
def record_list_view(request: HttpRequest) -> HttpResponse:
    _visible(request.user)
    filters = {
        "team": param_int(request.GET, "team"),
        "community": param_int(request.GET, "community"),
        "volunteer": param_int(request.GET, "volunteer"),
        "mode": param_choice(request.GET, "mode", ServiceMode),
        "nature": param_choice(request.GET, "nature", ServiceNature),
        "start": param_date(request.GET, "start"),
        "end": param_date(request.GET, "end"),
        "q": param_text(request.GET, "q", max_length=50),
    }
    rows = record_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        headers = ["服务日期", "志愿者", "队伍", "社区", "方式", "类型", "服务内容", "服务对象", "时长(小时)"]
        data = (
            [r.served_on, r.volunteer.name, r.team.name, r.community.name, r.get_mode_display(), r.get_nature_display(),
             r.content, r.whom, float(r.hours)]
            for r in rows[:EXPORT_MAX_ROWS]
        )  # fmt: skip
        return _xlsx(headers, data, "volunteer-records")
    context = {
        "filters": filters,
        "modes": ServiceMode.choices,
        "natures": ServiceNature.choices,
        "may_record": access.can(request.user, "create", ServiceRecord),
    }
    return _list_page(request, "volunteers/records.html", rows, context)


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def record_new(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "create", ServiceRecord):
        raise Http404("页面不存在或不在您的权限范围内。")
    form = RecordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.service_record(
                actor=request.user,
                volunteer_id=data["volunteer"].pk,
                served_on=data["served_on"],
                hours=data["hours"],
                mode=data["mode"],
                nature=data["nature"],
                content=data["content"],
                whom=data["whom"],
            )
        except ValidationFailed as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "已登记服务记录。")
            return redirect("volunteers_records")
    return render(
        request,
        "volunteers/form.html",
        {"form": form, "title": "登记志愿服务"},
        status=400 if form.errors else 200,
    )
