"""Helpers shared by the work-order views: scope lookups and turning DomainError into a message."""

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from jiesu.core.errors import DomainError
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.selectors import workorder_get


def order_or_404(*, user, pk: int) -> WorkOrder:
    """The order if `user` may see it; an order outside the scope does not exist for them."""
    try:
        return workorder_get(user=user, order_id=pk)
    except WorkOrder.DoesNotExist as missing:
        raise Http404("工单不存在或不在您的权限范围内。") from missing


def error_response(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """A refused request: the message in the page's notice area (htmx, status 200 so it swaps)
    or on an error page with the real status code."""
    if request.htmx:
        response = render(request, "error.html#notice", {"message": message})
        response["HX-Retarget"] = "#notices"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "error.html", {"message": message, "status": status}, status=status)


def handles_domain_errors(view: Callable) -> Callable:
    """Any DomainError a view lets through becomes a clear message, never a 500."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as error:
            return error_response(request, error.message, error.status_code)

    return wrapper
