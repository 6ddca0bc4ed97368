"""Every workbench tile's count equals the number of rows of the list its link opens, for every role."""

import re

from django.test import Client

from jiesu.core.extensions import workbench_tiles
from jiesu.workorders.models import WorkOrder

TOTAL = re.compile(r'class="total" data-total="(\d+)"')


def _total(client: Client, url: str) -> int | None:
    response = client.get(url)
    assert response.status_code == 200, url
    found = TOTAL.search(response.content.decode())
    return int(found.group(1)) if found else None


def test_every_tile_of_every_role_counts_what_its_list_shows(generated):
    mismatches, checked = [], 0
    for role, user in generated.users.items():
        client = Client()
        client.force_login(user)
        for provider in workbench_tiles.items():
            for tile in provider(user):
                total = _total(client, tile.url)
                checked += 1
                if total != tile.count:
                    mismatches.append(
                        f"{role} {tile.group}/{tile.label}: 磁贴 {tile.count}, 列表 {total} ({tile.url})"
                    )
    assert checked > 20
    assert not mismatches, "\n".join(mismatches)


def test_the_order_tiles_are_not_all_zero(generated):
    """The street gives each order tile something to count (so equality means something)."""
    from jiesu.workorders.tiles import order_tiles

    counts = {tile.label: tile.count for tile in order_tiles(generated.users["dispatcher"])}
    assert all(
        counts[label] > 0 for label in ("待派单", "已退单", "待回访", "已超期", "需人工核实", "待审批延期")
    )
    unit = {tile.label: tile.count for tile in order_tiles(generated.users["property"])}
    assert unit["待签收"] > 0 and unit["办理中"] > 0 and unit["已超期"] > 0


def test_a_unit_keeps_read_access_to_an_order_it_once_handled(generated):
    handed = generated.orders["签收后改派"]  # the department signed and visited, then it went to 房管所
    moved = generated.orders["改派走"]  # dispatched to the department, reassigned before it acted
    assert handed.lead_unit_id == moved.lead_unit_id == generated.units["other_department"].pk
    client = Client()
    client.force_login(generated.users["department"])
    page = client.get(f"/orders/{handed.pk}/")
    assert page.status_code == 200
    assert "/act/" not in page.content.decode()  # read access only: no action offered
    assert client.get(f"/orders/{moved.pk}/").status_code == 404
    assert handed.number in client.get("/orders/").content.decode()
    assert WorkOrder.objects.filter(pk=handed.pk).exists()
