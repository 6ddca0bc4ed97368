"""工作台: the numbers at a glance (every app's tiles) and the queues of the user's role."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from jiesu.accounts import access
from jiesu.core.extensions import workbench_tiles
from jiesu.workorders.selectors import workbench_queue_list


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
    titles = {"已超期"} if access.is_leader(user) else None
    queues = workbench_queue_list(user=user, titles=titles) if not access.visibility(user).empty else []
    context = {"tile_groups": _tile_groups(user), "queues": queues}
    return render(request, "workorders/workbench.html", context)
