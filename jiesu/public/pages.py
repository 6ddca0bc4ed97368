"""Helpers every public page uses (this app's and other apps' public pages): refusing in plain Chinese,
rate limits per request, the one-time receipt, the tracking session."""

import time

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiesu.public.forms import HONEYPOT_MESSAGE
from jiesu.public.ratelimit import RATE_LIMITED_MESSAGE, client_ip, rate_limited

RECEIPT_KEY = "jiesu_public_receipt"
TRACKING_KEY = "jiesu_public_tracking"
TRACKING_MINUTES = 30


def refuse(request: HttpRequest, message: str, status: int = 400, *, title: str = "无法完成") -> HttpResponse:
    return render(request, "public/message.html", {"title": title, "message": message}, status=status)


def honeypot_refusal(request: HttpRequest) -> HttpResponse:
    return refuse(request, HONEYPOT_MESSAGE, 400)


def limited(request: HttpRequest, *checks: tuple[str, str]) -> HttpResponse | None:
    """Count the attempt in every bucket given as (bucket, identity); a 429 page when one is over.
    The client's address is used when the identity is "ip"."""
    over = False
    for bucket, identity in checks:
        over = rate_limited(bucket, client_ip(request) if identity == "ip" else identity) or over
    return refuse(request, RATE_LIMITED_MESSAGE, 429, title="操作过于频繁") if over else None


def receipt_keep(request: HttpRequest, *, code: str, submission_id: int, kind: str = "qr") -> None:
    request.session[RECEIPT_KEY] = {"code": code, "submission": submission_id, "kind": kind}


def receipt_take(request: HttpRequest) -> dict | None:
    """The receipt of the submission just made, once: a reload shows no code."""
    return request.session.pop(RECEIPT_KEY, None)


def tracking_allow(request: HttpRequest, submission_id: int) -> None:
    request.session[TRACKING_KEY] = {"id": submission_id, "until": time.time() + TRACKING_MINUTES * 60}


def tracking_allowed(request: HttpRequest) -> int | None:
    """The submission this browser proved it may see (code + phone digits), for half an hour."""
    entry = request.session.get(TRACKING_KEY)
    if not entry or entry.get("until", 0) < time.time():
        return None
    return entry.get("id")
