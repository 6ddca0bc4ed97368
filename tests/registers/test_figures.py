"""The campaign's year-on-year comparison, the report section and the workbench tiles, against
counts made by hand from a small set of orders and points."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jiesu.core.extensions import workbench_tiles
from jiesu.insight.selectors.scope import insight_scope
from jiesu.registers import services
from jiesu.registers.sections import points_section
from jiesu.registers.selectors import campaign_board, year_before
from tests.factories import CategoryFactory, WorkOrderFactory
from tests.registers.conftest import TZ, at, leak_register, point

pytestmark = pytest.mark.django_db


def order(street, received: datetime, *, compound=None, category=None, **extra):
    compound = compound or street.compound
    return WorkOrderFactory(
        community=compound.community,
        compound=compound,
        category=category or street.leak,
        received_at=received,
        **extra,
    )


@pytest.fixture
def campaign(street):
    return services.campaign_plan(
        actor=street["dispatcher"], name="2024 汛期防漏雨", topic=street.topic, starts_on=date(2024, 6, 1),
        ends_on=date(2024, 9, 30), compounds=[street.compound, street.other_compound],
    )  # fmt: skip


def test_the_comparison_counts_what_a_person_counts(street, campaign):
    roof = CategoryFactory(name="屋面渗漏", parent=street.leak)  # below the topic's category: counts
    other = CategoryFactory(name="噪音")
    # 2023 window (2023-06-01 .. 2023-09-30) at 阳光家园: 4 counted
    order(street, at("2023-06-01 00:00"))  # the first minute, Beijing time
    order(street, at("2023-07-15 10:00"))
    order(street, at("2023-08-20 10:00"), category=roof)
    order(street, at("2023-09-30 23:59"))  # the last minute
    order(street, at("2023-10-01 00:00"))  # after the window: not counted
    order(street, at("2023-05-31 23:59"))  # before: not counted
    order(street, at("2023-07-01 10:00"), category=other)  # another topic: not counted
    order(street, at("2023-07-02 10:00"), status="merged")  # a merged duplicate: not counted
    # 2024 window at 阳光家园: 1; at 乙家园: 2 in 2024, 1 in 2023
    order(street, at("2024-07-01 10:00"))
    order(street, at("2024-06-10 10:00"), compound=street.other_compound)
    order(street, at("2024-09-29 10:00"), compound=street.other_compound)
    order(street, at("2023-06-10 10:00"), compound=street.other_compound)
    board = campaign_board(user=street["dispatcher"], campaign=campaign, today=date(2024, 11, 1))
    rows = {row.name: (row.orders, row.orders_before) for row in board.rows}
    assert rows == {"阳光家园": (1, 4), "乙家园": (2, 1)}
    assert (board.total.orders, board.total.orders_before, board.finished) == (3, 5, True)
    assert board.rows[0].change == pytest.approx((1 - 4) / 4)
    # a community sees only its own compounds' rows
    mine = campaign_board(user=street["community"], campaign=campaign, today=date(2024, 11, 1))
    assert [(r.name, r.orders, r.orders_before) for r in mine.rows] == [("阳光家园", 1, 4)]
    # while the window runs the figures stop at today, against the same days a year earlier
    running = campaign_board(user=street["dispatcher"], campaign=campaign, today=date(2024, 7, 31))
    assert not running.finished and running.window_before == (date(2023, 6, 1), date(2023, 7, 31))
    assert {r.name: (r.orders, r.orders_before) for r in running.rows} == {
        "阳光家园": (1, 2),
        "乙家园": (1, 1),
    }


def test_the_board_page_shows_the_figures(client, street, campaign):
    order(street, at("2023-07-15 10:00"))
    client.force_login(street["leader"])
    body = client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert 'data-compound="阳光家园"' in body and 'data-before="1"' in body and 'data-orders="0"' in body


def test_year_before_keeps_the_calendar_day():
    assert year_before(date(2024, 6, 1)) == date(2023, 6, 1)
    assert year_before(date(2024, 2, 29)) == date(2023, 2, 28)


def test_the_report_section_counts_by_hand(street):
    register = leak_register(street)
    done = point(street, register, now=at("2024-04-02 09:00"))
    services.point_assign(
        point_id=done.pk, actor=street["community"], cadre=street["cadre"], now=at("2024-04-02 10:00")
    )
    services.point_respond(point_id=done.pk, actor=street["cadre"], now=at("2024-04-02 11:00"))
    services.point_repair(point_id=done.pk, actor=street["cadre"], note="修好", now=at("2024-04-06 09:00"))
    services.point_revisit(
        point_id=done.pk, actor=street["community"], solved=True, now=at("2024-04-08 09:00")
    )
    point(street, register, building="13", now=at("2024-04-03 09:00"))  # open, overdue by now
    gone = point(street, register, building="16", now=at("2024-04-03 10:00"))
    services.point_cancel(point_id=gone.pk, actor=street["community"], reason="重复登记")
    point(street, register, building="16", now=at("2024-05-03 10:00"))  # outside April
    section = points_section(
        scope=insight_scope(user=street["dispatcher"]), start=date(2024, 4, 1), end=date(2024, 4, 30)
    )
    assert section.rows == [["漏雨", 2, 1, 1, 4.0, 1]]
    assert (
        points_section(
            scope=insight_scope(user=street["other_community"]), start=date(2024, 4, 1), end=date(2024, 4, 30)
        ).rows
        == []
    )
    assert (
        points_section(
            scope=insight_scope(user=street["department"]), start=date(2024, 4, 1), end=date(2024, 4, 30)
        ).rows
        == []
    )
    assert (
        points_section(
            scope=insight_scope(user=street["evaluator"]), start=date(2024, 4, 1), end=date(2024, 4, 30)
        )
        is None
    )


@pytest.mark.parametrize(
    "role", ["dispatcher", "leader", "community", "cadre", "property", "other_community", "department"]
)
def test_each_tile_count_equals_the_list_it_opens(client, street, role):
    register = leak_register(street)
    now = timezone.now()
    overdue = point(street, register, now=now - timedelta(days=40))
    services.point_assign(point_id=overdue.pk, actor=street["community"], cadre=street["cadre"])
    point(street, register, building="13", now=now - timedelta(days=1))
    repaired = point(street, register, building="16", now=now - timedelta(days=3))
    services.point_assign(point_id=repaired.pk, actor=street["community"], cadre=street["cadre"])
    services.point_respond(point_id=repaired.pk, actor=street["cadre"])
    services.point_repair(point_id=repaired.pk, actor=street["property"], note="修好")
    point(
        street,
        leak_register(street, other=True),
        building="1",
        actor=street["other_community"],
        now=now - timedelta(days=30),
    )
    campaign = services.campaign_plan(
        actor=street["dispatcher"], name="冬季", topic=street.topic, starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=30), compounds=[street.compound],
    )  # fmt: skip
    services.campaign_task_add(
        actor=street["dispatcher"], campaign=campaign, title="排查", compound=street.compound,
        owner=street["property"], due_on=timezone.localdate() - timedelta(days=2),
    )  # fmt: skip
    user = street[role]
    with workbench_tiles.only("registers"):
        tiles = [tile for provider in workbench_tiles.items() for tile in provider(user)]
    if role == "department":
        assert tiles == []
        return
    assert tiles
    client.force_login(user)
    for tile in tiles:
        body = client.get(tile.url).content.decode()
        total = int(re.search(r'data-total="(\d+)"', body).group(1))
        assert total == tile.count, (role, tile.label)
    counts = {tile.label: tile.count for tile in tiles}
    if role in ("dispatcher", "community"):
        extra = role == "dispatcher"  # 乙社区's point, late and with no cadre
        assert counts["逾期点位"] == 1 + extra and counts["待包户点位"] == 1 + extra
        assert counts["待回访点位"] == 1 and counts["逾期专项任务"] == 1
    if role == "cadre":
        assert counts["我包户的点位"] == 2
    if role == "property":
        assert counts["逾期点位"] == 1 and counts["我负责的专项任务"] == 1
    assert TZ
