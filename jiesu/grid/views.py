"""Staff pages of the grid: groups (4+1+N), matters and their tiered handling, the figures."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiesu.accounts import access
from jiesu.core.errors import ValidationFailed
from jiesu.core.params import param_choice, param_date, param_int, param_text
from jiesu.core.xlsx import write_xlsx
from jiesu.grid import services
from jiesu.grid.extensions import matters_section, zero_months_section
from jiesu.grid.forms import BuildingsForm, GroupForm, MatterForm, MemberForm, communities_for
from jiesu.grid.models import GridGroup, GridMatter, MatterStatus, Tier
from jiesu.grid.permissions import sees_any
from jiesu.grid.selectors import QUEUES, group_get, group_list, matter_get, matter_list
from jiesu.grid.states import MATTER, TIER_HANDLING
from jiesu.insight.sections import section_text_rows
from jiesu.insight.selectors.scope import insight_scope
from jiesu.workorders.views._common import handles_domain_errors

PAGE_SIZE = 50
EXPORT_MAX_ROWS = 20000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _visible(user) -> None:
    if not sees_any(user):
        raise Http404("页面不存在或不在您的权限范围内。")


# -- groups ---------------------------------------------------------------------------------------
@require_GET
@login_required
def group_list_view(request: HttpRequest) -> HttpResponse:
    _visible(request.user)
    community = param_int(request.GET, "community")
    groups = group_list(user=request.user, community=community)
    if request.GET.get("format") == "xlsx":
        headers = ["社区", "群组", "类型", "成员数", "责任楼栋数", "状态"]
        data = (
            [
                g.community.name,
                g.name,
                g.get_kind_display(),
                g.member_count,
                g.building_count,
                "启用" if g.is_active else "停用",
            ]
            for g in groups
        )
        response = HttpResponse(write_xlsx(headers=headers, rows=data), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="grid-groups-{timezone.localdate():%Y%m%d}.xlsx"'
        )
        return response
    context = {
        "groups": groups,
        "community": community,
        "communities": communities_for(request.user),
        "may_create": access.can(request.user, "create", GridGroup),
    }
    return render(request, "grid/groups.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def group_new(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "create", GridGroup):
        raise Http404("页面不存在或不在您的权限范围内。")
    form = GroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as error:
            form.add_error(None, error.message)
        else:
            return redirect("grid_group", group.pk)
    return render(
        request, "grid/form.html", {"form": form, "title": "建立网格群组"}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        group = group_get(user=request.user, group_id=pk)
    except GridGroup.DoesNotExist as missing:
        raise Http404("网格群组不存在或不在您的权限范围内。") from missing
    if request.method == "POST":
        what = param_choice(request.POST, "what", ("buildings", "member_add", "member_remove"))
        if what == "buildings":
            form = BuildingsForm(request.POST, group=group)
            if not form.is_valid():
                raise ValidationFailed("所选楼栋无效。")
            services.group_buildings_set(
                actor=request.user, group_id=pk, buildings=form.cleaned_data["buildings"]
            )
        elif what == "member_add":
            form = MemberForm(request.POST)
            if not form.is_valid():
                raise ValidationFailed("请填写成员姓名和群内角色。")
            services.member_add(actor=request.user, group_id=pk, **form.cleaned_data)
        else:
            member = group.members.filter(pk=param_int(request.POST, "member")).first()
            if member is None:
                raise Http404("该成员不存在。")
            services.member_remove(actor=request.user, member_id=member.pk)
        messages.success(request, "已保存。")
        return redirect("grid_group", pk)
    context = {
        "group": group,
        "members": group.members.filter(is_active=True).select_related("user"),
        "buildings": group.buildings.select_related("compound").order_by("compound_id", "id"),
        "may_change": access.can(request.user, "change", group),
        "buildings_form": BuildingsForm(group=group, initial={"buildings": group.buildings.all()}),
        "member_form": MemberForm(),
        "matters": matter_list(user=request.user, filters={"group": pk})[:20],
        "events": group.events.select_related("actor").order_by("-at", "-id")[:30],
    }
    return render(request, "grid/group.html", context)


# -- matters --------------------------------------------------------------------------------------
def _filters(query) -> dict:
    return {
        "community": param_int(query, "community"),
        "group": param_int(query, "group"),
        "tier": param_choice(query, "tier", Tier),
        "status": param_choice(query, "status", MatterStatus),
        "queue": param_choice(query, "queue", list(QUEUES)),
        "start": param_date(query, "start"),
        "end": param_date(query, "end"),
        "q": param_text(query, "q", max_length=50),
    }


@require_GET
@login_required
def matter_list_view(request: HttpRequest) -> HttpResponse:
    _visible(request.user)
    filters = _filters(request.GET)
    rows = matter_list(user=request.user, filters=filters)
    if request.GET.get("format") == "xlsx":
        headers = [
            "发现时间",
            "社区",
            "群组",
            "报告人",
            "层级",
            "事项",
            "状态",
            "解决/上报时间",
            "解决情况",
            "上报工单",
            "工单状态",
            "关联12345工单",
        ]
        data = (
            [m.reported_at, m.community.name, m.group.name, m.reporter.name, m.get_tier_display(), m.title,
             m.get_status_display(), m.settled_at or m.escalated_at, m.settled_note,
             m.order.number if m.order else "", m.order.get_status_display() if m.order else "",
             m.hotline_order.number if m.hotline_order else ""]
            for m in rows[:EXPORT_MAX_ROWS]
        )  # fmt: skip
        response = HttpResponse(write_xlsx(headers=headers, rows=data), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="grid-matters-{timezone.localdate():%Y%m%d}.xlsx"'
        )
        return response
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "communities": communities_for(request.user),
        "tiers": Tier.choices,
        "statuses": MatterStatus.choices,
        "queues": [(key, label) for key, (label, _) in QUEUES.items()],
        "may_record": access.can(request.user, "record", GridMatter),
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "grid/matters.html#results", context)
    return render(request, "grid/matters.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def matter_new(request: HttpRequest) -> HttpResponse:
    if not access.can(request.user, "record", GridMatter):
        raise Http404("页面不存在或不在您的权限范围内。")
    form = MatterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matter = services.matter_record(
                actor=request.user,
                reporter_id=data["reporter"].pk,
                tier=data["tier"],
                title=data["title"],
                description=data["description"],
                compound=data["compound"],
                building=form.building(),
                reported_at=data["reported_at"],
            )
        except ValidationFailed as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "已登记网格事项。")
            return redirect("grid_matter", matter.pk)
    return render(
        request, "grid/form.html", {"form": form, "title": "登记网格事项"}, status=400 if form.errors else 200
    )


def _matter_or_404(user, pk: int) -> GridMatter:
    try:
        return matter_get(user=user, matter_id=pk)
    except GridMatter.DoesNotExist as missing:
        raise Http404("网格事项不存在或不在您的权限范围内。") from missing


@require_GET
@login_required
def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _matter_or_404(request.user, pk)
    allowed = [a for a in MATTER.allowed(matter.status) if access.can(request.user, a, matter)]
    context = {
        "matter": matter,
        "handling": TIER_HANDLING[matter.tier] if TIER_HANDLING[matter.tier] in allowed else "",
        "allowed": allowed,
        "tiers": Tier.choices,
        "events": matter.events.select_related("actor").order_by("at", "id"),
        "may_see_order": matter.order is not None and access.can(request.user, "view", matter.order),
    }
    return render(request, "grid/matter.html", context)


@require_POST
@login_required
@handles_domain_errors
def matter_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    matter = _matter_or_404(request.user, pk)
    note = request.POST.get("note", "")
    version = param_int(request.POST, "version", minimum=0)
    common = {"actor": request.user, "matter_id": matter.pk, "expected_version": version}
    if action == "settle":
        services.matter_settle(note=note, **common)
    elif action in ("escalate_community", "escalate_street"):
        services.matter_escalate(note=note, **common)
    elif action == "retier":
        services.matter_retier(tier=param_choice(request.POST, "tier", Tier), note=note, **common)
    elif action == "withdraw":
        services.matter_withdraw(note=note, **common)
    elif action == "link_hotline":
        services.matter_link_hotline(
            actor=request.user,
            matter_id=matter.pk,
            number=param_text(request.POST, "number", max_length=40),
            note=note,
        )
    else:
        raise Http404("未知操作。")
    messages.success(request, "已处理。")
    return redirect("grid_matter", matter.pk)


# -- figures --------------------------------------------------------------------------------------
@require_GET
@login_required
def figures(request: HttpRequest) -> HttpResponse:
    _visible(request.user)
    today = timezone.localdate()
    start = param_date(request.GET, "start") or date(today.year, 1, 1)
    end = param_date(request.GET, "end") or today
    if end < start:
        start, end = end, start
    scope = insight_scope(user=request.user, community=param_int(request.GET, "community"))
    sections = [
        s
        for s in (
            matters_section(scope=scope, start=start, end=end),
            zero_months_section(scope=scope, start=start, end=end),
        )
        if s
    ]
    tables = [{"section": s, "rows": section_text_rows(s)} for s in sections]
    return render(request, "grid/figures.html", {"tables": tables, "start": start, "end": end})
