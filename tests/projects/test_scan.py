"""Overdue milestones of projects being carried out are flagged 逾期督办 by the periodic deadline
scan (`jiesu sla-scan`): once each, with one audited project event by the system; a later run
writes nothing; the project page shows the flag and the 节点逾期 tile equals its list."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from jiesu.accounts import access
from jiesu.core.extensions import workbench_tiles
from jiesu.projects import services
from jiesu.projects.models import Milestone, Project, ProjectEvent
from jiesu.projects.states import ProjectAction
from jiesu.workorders.tasks import deadline_scans_run
from tests.projects.conftest import approve, at, propose

pytestmark = pytest.mark.django_db


def implementing(street, *dues: date) -> Project:
    project = approve(street, propose(street))
    for n, due in enumerate(dues):
        services.project_milestone_add(
            project_id=project.pk,
            actor=street["owner"],
            title=f"节点{n}",
            due_on=due,
            now=at("2024-03-12 10:00"),
        )
    services.project_start(project_id=project.pk, actor=street["owner"], now=at("2024-03-12 10:00"))
    return project


def flagged() -> list:
    return list(ProjectEvent.objects.filter(kind="milestone_overdue").values_list("project_id", "actor"))


def test_an_overdue_milestone_is_flagged_once(street):
    project = implementing(street, date(2024, 4, 30), date(2024, 6, 30))
    first, second = project.milestones.order_by("due_on")
    assert services.project_deadline_scan(now=at("2024-04-30 20:00")) == {"overdue": 0, "escalated": 0}

    assert services.project_deadline_scan(now=at("2024-05-01 08:00")) == {"overdue": 1, "escalated": 1}
    assert services.project_deadline_scan(now=at("2024-05-02 08:00")) == {"overdue": 0, "escalated": 0}
    first.refresh_from_db()
    assert first.escalated_at == at("2024-05-01 08:00")
    event = ProjectEvent.objects.get(kind=ProjectAction.MILESTONE_OVERDUE)
    assert (
        event.actor is None
        and event.new["milestone"] == first.pk
        and event.new["overdue_since"] == "2024-04-30"
    )
    assert "督办" in event.note

    # a milestone done before its date is never flagged; one done late keeps its flag, no new event
    services.project_milestone_done(
        project_id=project.pk, actor=street["owner"], milestone_id=second.pk, now=at("2024-06-01 09:00")
    )
    services.project_milestone_done(
        project_id=project.pk, actor=street["owner"], milestone_id=first.pk, now=at("2024-06-01 09:00")
    )
    assert services.project_deadline_scan(now=at("2024-07-15 08:00"))["overdue"] == 0
    assert flagged() == [(project.pk, None)]
    assert Milestone.objects.filter(escalated_at__isnull=False).count() == 1


def test_only_implementing_projects_are_scanned_and_no_person_may_flag(street):
    project = approve(street, propose(street))  # 立项, not started: its milestones are not yet due work
    services.project_milestone_add(
        project_id=project.pk,
        actor=street["owner"],
        title="进场",
        due_on=date(2024, 3, 20),
        now=at("2024-03-12 10:00"),
    )
    assert services.project_deadline_scan(now=at("2024-04-01 08:00"))["overdue"] == 0
    for role in ("dispatcher", "community", "owner", "leader"):
        assert not access.can(street[role], ProjectAction.MILESTONE_OVERDUE, project)


def test_the_sla_scan_command_runs_the_project_scan(street):
    implementing(street, date(2024, 4, 30), date(2024, 5, 31))  # long overdue today
    assert deadline_scans_run()["projects"] == {"overdue": 2, "escalated": 2}
    call_command("sla-scan", stdout=StringIO())
    assert len(flagged()) == 2


def test_the_page_shows_the_flag_and_the_tile_equals_the_list(client, street):
    project = implementing(street, date(2024, 4, 30))
    other = implementing(street, date(2024, 5, 30))
    services.project_deadline_scan()
    client.force_login(street["dispatcher"])
    page = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    assert "已督办" in page and "节点逾期督办" in page  # the milestone and the timeline
    with workbench_tiles.only("projects"):
        tiles = {t.label: t for provider in workbench_tiles.items() for t in provider(street["dispatcher"])}
    listed = client.get(tiles["项目节点逾期"].url).content.decode()
    assert tiles["项目节点逾期"].count == 2
    assert project.number in listed and other.number in listed
