"""共建单位 on the workbench: planned joint activities whose day has come and that still need
recording. The tile opens the activity list filtered the same way (its total equals the count)."""

from django.urls import reverse

from jiesu.accounts import access
from jiesu.cobuilding.models import JointActivity
from jiesu.cobuilding.selectors import ActivityFilters, activity_list
from jiesu.core.extensions import Tile


def activity_tiles(user) -> list[Tile]:
    if not access.can(user, "create", JointActivity) and not access.is_leader(user):
        return []
    count = activity_list(user=user, filters=ActivityFilters(queue="to_record")).count()
    return [Tile("待登记联建活动", count, f"{reverse('activity_list')}?queue=to_record", "warn", "共建单位")]
