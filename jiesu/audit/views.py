from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiesu.accounts import access
from jiesu.audit.forms import AuditFilterForm
from jiesu.audit.models import AuditLog
from jiesu.audit.selectors import audit_log_list

PAGE_SIZE = 50


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log for the auditor: filters by kind, user, address and dates; 50 rows a page."""
    if not access.can(request.user, "view", AuditLog):
        raise PermissionDenied("只有安全审计员可以查看审计日志。")
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = audit_log_list(user=request.user, **filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    status = 200 if form.is_bound is False or form.is_valid() else 400
    if request.headers.get("HX-Request") == "true":
        return render(request, "audit/log.html#results", context, status=status)
    return render(request, "audit/log.html", context, status=status)
