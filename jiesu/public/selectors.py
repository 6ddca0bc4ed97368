"""Reads of the public pages: finding a submission by its code, and what its sender may see."""

import hmac
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from jiesu.accounts import access
from jiesu.public.codes import code_hash, code_normalise
from jiesu.public.models import Submission
from jiesu.workorders.states import Status

# the status in plain words, as a resident reads it
PLAIN_STATUS = {
    Status.NEW: ("已受理", "您的诉求已收到，工作人员正在分派给承办单位。"),
    Status.RETURNED: ("已受理", "您的诉求已收到，工作人员正在重新分派承办单位。"),
    Status.DISPATCHED: ("已分派", "已交给承办单位，等待对方接单。"),
    Status.ACCEPTED: ("办理中", "承办单位正在办理。"),
    Status.RESOLVED: ("已办结", "承办单位已办结，请您对办理结果进行评价。"),
    Status.VISITED: ("已办结", "已办结并完成回访，感谢您的反馈。"),
    Status.CLOSED: ("已办结", "已办结，感谢您的反馈。"),
    Status.MERGED: ("合并办理", "与其他居民反映的同一问题合并办理，进度以合并后的诉求为准。"),
}


@dataclass(frozen=True)
class Step:
    label: str
    at: datetime | None


@dataclass(frozen=True)
class Tracking:
    """What the sender sees: no staff names, no internal notes, nothing of other residents."""

    submission_id: int
    number: str
    title: str
    place: str
    received_at: datetime
    status_word: str
    status_text: str
    resolve_due: datetime | None
    reply: str  # the unit's result, once resolved
    steps: list[Step]
    can_rate: bool
    rated: bool
    satisfaction: str


def submission_find(*, code: str, last4: str) -> Submission | None:
    """The submission with this code whose phone ends in `last4`; None for any mismatch alike."""
    normal = code_normalise(code)
    digest = code_hash(normal) if normal else code_hash("-")  # the same work for malformed codes
    submission = Submission.objects.select_related("order").filter(code_hash=digest).first()
    expected = submission.phone_last4 if submission else "----"
    matches = hmac.compare_digest(expected.encode(), (last4 or "").encode())
    return submission if submission is not None and matches and normal else None


def submission_tracking(*, submission_id: int) -> Tracking:
    submission = Submission.objects.select_related("order", "order__master").get(pk=submission_id)
    order = submission.order
    shown = order.master if order.status == Status.MERGED and order.master_id else order
    word, text = PLAIN_STATUS[Status(order.status)]
    if order.status == Status.MERGED:
        text = f"{text}（目前：{PLAIN_STATUS[Status(shown.status)][0]}）"
    resolved = shown.status in (Status.RESOLVED, Status.VISITED, Status.CLOSED)
    steps = [
        Step("提交", order.received_at),
        Step("分派承办单位", shown.dispatched_at),
        Step("承办单位接单", shown.accepted_at),
        Step("办结", shown.resolved_at if resolved else None),
    ]
    return Tracking(
        submission_id=submission.pk,
        number=order.number,
        title=order.title,
        place=submission.place_label or order.address_text,
        received_at=order.received_at,
        status_word=word,
        status_text=text,
        resolve_due=shown.resolve_due,
        reply=shown.result if resolved else "",
        steps=steps,
        can_rate=order.status == Status.RESOLVED and submission.rated_at is None,
        rated=submission.rated_at is not None,
        satisfaction=order.get_visit_satisfaction_display() if submission.rated_at else "",
    )


def submission_list(*, user, filters: dict | None = None) -> QuerySet:
    """Public submissions whose orders the user may see, newest first, with the list's filters."""
    filters = filters or {}
    rows = access.scope(user, Submission).select_related("order", "order__community", "everyday")
    if filters.get("channel"):
        rows = rows.filter(order__channel=filters["channel"])
    if filters.get("community"):
        rows = rows.filter(order__community_id=filters["community"])
    if filters.get("status"):
        rows = rows.filter(order__status=filters["status"])
    if filters.get("rated") == "yes":
        rows = rows.filter(rated_at__isnull=False)
    elif filters.get("rated") == "no":
        rows = rows.filter(rated_at__isnull=True)
    if filters.get("date_from"):
        rows = rows.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        rows = rows.filter(created_at__date__lte=filters["date_to"])
    return rows.order_by("-created_at", "-id")
