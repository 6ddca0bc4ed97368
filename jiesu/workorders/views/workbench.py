"""工作台: the numbers at a glance (every app's tiles) and the queues of the user's role."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiesu.accounts import access
from jiesu.core.extensions import workbench_tiles
from jiesu.workorders.selectors import workbench_queues


def _tile_groups(user) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for provider in workbench_tiles.items():
        for tile in provider(user):
            groups.setdefault(tile.group, []).append(tile)
    return list(groups.items())


@require_GET
@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    user = request.user
    queues = workbench_queues(user=user) if not access.visibility(user).empty else {}
    if access.is_leader(user):
        queues = {"已超期": queues["已超期"]}
    context = {"tile_groups": _tile_groups(user), "queues": queues}
    return render(request, "workorders/workbench.html", context)
