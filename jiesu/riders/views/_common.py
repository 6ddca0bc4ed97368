"""Shared bits of the riders' staff views: refusing with a message, Excel responses, pages."""

from collections.abc import Callable
from functools import wraps

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiesu.core.errors import DomainError

PAGE_SIZE = 50
EXPORT_MAX_ROWS = 20000


def paged(request: HttpRequest, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def handles_domain_errors(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as error:
            return render(
                request,
                "error.html",
                {"message": error.message, "status": error.status_code},
                status=error.status_code,
            )

    return wrapper
