"""提出项目: the proposal form (prefilled from a suggestion); one service call creates the project."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from jiesu.accounts import access
from jiesu.core.errors import DomainError, NotPermitted
from jiesu.hotspots.models import Alert
from jiesu.projects import services
from jiesu.projects.forms import ProposeForm
from jiesu.projects.models import Project
from jiesu.projects.selectors import batches_open
from jiesu.units.models import Unit
from jiesu.whistles.models import Whistle
from jiesu.workorders.views._common import handles_domain_errors

TEMPLATE = "projects/new.html"
PREFILL = (
    "title",
    "type",
    "community",
    "compounds",
    "building_numbers",
    "source_kind",
    "source_ref",
    "source_alert",
)


def _initial(request: HttpRequest) -> dict:
    initial = {}
    for key in PREFILL:
        values = request.GET.getlist(key)
        if values:
            initial[key] = values if key == "compounds" else values[0][:200]
    return initial


@require_http_methods(["GET", "POST"])
@login_required
@handles_domain_errors
def project_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can(user, "propose", Project):
        raise NotPermitted("只有社区工作者或指挥中心可以提出项目。")
    batches = batches_open(on=timezone.localdate())
    if request.method != "POST":
        form = ProposeForm(user=user, batches=batches, initial=_initial(request))
        return render(request, TEMPLATE, {"form": form, "no_batch": not batches.exists()})
    form = ProposeForm(request.POST, request.FILES, user=user, batches=batches)
    error = "请检查填写的内容。"
    if form.is_valid():
        data = form.cleaned_data
        try:
            places = form.places()
            project = services.project_propose(
                actor=user,
                batch=data["batch"],
                title=data["title"],
                type=data["type"],
                description=data["description"],
                community=data["community"],
                places=places,
                source_kind=data["source_kind"],
                source_alert=Alert.objects.filter(pk=data["source_alert"]).first()
                if data["source_alert"]
                else None,
                source_whistle=Whistle.objects.filter(number=data["source_whistle"].strip()).first()
                if data["source_whistle"]
                else None,
                source_ref=data["source_ref"],
                budget=data["budget"] or 0,
                funding=form.funding_lines(),
                owner_unit=Unit.objects.filter(pk=data["owner_unit"]).first() if data["owner_unit"] else None,
                photos=data["photos"],
            )
        except forms.ValidationError as invalid:
            error = " ".join(invalid.messages)
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, f"已提出项目 {project.number}，提交评审后由指挥中心审核。")
            return redirect("project_detail", pk=project.pk)
    return render(request, TEMPLATE, {"form": form, "error": error}, status=400)
