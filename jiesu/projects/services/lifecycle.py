"""The steps of a project after it was proposed: review, approval, implementation, acceptance.
Each goes through `_perform.project_perform` (lock, version, table, policy, one event)."""

from collections.abc import Sequence
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from jiesu.core.errors import ValidationFailed
from jiesu.core.models import Photo
from jiesu.core.photos import photo_attach
from jiesu.projects.models import FundingLine, Milestone, Project
from jiesu.projects.services._perform import project_perform
from jiesu.projects.services.proposing import PHOTO_AFTER, PHOTO_BEFORE, funding_clean, money
from jiesu.projects.states import ProjectAction as A
from jiesu.units.models import Unit
from jiesu.whistles.services.inputs import photos_checked, text_clean


def _today(now: datetime | None) -> date:
    return timezone.localtime(now or timezone.now()).date()


def _funding_of(project: Project) -> dict[str, str]:
    return {line.source: str(line.amount) for line in project.funding.all()}


def project_submit(*, project_id: int, actor, note: str = "", expected_version=None, now=None) -> Project:
    note = text_clean(note, label="说明", limit=500, required=False)
    return project_perform(
        project_id=project_id, action=A.SUBMIT, actor=actor, change=lambda p: ({}, {}), note=note,
        expected_version=expected_version, now=now,
    )  # fmt: skip


def project_return(*, project_id: int, actor, reason: str, expected_version=None, now=None) -> Project:
    reason = text_clean(reason, label="退回理由", limit=500)
    return project_perform(
        project_id=project_id, action=A.RETURN, actor=actor, change=lambda p: ({}, {}), note=reason,
        expected_version=expected_version, now=now,
    )  # fmt: skip


def project_reject(*, project_id: int, actor, reason: str, expected_version=None, now=None) -> Project:
    reason = text_clean(reason, label="不予立项理由", limit=500)
    return project_perform(
        project_id=project_id, action=A.REJECT, actor=actor, change=lambda p: ({}, {}), note=reason,
        expected_version=expected_version, now=now,
    )  # fmt: skip


def project_approve(
    *, project_id: int, actor, owner_unit: Unit | None, note: str = "", expected_version=None, now=None
) -> Project:
    """立项: needs the unit that carries it out and funding lines adding up to the budget."""
    note = text_clean(note, label="说明", limit=500, required=False)
    today = _today(now)

    def change(project: Project):
        owner = owner_unit or project.owner_unit
        if owner is None:
            raise ValidationFailed("立项须指定实施单位。")
        total = sum((line.amount for line in project.funding.all()), start=money(0, label="预算"))
        if project.budget <= 0 or total != project.budget:
            raise ValidationFailed(
                f"立项须有预算，且资金来源合计（{total} 元）等于预算（{project.budget} 元）。"
            )
        old = {"owner_unit": project.owner_unit_id, "approved_on": project.approved_on}
        project.owner_unit, project.approved_on = owner, today
        return old, {"owner_unit": owner.pk, "approved_on": today}

    return project_perform(
        project_id=project_id, action=A.APPROVE, actor=actor, change=change, note=note,
        expected_version=expected_version, now=now,
    )  # fmt: skip


def project_funding_set(
    *, project_id: int, actor, budget, lines: Sequence[tuple], note: str = "", expected_version=None, now=None
) -> Project:
    """Replace the budget and funding lines [(source, amount, note)]; old and new in the event."""
    budget = money(budget, label="预算")
    lines = funding_clean(lines)
    note = text_clean(note, label="说明", limit=500, required=False)

    def change(project: Project):
        if (
            project.status != "collecting"
            and sum((a for _, a, _ in lines), start=money(0, label="预算")) != budget
        ):
            raise ValidationFailed("已提交的项目，资金来源合计须等于预算。")
        old = {"budget": project.budget, "funding": _funding_of(project)}
        project.funding.all().delete()
        FundingLine.objects.bulk_create(
            [FundingLine(project=project, source=s, amount=a, note=n) for s, a, n in lines]
        )
        project.budget = budget
        return old, {"budget": budget, "funding": {s: str(a) for s, a, _ in lines}}

    return project_perform(
        project_id=project_id, action=A.FUNDING, actor=actor, change=change, note=note,
        expected_version=expected_version, now=now,
    )  # fmt: skip


def project_start(*, project_id: int, actor, note: str = "", expected_version=None, now=None) -> Project:
    note = text_clean(note, label="说明", limit=500, required=False)
    today = _today(now)

    def change(project: Project):
        project.started_on = today
        return {"started_on": None}, {"started_on": today}

    return project_perform(
        project_id=project_id, action=A.START, actor=actor, change=change, note=note,
        expected_version=expected_version, now=now,
    )  # fmt: skip


def project_milestone_add(
    *, project_id: int, actor, title: str, due_on: date, expected_version=None, now=None
) -> Project:
    title = text_clean(title, label="节点名称", limit=100)
    if due_on is None:
        raise ValidationFailed("请填写计划日期。")

    def change(project: Project):
        milestone = Milestone.objects.create(project=project, title=title, due_on=due_on)
        return {}, {"milestone": milestone.pk, "title": title, "due_on": due_on}

    return project_perform(
        project_id=project_id, action=A.MILESTONE_ADD, actor=actor, change=change,
        expected_version=expected_version, now=now,
    )  # fmt: skip


def project_milestone_done(
    *, project_id: int, actor, milestone_id: int, note: str = "", expected_version=None, now=None
) -> Project:
    note = text_clean(note, label="说明", limit=300, required=False)
    today = _today(now)

    def change(project: Project):
        milestone = Milestone.objects.filter(pk=milestone_id, project=project).first()
        if milestone is None:
            raise ValidationFailed("该项目没有这个节点。")
        if milestone.done_on is not None:
            raise ValidationFailed("该节点已完成。")
        milestone.done_on, milestone.note = today, note
        milestone.save()
        return {"milestone": milestone.pk, "done_on": None}, {"milestone": milestone.pk, "done_on": today}

    return project_perform(
        project_id=project_id, action=A.MILESTONE_DONE, actor=actor, change=change, note=note,
        expected_version=expected_version, now=now,
    )  # fmt: skip


def project_photos_add(
    *, project_id: int, actor, photos: Sequence, role: str, expected_version=None, now=None
) -> Project:
    """Before (实施前) or after (实施后) photos; type and size checked, EXIF stripped."""
    if role not in (PHOTO_BEFORE, PHOTO_AFTER):
        raise ValidationFailed("请选择照片类型：实施前或实施后。")
    photos = photos_checked(photos)
    if not photos:
        raise ValidationFailed("请选择照片。")

    def change(project: Project):
        for upload in photos:
            photo_attach(subject=project, upload=upload, actor=actor, role=role)
        return {}, {"photos": len(photos), "role": role}

    return project_perform(
        project_id=project_id, action=A.PHOTO, actor=actor, change=change,
        expected_version=expected_version, now=now,
    )  # fmt: skip


def _has_after_photo(project: Project) -> bool:
    return Photo.objects.filter(
        content_type=ContentType.objects.get_for_model(Project), object_id=project.pk, role=PHOTO_AFTER
    ).exists()


def project_accept(
    *, project_id: int, actor, completed_on: date, note: str = "", expected_version=None, now=None
) -> Project:
    """验收: every milestone done, at least one after photo; the completion date (not in the future,
    not before the start) is the date the project's effect is measured from."""
    note = text_clean(note, label="验收意见", limit=500, required=False)
    today = _today(now)

    def change(project: Project):
        if completed_on is None or completed_on > today:
            raise ValidationFailed("完工日期不能晚于今天。")
        if project.started_on and completed_on < project.started_on:
            raise ValidationFailed("完工日期不能早于开工日期。")
        if project.milestones.filter(done_on__isnull=True).exists():
            raise ValidationFailed("还有未完成的节点，不能验收。")
        if not _has_after_photo(project):
            raise ValidationFailed("验收前请上传实施后照片。")
        project.completed_on = completed_on
        return {"completed_on": None}, {"completed_on": completed_on}

    return project_perform(
        project_id=project_id, action=A.ACCEPT, actor=actor, change=change, note=note,
        expected_version=expected_version, now=now,
    )  # fmt: skip


def project_cancel(*, project_id: int, actor, reason: str, expected_version=None, now=None) -> Project:
    reason = text_clean(reason, label="撤销理由", limit=500)
    return project_perform(
        project_id=project_id, action=A.CANCEL, actor=actor, change=lambda p: ({}, {}), note=reason,
        expected_version=expected_version, now=now,
    )  # fmt: skip
