"""The volunteer service's overview: hours per team over a period."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from jiesu.accounts import access
from jiesu.core.params import param_date
from jiesu.volunteers.models import ServiceRecord, Volunteer
from jiesu.volunteers.selectors import team_hours
from jiesu.volunteers.views._common import _visible


# -- overview -------------------------------------------------------------------------------------
@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    _visible(request.user)
    start, end = param_date(request.GET, "start"), param_date(request.GET, "end")
    today = timezone.localdate()
    start = start or today.replace(month=1, day=1)
    end = end or today
    teams = team_hours(user=request.user, start=start, end=end)
    context = {
        "teams": teams,
        "start": start,
        "end": end,
        "total_hours": sum(t.hours for t in teams),
        "may_add": access.can(request.user, "create", Volunteer),
        "may_record": access.can(request.user, "create", ServiceRecord),
    }
    return render(request, "volunteers/home.html", context)
