"""Seasonal campaigns: plan one (window, topic, compounds), assign its tasks to owners, and move
each task todo → doing → done."""

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.accounts.models import User
from jiesu.core.errors import ValidationFailed
from jiesu.core.events import event_record
from jiesu.places.models import Compound
from jiesu.registers.models import Campaign, CampaignTask, TaskEvent, TaskEventKind, Topic
from jiesu.registers.services._perform import task_perform, text_clean
from jiesu.registers.services.points import building_find
from jiesu.registers.states import TaskAction, TaskStatus

MAX_DAYS = 366


def campaign_plan(
    *,
    actor,
    name: str,
    topic: Topic,
    starts_on: date,
    ends_on: date,
    compounds: Sequence[Compound],
    note: str = "",
    now: datetime | None = None,
) -> Campaign:
    now = now or timezone.now()
    access.ensure(actor, "plan", Campaign, "只有指挥中心可以布置专项行动。")
    name = text_clean(name, label="专项行动名称", limit=60)
    note = text_clean(note, label="说明", limit=2000, required=False)
    if starts_on is None or ends_on is None:
        raise ValidationFailed("请填写开始和结束日期。")
    if ends_on < starts_on:
        raise ValidationFailed("结束日期不能早于开始日期。")
    if (ends_on - starts_on).days > MAX_DAYS:
        raise ValidationFailed("专项行动不能超过一年。")
    compounds = list({c.pk: c for c in compounds}.values())
    if not compounds:
        raise ValidationFailed("请至少选择一个小区。")
    if Campaign.objects.filter(name=name).exists():
        raise ValidationFailed(f"专项行动「{name}」已存在。")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            topic=topic,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note,
            created_by=actor,
            created_at=now,
        )
        campaign.compounds.add(*compounds)
    return campaign


def campaign_task_add(
    *,
    actor,
    campaign: Campaign,
    title: str,
    compound: Compound,
    owner: User,
    due_on: date,
    building_number: str = "",
    now: datetime | None = None,
) -> CampaignTask:
    """A task (清掏, 屋面检查) at one compound of the campaign, for one owner, by a date."""
    now = now or timezone.now()
    access.ensure(actor, "plan", Campaign, "只有指挥中心可以布置专项任务。")
    title = text_clean(title, label="任务", limit=60)
    if not campaign.compounds.filter(pk=compound.pk).exists():
        raise ValidationFailed(f"{compound.name}不在该专项行动的覆盖范围内。")
    if owner is None or not owner.is_active:
        raise ValidationFailed("请选择在岗的负责人。")
    if due_on is None:
        raise ValidationFailed("请填写完成期限。")
    building = building_find(compound, building_number)
    with transaction.atomic():
        task = CampaignTask.objects.create(
            campaign=campaign, title=title, compound=compound, building=building, owner=owner, due_on=due_on
        )
        event_record(
            TaskEvent,
            kind=TaskEventKind.CREATE,
            actor=actor,
            new={"status": TaskStatus.TODO, "title": title, "owner": owner.pk, "due_on": due_on},
            at=now,
            task=task,
        )
    return task


def task_start(
    *, task_id: int, actor, expected_version: int | None = None, now: datetime | None = None
) -> CampaignTask:
    now = now or timezone.now()

    def change(task: CampaignTask) -> tuple[dict, dict]:
        task.started_at = now
        return {}, {"started_at": now}

    return task_perform(
        task_id=task_id,
        action=TaskAction.START,
        actor=actor,
        change=change,
        expected_version=expected_version,
        now=now,
    )


def task_finish(
    *, task_id: int, actor, result: str, expected_version: int | None = None, now: datetime | None = None
) -> CampaignTask:
    now = now or timezone.now()
    result = text_clean(result, label="完成情况", limit=500)

    def change(task: CampaignTask) -> tuple[dict, dict]:
        old = {"result": task.result} if task.result else {}
        task.started_at = task.started_at or now
        task.done_at, task.result = now, result
        return old, {"done_at": now, "result": result}

    return task_perform(
        task_id=task_id,
        action=TaskAction.FINISH,
        actor=actor,
        change=change,
        expected_version=expected_version,
        now=now,
    )


def task_reopen(
    *, task_id: int, actor, reason: str, expected_version: int | None = None, now: datetime | None = None
) -> CampaignTask:
    now = now or timezone.now()
    reason = text_clean(reason, label="理由", limit=500)

    def change(task: CampaignTask) -> tuple[dict, dict]:
        old = {"done_at": task.done_at}
        task.done_at = None
        return old, {"done_at": None}

    return task_perform(
        task_id=task_id,
        action=TaskAction.REOPEN,
        actor=actor,
        change=change,
        note=reason,
        expected_version=expected_version,
        now=now,
    )
