"""Helpers of the register views. A service's refusal becomes a clear Chinese error page with its
status (`handles_domain_errors`) and changes nothing; success goes back to the page with a notice."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from jiesu.core.errors import ValidationFailed

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def done(request: HttpRequest, notice: str, back: str) -> HttpResponse:
    messages.success(request, notice)
    return redirect(back)


def form_error(form) -> ValidationFailed:
    """The first error of an invalid form, as the services would say it."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return ValidationFailed(f"{label}：{errors[0]}" if label else errors[0])
    return ValidationFailed("提交的内容无效。")


def xlsx_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response
