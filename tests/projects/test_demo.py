"""The demo street's 主动治理: 49 projects in two 2024 batches funded by the three sources, tied to
the street's places and categories, many finished, the roof-leak story among them.

The street and a week of orders are loaded (fast); whistles' seeder plays the story whistle, then
the projects' seeder runs, once for this module, rolled back afterwards.
"""

import time as clock
from datetime import date

import pytest
from django.db import transaction

from jiesu.accounts.models import User
from jiesu.core.extensions import DemoContext, demo_seeders
from jiesu.core.models import Photo
from jiesu.demo.loader import demo_load
from jiesu.projects.demo import projects_demo_seed
from jiesu.projects.figures import batch_figures, project_effect
from jiesu.projects.models import Batch, FundingLine, Project, ProjectEvent
from jiesu.projects.tiles import project_tiles
from jiesu.whistles.demo import seed as whistles_seed

UNTIL = date(2025, 3, 14)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        loaded = demo_load(seed=2024, until=UNTIL, start=date(2025, 3, 7), password="demo-pw")
        context = DemoContext(
            seed=2024, now=loaded.now, start=date(2025, 3, 7), until=UNTIL, password="demo-pw"
        )
        whistles_seed.whistles_demo_seed(
            DemoContext(seed=2024, now=loaded.now, start=date(2024, 4, 1), until=UNTIL, password="demo-pw")
        )
        began = clock.monotonic()
        summary = projects_demo_seed(context)
        seconds = clock.monotonic() - began
        yield {"context": context, "summary": summary, "seconds": seconds}
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_registered_after_whistles():
    keys = [key for key, _ in demo_seeders.keyed()]
    assert keys.index("whistles") < keys.index("projects")


def test_49_projects_in_two_2024_batches_funded_by_the_three_sources(demo):
    batches = list(Batch.objects.order_by("opens_on"))
    assert [b.name for b in batches] == ["2024年第一批", "2024年第二批"]
    assert [b.projects.count() for b in batches] == [25, 24]
    funded = FundingLine.objects.filter(project__status__in=["approved", "implementing", "accepted"])
    assert {"district", "party", "welfare"} <= set(funded.values_list("source", flat=True))
    statuses = set(Project.objects.values_list("status", flat=True))
    assert {
        "accepted",
        "implementing",
        "approved",
        "reviewing",
        "collecting",
        "rejected",
        "cancelled",
    } == statuses
    assert Project.objects.filter(status="accepted").count() == 31
    for project in Project.objects.filter(status__in=["approved", "implementing", "accepted"]):
        assert sum(line.amount for line in project.funding.all()) == project.budget
    assert all(p.places.exists() and p.category_id for p in Project.objects.all())
    assert "49 个项目" in demo["summary"] and "已验收 31 个" in demo["summary"]


def test_every_step_is_an_event_and_accepted_projects_have_photos_and_effects(demo):
    for project in Project.objects.filter(status="accepted"):
        kinds = list(project.events.values_list("kind", flat=True))
        assert kinds[:3] == ["proposed", "submit", "approve"] and kinds[-1] == "accept"
        assert Photo.objects.filter(
            object_id=project.pk, role="实施后", content_type__model="project"
        ).exists()
        assert project.completed_on <= date(2024, 12, 31)
        assert project_effect(project=project, today=UNTIL).months >= 3
    # people took every step; the system only flagged the milestones overdue at the demo's now
    system = ProjectEvent.objects.filter(actor__isnull=True)
    assert set(system.values_list("kind", flat=True)) == {"milestone_overdue"}
    assert (
        system.count()
        == Project.objects.filter(status="implementing", milestones__escalated_at__isnull=False).count()
    )
    figures = batch_figures(projects=Project.objects.all(), today=UNTIL)
    assert sum(row.accepted for row in figures.values()) == 31


def test_the_leak_story_project(demo):
    story = (
        Project.objects.filter(places__compound__name="阳光星苑", type__name="房屋漏雨修缮").distinct().get()
    )
    assert story.source_kind == "whistle" and story.source_whistle.title == whistles_seed.topics.STORY_TITLE
    assert sorted(p.building.number for p in story.places.all()) == ["13", "16", "5"]
    assert story.completed_on == date(2024, 5, 31) and story.owner_unit.name == "城市更新集团南苑分部"
    assert [(line.source, line.note) for line in story.funding.all()] == [("other", "应急公共维修资金")]
    assert project_effect(project=story, today=UNTIL).after == 0
    assert "阳光星苑屋面防水完工后 9 个月漏雨诉求 0 件" in demo["summary"]


def test_the_department_login_sees_the_projects_its_unit_carries_out(demo):
    from jiesu.projects.selectors import project_scope

    department = User.objects.get(username="department")  # 城市管理办公室
    seen = project_scope(user=department)
    assert seen.exists() and set(seen.values_list("owner_unit__name", flat=True)) == {"城市管理办公室"}
    assert project_scope(user=User.objects.get(username="evaluator")).count() == 0


def test_open_work_waits_on_the_workbenches(demo):
    tiles = {t.label: t.count for t in project_tiles(User.objects.get(username="dispatcher"))}
    assert tiles["项目待评审"] == 2 and tiles["项目实施中"] == 5 and tiles["项目节点逾期"] >= 1


def test_the_seeder_is_quick(demo):
    assert demo["seconds"] < 60  # a generous bound for a shared machine; the figure is printed by bench
