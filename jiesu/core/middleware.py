"""Turning a DomainError that no view caught into its 4xx page with the message, never a 500.

Views that act decorate themselves with `handles_domain_errors`; this catches the rest, chiefly
`core.params.BadParameter` from the shared query parsers (list filters, periods, ids), so a bad
parameter anywhere answers 400 with a clear message."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiesu.core.errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        if getattr(request, "htmx", False):
            response = render(request, "error.html#notice", {"message": exception.message})
            response["HX-Retarget"] = "#notices"
            response["HX-Reswap"] = "innerHTML"
            return response
        context = {"message": exception.message, "status": exception.status_code}
        return render(request, "error.html", context, status=exception.status_code)
