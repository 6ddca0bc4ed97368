"""The month's topic pick, meetings (plan, hold, decide, publish, cancel) and their pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jiesu.accounts import access
from jiesu.core.errors import DomainError, NotPermitted, ValidationFailed
from jiesu.core.params import param_month
from jiesu.deliberation import selectors, services
from jiesu.deliberation.forms import DecideForm, HoldForm, MeetingForm, PublishForm, ReasonForm
from jiesu.deliberation.models import Meeting, Topic
from jiesu.deliberation.pick import SUBMISSION_WEIGHT, keys_parse
from jiesu.deliberation.selectors import events_of, meeting_get, meeting_tasks
from jiesu.deliberation.states import MEETING, MeetingAction, TopicStatus
from jiesu.deliberation.views._common import acting, form_refused, or_404, orders_resolve
from jiesu.deliberation.views.programmes import _programme


@require_http_methods(["GET", "POST"])
@login_required
@acting
def topic_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the month's ranked candidates; POST: confirm the checked ones (titles as edited)."""
    programme = _programme(request, pk)
    query = request.POST if request.method == "POST" else request.GET
    month = param_month(query, "month") or timezone.localdate().replace(day=1)
    back = f"{reverse('deliberation_pick', args=[programme.pk])}?month={month:%Y-%m}"
    if request.method == "POST":
        access.ensure(request.user, "manage", programme)
        picks = []
        for key in request.POST.getlist("pick")[:10]:
            try:
                submission_ids, order_ids = keys_parse(key)
            except ValueError as bad:
                raise ValidationFailed("所选议题无效，请刷新后重试。") from bad
            picks.append(
                services.Pick(
                    title=request.POST.get(f"title-{key}", ""),
                    submission_ids=submission_ids,
                    order_ids=order_ids,
                    score=SUBMISSION_WEIGHT * len(submission_ids) + len(order_ids),
                )
            )
        created = services.topics_confirm(
            programme_id=programme.pk, month=month, picks=picks, actor=request.user
        )
        messages.success(request, f"已确定 {len(created)} 个议题。")
        return redirect(back)
    candidates = selectors.topic_candidates(programme=programme, month=month)
    context = {
        "programme": programme,
        "month": month,
        "candidates": candidates,
        "confirmed": selectors.topics_of_month(programme=programme, month=month),
        "may_manage": access.can(request.user, "manage", programme),
    }
    return render(request, "deliberation/pick.html", context)


@require_http_methods(["GET", "POST"])
@login_required
@acting
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    access.ensure(request.user, "manage", programme)
    topics = list(programme.topics.filter(status=TopicStatus.CONFIRMED).order_by("-month", "rank"))
    representatives = list(selectors.representatives_current(programme=programme))
    suggested = selectors.invitees_suggest(programme=programme, topics=topics)
    form = MeetingForm(
        request.POST or None,
        topics=topics,
        representatives=representatives,
        initial={"topics": [t.pk for t in topics], "invited": [r.pk for r in suggested], "place": ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = services.meeting_plan(
            programme_id=programme.pk,
            actor=request.user,
            held_at=data["held_at"],
            place=data["place"],
            topic_ids=data["topics"],
            representative_ids=data["invited"],
        )
        messages.success(request, "已安排会议。")
        return redirect("deliberation_meeting", pk=meeting.pk)
    context = {"programme": programme, "form": form, "suggested": {r.pk for r in suggested}}
    return render(request, "deliberation/meeting_new.html", context, status=400 if form.errors else 200)


def _meeting(request, pk: int) -> Meeting:
    return or_404(meeting_get, user=request.user, meeting_id=pk)


@require_GET
@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    topics = list(meeting.topics.all())
    may = {
        action: MEETING.is_allowed(action, meeting.status) and access.can(request.user, action, meeting)
        for action in MeetingAction.values
    }
    context = {
        "meeting": meeting,
        "programme": meeting.programme,
        "topics": topics,
        "invitations": list(meeting.invitations.all()),
        "tasks": meeting_tasks(meeting=meeting),
        "events": events_of(meeting=meeting),
        "may": may,
        "hold_form": HoldForm(invitations=meeting.invitations.all(), initial={"attended": []}),
        "decide_form": DecideForm(topics=topics),
        "publish_form": PublishForm(),
        "cancel_form": ReasonForm(),
        "today": timezone.localdate(),
    }
    return render(request, "deliberation/meeting.html", context)


@require_POST
@login_required
@acting(back="deliberation_meeting")
def meeting_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    meeting = _meeting(request, pk)
    back = reverse("deliberation_meeting", args=[meeting.pk])
    user = request.user
    if action == MeetingAction.HOLD:
        form = HoldForm(request.POST, invitations=meeting.invitations.all())
        if not form.is_valid():
            return form_refused(request, form, back)
        data = form.cleaned_data
        services.meeting_hold(
            meeting_id=meeting.pk,
            actor=user,
            attended_ids=data["attended"],
            minutes=data["minutes"],
            parties=services.Parties(
                residents_count=data["residents_count"] or 0,
                social_organisations=data["social_organisations"],
                social_workers=data["social_workers"],
                volunteers=data["volunteers"],
                charitable_resources=data["charitable_resources"],
            ),
        )
        messages.success(request, "已记录会议。")
    elif action == MeetingAction.DECIDE:
        form = DecideForm(request.POST, topics=list(meeting.topics.all()))
        if not form.is_valid():
            return form_refused(request, form, back)
        data = form.cleaned_data
        services.meeting_decide(
            meeting_id=meeting.pk,
            actor=user,
            decision=data["decision"],
            owner_unit=data["owner_unit"],
            deadline=data["deadline"],
            topic=Topic.objects.filter(pk=data["topic"], programme=meeting.programme).first()
            if data["topic"]
            else None,
            orders=orders_resolve(user=user, text=data["orders"]),
        )
        messages.success(request, "已添加议定事项，责任单位将在工作台看到。")
    elif action == MeetingAction.PUBLISH:
        form = PublishForm(request.POST)
        if not form.is_valid():
            return form_refused(request, form, back)
        services.meeting_publish(meeting_id=meeting.pk, actor=user, summary=form.cleaned_data["summary"])
        messages.success(request, "已在议事公开页公开。")
    elif action == MeetingAction.CANCEL:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            return form_refused(request, form, back)
        services.meeting_cancel(meeting_id=meeting.pk, actor=user, reason=form.cleaned_data["reason"])
        messages.success(request, "已取消会议。")
    else:
        raise ValidationFailed("未知的操作。")
    return redirect(back)


@require_POST
@login_required
@acting
def topic_drop(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a confirmed topic off the month's list (a reason required); its proposals stay with it."""
    topic = or_404(access.scope(request.user, Topic).select_related("programme").get, pk=pk)
    back = f"{reverse('deliberation_pick', args=[topic.programme_id])}?month={topic.month:%Y-%m}"
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return form_refused(request, form, back)
    try:
        services.topic_drop(topic_id=topic.pk, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        if isinstance(error, NotPermitted):
            raise
        messages.error(request, error.message)
        return redirect(back)
    messages.success(request, "已撤下议题。")
    return redirect(back)
