"""Helpers of the staff views: objects outside the scope do not exist; a refused step is a message."""

import re
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from jiesu.accounts import access
from jiesu.core.errors import DomainError, NotPermitted, ValidationFailed
from jiesu.core.xlsx import write_xlsx
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.views._common import handles_domain_errors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 30


def or_404(getter: Callable, **kwargs):
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist as missing:
        raise Http404("不存在或不在您的权限范围内。") from missing


def acting(view: Callable | None = None, *, back: str = "") -> Callable:
    """A view that calls a service: a refusal other than a missing right becomes a message on the
    page `back` names (reversed with the view's `pk`; by default the same URL, which must answer
    GET) and nothing changed; a missing right is a 403 page."""

    def decorate(view: Callable) -> Callable:
        @handles_domain_errors
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except NotPermitted:
                raise
            except DomainError as error:
                messages.error(request, error.message)
                target = reverse(back, args=[kwargs["pk"]]) if back else request.get_full_path()
                return redirect(target)

        return wrapper

    return decorate(view) if view is not None else decorate


def form_refused(request: HttpRequest, form, back: str) -> HttpResponse:
    errors = [
        f"{form.fields[name].label if name in form.fields else ''}：{' '.join(errs)}".lstrip("：")
        for name, errs in form.errors.items()
    ]
    messages.error(request, "；".join(errors) or "输入有误。")
    return redirect(back)


def orders_resolve(*, user, text: str) -> list[WorkOrder]:
    """Order numbers typed by a person, as the orders they may see (DomainError for unknown ones)."""
    numbers = [n for n in re.split(r"[\s,，、;；]+", text or "") if n][:50]
    if not numbers:
        return []
    orders = list(access.scope(user, WorkOrder).filter(number__in=numbers))
    missing = sorted(set(numbers) - {o.number for o in orders})
    if missing:
        raise ValidationFailed(f"未找到工单或无权查看：{'、'.join(missing[:5])}")
    return orders


def xlsx_response(*, headers: list[str], rows, name: str, sheet: str) -> HttpResponse:
    response = HttpResponse(write_xlsx(headers=headers, rows=rows, sheet_title=sheet), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response
