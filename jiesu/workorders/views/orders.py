"""The order list and the order page (read-only views, plus showing a citizen's contact)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from jiesu.accounts.services import pii_access_record
from jiesu.core.paging import KeysFirstPaginator
from jiesu.workorders.filters import filters_from_query
from jiesu.workorders.forms import OrderFilterForm
from jiesu.workorders.hooks import order_filters_apply
from jiesu.workorders.selectors import workorder_list, workorder_list_counts_with_keys, workorder_listed
from jiesu.workorders.views._common import handles_domain_errors, order_or_404
from jiesu.workorders.views._detail import TEMPLATE as DETAIL_TEMPLATE
from jiesu.workorders.views._detail import render_order

PAGE_SIZE = 50


@require_GET
@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    orders = workorder_list(user=request.user, filters=filters_from_query(request.GET))
    orders = order_filters_apply(orders, user=request.user, query=request.GET)
    page = KeysFirstPaginator(
        orders,
        PAGE_SIZE,
        rows=lambda ids: workorder_listed(ids=ids),  # the columns the table draws, no model instances
        count_with_keys=workorder_list_counts_with_keys(user=request.user),
    ).get_page(request.GET.get("page"))
    context = {"page": page, "orders": page.object_list}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "workorders/order_list.html#results", context)
    context["form"] = OrderFilterForm(request.GET or None)
    return render(request, "workorders/order_list.html", context)


@require_GET
@login_required
@handles_domain_errors
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_order(request, order_or_404(user=request.user, pk=pk))


@require_POST
@login_required
@handles_domain_errors
def order_unmask(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the citizen's name and phone in clear, and record who looked."""
    order = order_or_404(user=request.user, pk=pk)
    pii_access_record(user=request.user, order=order, reason="工单页面查看", request=request)
    if request.htmx:
        return render(request, f"{DETAIL_TEMPLATE}#citizen", {"order": order, "unmasked": True})
    return render_order(request, order, unmasked=True)
