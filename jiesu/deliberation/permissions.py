"""Who sees which programmes and may do what in them (registered with `jiesu.accounts.access`).

- Street-wide roles (dispatcher, centre admin, leader) see every programme; the leader only reads.
- A community worker sees and runs their community's programmes; a grid worker sees them and
  enters submissions (the mailbox, door-to-door visits) but does not run meetings.
- The riders' council (no community) is run by the centre.
- A follow-up task is seen by its programme's side and by the members of its owner unit, who
  report progress on it; the programme's side confirms, sends back, cancels and links orders.
- Everyone else (departments for other tasks, evaluators, station staff, security roles) sees nothing.
"""

from django.db.models import Q, QuerySet

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.deliberation.models import Meeting, Programme, Representative, Task, Topic, TopicSubmission
from jiesu.deliberation.states import MeetingAction, TaskAction, TopicAction

LABELS = (
    {
        "view": "查看",
        "create": "新建议事项目",
        "manage": "管理议事",
        "enter": "登记议题",
        "export": "导出",
    }
    | dict(MeetingAction.choices)
    | dict(TaskAction.choices)
    | dict(TopicAction.choices)
)
PROGRAMME_SIDE = {
    *MeetingAction.values,
    *TopicAction.values,
    "manage",
    "confirm",
    "send_back",
    "cancel",
    "link",
}


def programme_scope_q(user) -> Q | None:
    """None: everything; else the filter on programmes (Q(pk__in=[]) for nothing)."""
    seen = access.visibility(user)
    if seen.street_wide:
        return None
    if seen.community_id is not None:
        return Q(community_id=seen.community_id)
    return Q(pk__in=[])


def may_manage(user, programme: Programme | None) -> bool:
    if access.is_leader(user) or not access.is_active(user):
        return False
    if access.is_centre(user):
        return True
    if access.role_of(user) != Role.COMMUNITY:
        return False
    community_id = access.user_community_id(user)
    if programme is None:
        return community_id is not None
    return community_id is not None and programme.community_id == community_id


def may_enter(user, programme: Programme) -> bool:
    if may_manage(user, programme):
        return True
    return (
        access.role_of(user) == Role.GRID_WORKER
        and programme.community_id is not None
        and access.user_community_id(user) == programme.community_id
    )


class ProgrammePolicy(access.Policy):
    model = Programme
    noun = "该议事项目"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        q = programme_scope_q(user)
        return objects if q is None else objects.filter(q)

    def can(self, user, action: str, obj) -> bool:
        if action == "create":
            return may_manage(user, None)
        if action == "export":
            seen = access.visibility(user)
            return seen.street_wide or seen.community_id is not None
        if obj is None:
            return False
        if action == "view":
            return self.scope(user, Programme.objects.filter(pk=obj.pk)).exists()
        if action == "enter":
            return may_enter(user, obj)
        if action in PROGRAMME_SIDE:
            return may_manage(user, obj)
        return False

    def refusal(self, action: str) -> str:
        return f"您无权对该议事项目执行「{LABELS.get(action, action)}」。"


class _ProgrammePart(access.Policy):
    """Representatives, submissions, topics, meetings: whatever their programme allows."""

    def scope(self, user, objects: QuerySet) -> QuerySet:
        return objects.filter(programme__in=access.scope(user, Programme))

    def can(self, user, action: str, obj) -> bool:
        if obj is None:
            return False
        return access.can(user, action, obj.programme)

    def refusal(self, action: str) -> str:
        return f"您无权执行「{LABELS.get(action, action)}」。"


class RepresentativePolicy(_ProgrammePart):
    model = Representative
    noun = "该议事代表"


class SubmissionPolicy(_ProgrammePart):
    model = TopicSubmission
    noun = "该议题征集"


class TopicPolicy(_ProgrammePart):
    model = Topic
    noun = "该议题"


class MeetingPolicy(_ProgrammePart):
    model = Meeting
    noun = "该会议"


class TaskPolicy(access.Policy):
    model = Task
    noun = "该议定事项"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        seen = access.visibility(user)
        if seen.street_wide:
            return objects
        if seen.empty:
            return objects.none()
        visible = Q(meeting__programme__in=access.scope(user, Programme))
        if seen.unit_ids:
            visible |= Q(owner_unit_id__in=seen.unit_ids)
        return objects.filter(visible)

    def can(self, user, action: str, obj) -> bool:
        if action == "export":
            return not access.visibility(user).empty
        if obj is None:
            return False
        if action == "view":
            return self.scope(user, Task.objects.filter(pk=obj.pk)).exists()
        programme = obj.meeting.programme
        if action == TaskAction.REPORT:
            if may_manage(user, programme):
                return True
            return not access.is_leader(user) and obj.owner_unit_id in access.user_units(user)
        if action in PROGRAMME_SIDE:
            return may_manage(user, programme)
        return False

    def refusal(self, action: str) -> str:
        return f"您无权对该议定事项执行「{LABELS.get(action, action)}」。"


POLICIES = (
    ProgrammePolicy(),
    RepresentativePolicy(),
    SubmissionPolicy(),
    TopicPolicy(),
    MeetingPolicy(),
    TaskPolicy(),
)
