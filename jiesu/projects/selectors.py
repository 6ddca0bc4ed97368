"""Reading projects. Every read starts from the access policy's scope (`project_scope`)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.models import Photo
from jiesu.projects.models import Batch, Project, ProjectEvent
from jiesu.projects.states import PROJECT, ProjectAction, ProjectStatus

P = ProjectStatus
QUEUES = {
    "collecting": "征集中",
    "reviewing": "待评审",
    "approved": "待开工",
    "implementing": "实施中",
    "overdue_milestones": "节点逾期",
}


def _queue_q(key: str, today: date) -> Q:
    if key == "overdue_milestones":
        return Q(
            status=P.IMPLEMENTING,
            milestones__done_on__isnull=True,
            milestones__due_on__lt=today,
        )
    return Q(status=key)


@dataclass(frozen=True)
class ProjectFilters:
    q: str = ""
    batch: int | None = None
    status: str = ""
    type: int | None = None
    community: int | None = None
    source_kind: str = ""
    owner: int | None = None
    queue: str = ""  # a key of QUEUES
    mine: bool = False  # only projects the user's own units carry out


RELATED = ("batch", "type", "community", "owner_unit", "category")


def project_scope(*, user) -> QuerySet[Project]:
    return access.scope(user, Project)


def project_list(*, user, filters: ProjectFilters = ProjectFilters(), today: date | None = None) -> QuerySet:
    projects = project_scope(user=user)
    if filters.q:
        text = filters.q.strip()
        projects = projects.filter(
            Q(number__icontains=text)
            | Q(title__icontains=text)
            | Q(description__icontains=text)
            | Q(source_ref__icontains=text)
            | Q(places__compound__name__icontains=text)
        )
    for field, value in (
        ("batch_id", filters.batch),
        ("status", filters.status),
        ("type_id", filters.type),
        ("community_id", filters.community),
        ("source_kind", filters.source_kind),
        ("owner_unit_id", filters.owner),
    ):
        if value:
            projects = projects.filter(**{field: value})
    if filters.queue in QUEUES:
        projects = projects.filter(_queue_q(filters.queue, today or timezone.localdate()))
    if filters.mine:
        projects = projects.filter(owner_unit_id__in=access.user_units(user))
    ids = projects.values("pk")  # joins through places/milestones may repeat a project
    return Project.objects.filter(pk__in=ids).select_related(*RELATED).order_by("-proposed_at", "-id")


def project_queue_counts(*, user, queues: list[str], mine: bool = False) -> dict[str, int]:
    """How many projects each queue holds — what `project_list` with that queue shows."""
    today = timezone.localdate()
    return {
        queue: project_list(user=user, filters=ProjectFilters(queue=queue, mine=mine), today=today).count()
        for queue in queues
    }


def project_get(*, user, project_id: int) -> Project:
    """One project in the user's scope; Project.DoesNotExist otherwise."""
    return (
        project_scope(user=user)
        .select_related(*RELATED, "proposed_by", "proposed_by_unit", "source_alert", "source_whistle")
        .get(pk=project_id)
    )


def project_photos(*, project: Project) -> dict[str, list[Photo]]:
    photos: dict[str, list[Photo]] = {}
    for photo in Photo.objects.filter(
        content_type=ContentType.objects.get_for_model(Project), object_id=project.pk
    ):
        photos.setdefault(photo.role or "其他", []).append(photo)
    return photos


def project_actions(*, user, project: Project) -> list[str]:
    """The steps the user may take now (the table, the policy; 完成节点 only with an open milestone)."""
    actions = [
        action
        for action in ProjectAction.values
        if PROJECT.is_allowed(action, project.status) and access.can(user, action, project)
    ]
    if (
        ProjectAction.MILESTONE_DONE in actions
        and not project.milestones.filter(done_on__isnull=True).exists()
    ):
        actions.remove(ProjectAction.MILESTONE_DONE)
    return actions


def batches_visible(*, user) -> QuerySet[Batch]:
    return access.scope(user, Batch).order_by("-opens_on", "-id")


def batch_get(*, user, batch_id: int) -> Batch:
    return batches_visible(user=user).get(pk=batch_id)


def batches_open(*, on: date) -> QuerySet[Batch]:
    return Batch.objects.filter(opens_on__lte=on, closes_on__gte=on).order_by("opens_on")


# -- the timeline --------------------------------------------------------------------------------
@dataclass(frozen=True)
class EventRow:
    at: datetime
    kind: str
    actor: str
    changes: list[str]
    note: str


def _changes(event: ProjectEvent) -> list[str]:
    old, new = event.old or {}, event.new or {}
    lines = []
    if "status" in new:
        before = P(old["status"]).label if old.get("status") in P.values else ""
        lines.append(f"状态：{before + ' → ' if before else ''}{P(new['status']).label}")
    if "budget" in new:
        lines.append(
            f"预算：{old.get('budget', '—')} → {new['budget']} 元" if old else f"预算：{new['budget']} 元"
        )
    if "title" in new and "due_on" in new:
        lines.append(f"节点：{new['title']}（计划 {new['due_on']}）")
    if new.get("done_on"):
        lines.append(f"节点完成：{new['done_on']}")
    if new.get("completed_on"):
        lines.append(f"完工日期：{new['completed_on']}")
    if new.get("photos"):
        lines.append(f"{new.get('role', '照片')} {new['photos']} 张")
    return lines


def project_timeline(*, project: Project) -> list[EventRow]:
    events = project.events.select_related("actor", "actor_unit").order_by("at", "id")
    return [
        EventRow(
            at=event.at,
            kind=event.get_kind_display(),
            actor=(f"{event.actor}（{event.actor_unit.name}）" if event.actor_unit else str(event.actor))
            if event.actor
            else "系统",
            changes=_changes(event),
            note=event.note,
        )
        for event in events
    ]


def status_counts(*, projects: QuerySet) -> dict[str, int]:
    return dict(projects.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n"))
