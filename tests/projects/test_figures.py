"""The figures against hand counts: each finished project's season-matched effect, the effect and
the funding summed per batch, and the seasonal suggestions."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from jiesu.projects import services
from jiesu.projects.figures import (
    add_months,
    batch_figures,
    effect_windows,
    months_between,
    project_effect,
    project_effects,
    project_suggestions,
)
from jiesu.projects.models import Project, ProjectType
from jiesu.workorders.states import Status
from tests.factories import CategoryFactory, WorkOrderFactory
from tests.projects.conftest import TZ, approve, finish, propose

pytestmark = pytest.mark.django_db


def order(street, when: str, *, building="5", category=None, status=None, compound=None):
    received = datetime.fromisoformat(when).replace(tzinfo=TZ)
    return WorkOrderFactory(
        received_at=received,
        category=category or street.leak.category,
        community=street.community,
        compound=compound or street.compound,
        building=street.buildings[building] if building else None,
        **({"status": status} if status else {}),
    )


def test_month_arithmetic():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 5, 20), -12) == date(2023, 5, 20)
    assert months_between(date(2024, 5, 20), date(2024, 8, 19)) == 2
    assert months_between(date(2024, 5, 20), date(2024, 8, 20)) == 3
    assert months_between(date(2024, 5, 20), date(2024, 5, 1)) == 0
    windows = effect_windows(date(2024, 5, 20), date(2026, 1, 1))
    assert (windows.months, windows.before_from, windows.before_to, windows.after_to) == (
        12, date(2023, 5, 20), date(2024, 5, 20), date(2025, 5, 20)
    )  # fmt: skip


@pytest.fixture
def leak_orders(street):
    child = CategoryFactory(name="顶层漏雨", parent=street.leak.category)
    other = CategoryFactory(name="电梯维修", parent=street.leak.category.parent)
    for when in ("2023-07-01 10:00", "2024-05-19 23:00", "2024-05-20 08:00", "2025-05-19 12:00"):
        order(street, when)  # counted: before, before, after, after
    order(street, "2023-08-01 10:00", building="13", category=child)  # counted (a category below): before
    order(street, "2023-05-19 10:00")  # a day before the before-window
    order(street, "2025-05-20 10:00")  # the day the after-window ends
    order(street, "2023-09-01 10:00", building="20")  # not a project place
    order(street, "2023-09-01 10:00", category=other)  # another category
    order(street, "2023-09-02 10:00", status=Status.MERGED)  # merged into another order
    order(street, "2023-09-03 10:00", building="", compound=street.other_compound)  # elsewhere


def test_a_finished_projects_effect_is_counted_by_hand(street, leak_orders):
    project = finish(street, propose(street), completed_on=date(2024, 5, 20))
    effect = project_effect(project=project, today=date(2025, 6, 1))
    assert (effect.months, effect.before, effect.after, effect.change) == (12, 3, 2, -1)
    # three months after completion: compared with the same three months a year earlier
    early = project_effect(project=project, today=date(2024, 8, 25))
    assert (early.months, early.before_from, early.after_to) == (3, date(2023, 5, 20), date(2024, 8, 20))
    assert (early.before, early.after) == (2, 1)  # 2023-07-01, 2023-08-01 | 2024-05-20
    assert project_effect(project=project, today=date(2024, 6, 1)).months == 0


def test_a_whole_compound_counts_every_building_and_unfinished_projects_have_no_effect(street, leak_orders):
    whole = finish(street, propose(street, places=[(street.compound, None)]), completed_on=date(2024, 5, 20))
    effect = project_effect(project=whole, today=date(2025, 6, 1))
    assert (effect.before, effect.after) == (4, 2)  # + building 20's order
    assert project_effect(project=approve(street, propose(street)), today=date(2025, 6, 1)) is None


def test_many_projects_read_together_count_as_each_alone(street, leak_orders):
    # projects finished at different dates, on buildings or the whole compound, of a category or one
    # below it: read together (the batches page, the export) each gets what it gets alone
    top_floor = ProjectType.objects.create(name="顶层漏雨修缮", category=street.leak.category.children.get())
    projects = [
        finish(street, propose(street), completed_on=date(2024, 5, 20)),
        finish(street, propose(street, places=[(street.compound, None)]), completed_on=date(2024, 1, 10)),
        finish(street, propose(street, places=[(street.compound, street.buildings["13"])], type=top_floor),
               completed_on=date(2024, 8, 1)),
        approve(street, propose(street)),
    ]  # fmt: skip
    together = project_effects(projects=list(Project.objects.filter(pk__in=[p.pk for p in projects])),
                               today=date(2025, 3, 1))  # fmt: skip
    alone = {
        p.pk: project_effect(project=Project.objects.get(pk=p.pk), today=date(2025, 3, 1)) for p in projects
    }
    assert together == alone
    assert [alone[p.pk] and (alone[p.pk].before, alone[p.pk].after) for p in projects] == [
        (2, 1),  # 9 months: 2023-07-01, 2023-08-01 (13号楼, below) | 2024-05-20
        (4, 2),  # 12 months, whole compound: + 2023-05-19 and 20号楼 | 2024-05-19, 2024-05-20
        (1, 0),  # 7 months, 13号楼 and the category below only: 2023-08-01 |
        None,  # not accepted
    ]


def test_batch_sums_and_funding_by_source_are_counted_by_hand(street, leak_orders):
    one = finish(street, propose(street), completed_on=date(2024, 5, 20))  # 80,000 district + 40,000 party
    two = finish(  # whole compound: before 4, after 2; 30,000 welfare + 5,000 other
        street,
        propose(street, places=[(street.compound, None)], budget=35000,
                funding=[("welfare", 30000, ""), ("other", 5000, "应急公共维修资金")]),
        completed_on=date(2024, 5, 20),
    )  # fmt: skip
    approve(street, propose(street, budget=10000, funding=[("district", 10000, "")]))  # approved: counted
    propose(street, budget=999, funding=[("party", 999, "")])  # still collecting: not counted
    rejected = propose(street, budget=777, funding=[("welfare", 777, "")])
    services.project_submit(project_id=rejected.pk, actor=street["community"])
    services.project_reject(project_id=rejected.pk, actor=street["dispatcher"], reason="不属于公共部位")
    row = batch_figures(projects=Project.objects.all(), today=date(2025, 6, 1))[street.batch.pk]
    assert (row.projects, row.approved, row.accepted, row.measured) == (5, 3, 2, 2)
    assert (row.before, row.after) == (3 + 4, 2 + 2)
    assert row.funding == {
        "district": Decimal("90000.00"),
        "party": Decimal("40000.00"),
        "welfare": Decimal("30000.00"),
        "other": Decimal("5000.00"),
    }
    assert row.funding_total == Decimal("165000.00")
    assert {one.pk, two.pk} == set(Project.objects.filter(status="accepted").values_list("pk", flat=True))


def test_suggestions_rank_places_whose_points_recur_in_the_season(street):
    # 5号楼: rain-season leaks in 2023 and 2024 (recurring in summer), 13号楼 too but fewer
    for when in ("2023-07-02", "2023-07-20", "2024-06-10", "2024-07-01", "2024-07-15", "2024-08-01"):
        order(street, f"{when} 10:00")
    for when in ("2023-07-03", "2023-08-03", "2024-07-03", "2024-07-04"):
        order(street, f"{when} 10:00", building="13")
    order(street, "2024-01-10 10:00", building="16")  # one winter order: no point
    season, start, found = project_suggestions(user=street["dispatcher"], season="夏", today=date(2025, 3, 1))
    assert (season, start) == ("夏", date(2025, 6, 1))
    assert [(s.point.place_name, s.last_year, s.in_season) for s in found] == [
        ("阳光家园5号楼", 4, 4),
        ("阳光家园13号楼", 2, 2),
    ]
    assert all(s.project is None for s in found)
    # a project already covering 5号楼 is shown beside its point
    propose(street, now=datetime(2024, 3, 12, 9, tzinfo=TZ))
    _, _, found = project_suggestions(user=street["dispatcher"], season="夏", today=date(2025, 3, 1))
    assert found[0].project is not None and found[1].project is not None  # 5 and 13 are both its places
    # another community sees none of 甲社区's points
    assert project_suggestions(user=street["other_community"], season="夏", today=date(2025, 3, 1))[2] == []
