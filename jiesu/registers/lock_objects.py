"""Named row locks: a step on a point or a task locks its row first, so two people acting at
once never both read the old state."""

from jiesu.registers.models import CampaignTask, Point


def point_lock(*, point_id: int) -> Point:
    return Point.objects.select_for_update(of=("self",)).select_related("register__compound").get(pk=point_id)


def task_lock(*, task_id: int) -> CampaignTask:
    return CampaignTask.objects.select_for_update(of=("self",)).select_related("compound").get(pk=task_id)
