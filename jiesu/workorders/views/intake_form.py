"""登记: the dispatcher registers a phone call or a walk-in by hand."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from jiesu.accounts import access
from jiesu.core.errors import DomainError
from jiesu.core.params import param_int
from jiesu.places.models import Building
from jiesu.workorders import services
from jiesu.workorders.forms import OrderIntakeForm, building_label
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.views._common import handles_domain_errors

TEMPLATE = "workorders/order_new.html"


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def order_new(request: HttpRequest) -> HttpResponse:
    access.ensure(request.user, "create", WorkOrder, "只有派单员可以登记工单。")
    form = OrderIntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.workorder_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已登记工单 {order.number}。")
            return redirect("order_detail", pk=order.pk)
    status = 400 if form.is_bound else 200
    return render(request, TEMPLATE, {"form": form}, status=status)


@require_GET
@login_required
def order_buildings(request: HttpRequest) -> HttpResponse:
    """The building options of one compound (the select reloads when a compound is picked)."""
    compound = param_int(request.GET, "compound")  # BadParameter (400) beyond 64 bits or not a number
    buildings = Building.objects.filter(compound_id=compound) if compound else []
    options = [(building.pk, building_label(building)) for building in buildings]
    return render(request, f"{TEMPLATE}#building_options", {"options": options})
