"""A project's life through its services: every allowed step writes one audited event; every
forbidden step (wrong status, wrong person, bad input) raises a clear Chinese error and changes
nothing."""

from datetime import date

import pytest

from jiesu.core.errors import ConcurrentChange, NotPermitted, TransitionNotAllowed, ValidationFailed
from jiesu.core.photos import photos_of
from jiesu.projects import services
from jiesu.projects.models import FundingLine, Milestone, Project, ProjectEvent
from jiesu.projects.states import ACTORS, PROJECT, ProjectAction, ProjectStatus
from tests.projects.conftest import MORNING, approve, at, finish, jpeg, propose

pytestmark = pytest.mark.django_db


def snapshot(project: Project) -> tuple:
    project = Project.objects.get(pk=project.pk)
    return (
        project.status,
        project.version,
        project.budget,
        project.owner_unit_id,
        project.completed_on,
        sorted(FundingLine.objects.filter(project=project).values_list("source", "amount")),
        Milestone.objects.filter(project=project).count(),
        ProjectEvent.objects.filter(project=project).count(),
    )


def test_the_whole_life_one_event_per_step(street):
    project = propose(street, photos=[jpeg()])
    assert project.number == f"XM2024{project.pk:04d}" and project.status == ProjectStatus.COLLECTING
    assert project.category == street.leak.category
    assert [(p.compound_id, p.building.number) for p in project.places.all()] == [
        (street.compound.pk, "5"),
        (street.compound.pk, "13"),
    ]
    services.project_submit(project_id=project.pk, actor=street["community"], now=at("2024-03-13 09:00"))
    services.project_approve(
        project_id=project.pk,
        actor=street["dispatcher"],
        owner_unit=street.housing,
        now=at("2024-03-20 09:00"),
    )
    services.project_milestone_add(
        project_id=project.pk,
        actor=street["owner"],
        title="屋面拆除",
        due_on=date(2024, 4, 10),
        now=at("2024-03-21 09:00"),
    )
    services.project_start(project_id=project.pk, actor=street["owner"], now=at("2024-04-01 09:00"))
    milestone = Milestone.objects.get(project=project)
    services.project_milestone_done(
        project_id=project.pk, actor=street["owner"], milestone_id=milestone.pk, now=at("2024-04-09 09:00")
    )
    services.project_photos_add(
        project_id=project.pk,
        actor=street["owner"],
        photos=[jpeg()],
        role="实施后",
        now=at("2024-05-20 17:00"),
    )
    done = services.project_accept(
        project_id=project.pk,
        actor=street["dispatcher"],
        completed_on=date(2024, 5, 20),
        now=at("2024-05-21 09:00"),
    )
    assert done.status == ProjectStatus.ACCEPTED and done.completed_on == date(2024, 5, 20)
    assert (done.approved_on, done.started_on) == (date(2024, 3, 20), date(2024, 4, 1))
    kinds = list(ProjectEvent.objects.filter(project=project).values_list("kind", flat=True))
    assert kinds == [
        "proposed",
        "submit",
        "approve",
        "milestone_add",
        "start",
        "milestone_done",
        "photo",
        "accept",
    ]
    approve_event = ProjectEvent.objects.get(project=project, kind="approve")
    assert approve_event.old["status"] == "reviewing" and approve_event.new["status"] == "approved"
    assert (
        approve_event.actor == street["dispatcher"] and approve_event.new["owner_unit"] == street.housing.pk
    )
    assert {p.role for p in photos_of(project)} == {"实施前", "实施后"}
    assert done.version == 8


def test_forbidden_moves_change_nothing(street):
    project = propose(street)
    before = snapshot(project)
    for action, call in (
        ("approve", lambda: services.project_approve(project_id=project.pk, actor=street["dispatcher"], owner_unit=street.housing)),
        ("start", lambda: services.project_start(project_id=project.pk, actor=street["dispatcher"])),
        ("accept", lambda: services.project_accept(project_id=project.pk, actor=street["dispatcher"], completed_on=date(2024, 3, 1))),
        ("return", lambda: services.project_return(project_id=project.pk, actor=street["dispatcher"], reason="补充")),
    ):  # fmt: skip
        with pytest.raises(TransitionNotAllowed, match="当前状态为「征集」"):
            call()
        assert snapshot(project) == before, action


@pytest.mark.parametrize(
    "role",
    ["leader", "other_community", "grid_worker", "owner", "property", "bystander", "evaluator", "auditor"],
)
def test_only_the_proposer_or_the_centre_submits(street, role):
    project = propose(street)
    before = snapshot(project)
    with pytest.raises(NotPermitted):
        services.project_submit(project_id=project.pk, actor=street[role])
    assert snapshot(project) == before


def test_only_the_centre_approves_and_accepts(street):
    project = propose(street)
    services.project_submit(project_id=project.pk, actor=street["community"])
    for role in ("community", "owner", "leader"):
        with pytest.raises(NotPermitted):
            services.project_approve(project_id=project.pk, actor=street[role], owner_unit=street.housing)
    services.project_approve(project_id=project.pk, actor=street["centre_admin"], owner_unit=street.housing)
    services.project_start(project_id=project.pk, actor=street["owner"])
    services.project_photos_add(project_id=project.pk, actor=street["owner"], photos=[jpeg()], role="实施后")
    before = snapshot(project)
    for role in ("community", "owner", "leader"):
        with pytest.raises(NotPermitted):
            services.project_accept(project_id=project.pk, actor=street[role], completed_on=date(2024, 3, 1))
    assert snapshot(project) == before


def test_the_owner_unit_starts_but_another_unit_may_not(street):
    project = approve(street, propose(street))
    with pytest.raises(NotPermitted):
        services.project_start(project_id=project.pk, actor=street["bystander"])
    with pytest.raises(NotPermitted):
        services.project_start(project_id=project.pk, actor=street["community"])
    assert services.project_start(project_id=project.pk, actor=street["owner"]).status == "implementing"


def test_approval_needs_an_owner_and_funding_equal_to_the_budget(street):
    project = propose(street, funding=[("district", 50000, "")], owner_unit=None)
    services.project_submit(project_id=project.pk, actor=street["community"])
    before = snapshot(project)
    with pytest.raises(ValidationFailed, match="实施单位"):
        services.project_approve(project_id=project.pk, actor=street["dispatcher"], owner_unit=None)
    with pytest.raises(ValidationFailed, match="资金来源合计（50000.00 元）等于预算（120000.00 元）"):
        services.project_approve(project_id=project.pk, actor=street["dispatcher"], owner_unit=street.housing)
    assert snapshot(project) == before
    services.project_funding_set(
        project_id=project.pk,
        actor=street["dispatcher"],
        budget=120000,
        lines=[("district", 50000, ""), ("welfare", 70000, "")],
        note="公益金补足",
    )
    event = ProjectEvent.objects.filter(project=project).last()
    assert event.kind == "funding" and event.old["funding"] == {"district": "50000.00"}
    assert event.new["funding"] == {"district": "50000.00", "welfare": "70000.00"}
    assert (
        services.project_approve(
            project_id=project.pk, actor=street["dispatcher"], owner_unit=street.housing
        ).status
        == "approved"
    )


def test_the_proposer_adjusts_funding_only_while_collecting(street):
    project = propose(street)
    services.project_funding_set(
        project_id=project.pk, actor=street["community"], budget=90000, lines=[("party", 90000, "")]
    )
    services.project_submit(project_id=project.pk, actor=street["community"])
    before = snapshot(project)
    with pytest.raises(NotPermitted):
        services.project_funding_set(
            project_id=project.pk, actor=street["community"], budget=1, lines=[("party", 1, "")]
        )
    with pytest.raises(NotPermitted):
        services.project_cancel(project_id=project.pk, actor=street["community"], reason="不做了")
    assert snapshot(project) == before


def test_acceptance_needs_after_photos_done_milestones_and_a_sane_date(street):
    project = approve(street, propose(street))
    services.project_milestone_add(
        project_id=project.pk, actor=street["owner"], title="进场", due_on=date(2024, 3, 20)
    )
    services.project_start(project_id=project.pk, actor=street["owner"], now=at("2024-03-15 09:00"))
    before = snapshot(project)
    accept = lambda day: services.project_accept(  # noqa: E731
        project_id=project.pk, actor=street["dispatcher"], completed_on=day, now=at("2024-04-01 09:00")
    )
    with pytest.raises(ValidationFailed, match="未完成的节点"):
        accept(date(2024, 3, 30))
    milestone = Milestone.objects.get(project=project)
    services.project_milestone_done(project_id=project.pk, actor=street["owner"], milestone_id=milestone.pk)
    before = snapshot(project)
    with pytest.raises(ValidationFailed, match="实施后照片"):
        accept(date(2024, 3, 30))
    services.project_photos_add(project_id=project.pk, actor=street["owner"], photos=[jpeg()], role="实施后")
    before = snapshot(project)
    with pytest.raises(ValidationFailed, match="不能晚于今天"):
        accept(date(2024, 4, 2))
    with pytest.raises(ValidationFailed, match="早于开工"):
        accept(date(2024, 3, 1))
    assert snapshot(project) == before
    assert accept(date(2024, 3, 30)).status == "accepted"


def test_a_stale_version_is_refused(street):
    project = propose(street)
    services.project_submit(
        project_id=project.pk, actor=street["community"], expected_version=project.version
    )
    with pytest.raises(ConcurrentChange, match="已被他人修改"):
        services.project_return(
            project_id=project.pk, actor=street["dispatcher"], reason="x", expected_version=1
        )


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"title": "  "}, "请填写项目名称"),
        ({"budget": -1}, "预算应在 0 至"),
        ({"budget": "abc"}, "预算应为金额"),
        ({"funding": [("district", 1, ""), ("district", 2, "")]}, "重复"),
        ({"funding": [("lottery", 1, "")]}, "请选择资金来源"),
        ({"source_kind": "topic"}, "请填写来源说明"),
        ({"source_kind": "whistle"}, "请选择您可查看的吹哨"),
        ({"source_kind": "nonsense"}, "请选择项目来源"),
        ({"places": []}, "请至少选择一个小区"),
    ],
)
def test_bad_proposals_are_refused_and_nothing_is_written(street, extra, message):
    with pytest.raises(ValidationFailed, match=message):
        propose(street, **extra)
    assert not Project.objects.exists() and not ProjectEvent.objects.exists()


def test_proposals_stay_in_their_community_and_their_batch_window(street):
    with pytest.raises(NotPermitted, match="只能为本社区"):
        propose(street, community=street.other_community, places=[(street.other_compound, None)])
    with pytest.raises(ValidationFailed, match="本社区的小区"):
        propose(street, places=[(street.other_compound, None)])
    with pytest.raises(ValidationFailed, match="不在征集期内"):
        propose(street, now=at("2024-04-01 09:00"))
    for role in ("leader", "owner", "grid_worker", "evaluator"):
        with pytest.raises(NotPermitted):
            propose(street, actor=street[role])
    assert not Project.objects.exists()
    assert propose(
        street,
        actor=street["dispatcher"],
        community=street.other_community,
        places=[(street.other_compound, None)],
    )


def test_the_table_names_who_owns_every_step():
    assert set(ACTORS) == set(ProjectAction.values)
    assert PROJECT.allowed(ProjectStatus.ACCEPTED) == [ProjectAction.PHOTO]
    assert PROJECT.allowed(ProjectStatus.REJECTED) == [] and PROJECT.allowed(ProjectStatus.CANCELLED) == []


def test_cancel_and_reject_end_the_project(street):
    one = propose(street)
    services.project_cancel(project_id=one.pk, actor=street["community"], reason="重复提出")
    two = propose(street, title="另一个")
    services.project_submit(project_id=two.pk, actor=street["community"])
    services.project_reject(project_id=two.pk, actor=street["dispatcher"], reason="不属于公共部位")
    assert (
        Project.objects.get(pk=one.pk).status == "cancelled"
        and Project.objects.get(pk=two.pk).status == "rejected"
    )
    with pytest.raises(TransitionNotAllowed):
        services.project_submit(project_id=one.pk, actor=street["community"])
    assert ProjectEvent.objects.get(project=two, kind="reject").note == "不属于公共部位"


def test_finish_helper_walks_to_acceptance(street):
    project = finish(street, propose(street), completed_on=date(2024, 3, 12), now=MORNING)
    assert project.status == "accepted"


def test_events_are_append_only(street):
    event = ProjectEvent.objects.get(project=propose(street))
    event.note = "改写"
    with pytest.raises(RuntimeError, match="只能追加"):
        event.save()
    with pytest.raises(RuntimeError, match="只能追加"):
        event.delete()
