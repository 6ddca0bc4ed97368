"""Who sees which proactive projects and may take which step (registered with `jiesu.accounts.access`).

- Street-wide roles (dispatcher, centre admin, leader) see every project; the leader only reads.
- A community or grid worker sees the projects of their community (the grid worker only reads).
- Any other unit (department, utility, property company with its projects, co-building unit)
  sees only the projects it carries out (实施单位), if any.
- Evaluators, station staff and the security roles see none.

Who may take a step is the table `states.ACTORS` (proposer / centre / owner), asked here.
"""

from django.db.models import Q, QuerySet

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.projects.models import Batch, Project
from jiesu.projects.states import ACTORS, PROPOSER_WHILE_COLLECTING, ProjectAction, ProjectStatus

LABELS = {"view": "查看", "propose": "提出项目", "export": "导出"} | dict(ProjectAction.choices)


def project_visible_q(seen: access.Visibility) -> Q:
    visible = Q(owner_unit_id__in=seen.unit_ids)
    if seen.community_id is not None:
        visible |= Q(community_id=seen.community_id)
    return visible


def may_propose(user) -> bool:
    if access.is_leader(user):
        return False
    if access.is_centre(user):
        return True
    return access.role_of(user) == Role.COMMUNITY and access.user_community_id(user) is not None


def sides(user, project: Project) -> set[str]:
    """The sides the user acts on for this project: proposer, centre, owner."""
    if access.is_leader(user) or access.visibility(user).empty:
        return set()
    found = set()
    if access.is_centre(user):
        found.add("centre")
    if access.role_of(user) == Role.COMMUNITY and access.user_community_id(user) == project.community_id:
        found.add("proposer")
    if project.owner_unit_id and project.owner_unit_id in access.user_units(user):
        found.add("owner")
    return found


class ProjectPolicy(access.Policy):
    model = Project
    noun = "该项目"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        seen = access.visibility(user)
        if seen.street_wide:
            return objects
        if seen.empty:
            return objects.none()
        return objects.filter(project_visible_q(seen))

    def can(self, user, action: str, obj) -> bool:
        if action == "propose":
            return may_propose(user)
        if action == "export":
            return not access.visibility(user).empty
        if obj is None:
            return False
        if action == "view":
            return self.scope(user, Project.objects.filter(pk=obj.pk)).exists()
        if action not in ACTORS:
            return False
        mine = sides(user, obj) & ACTORS[action]
        if mine == {"proposer"} and action in PROPOSER_WHILE_COLLECTING:
            return obj.status == ProjectStatus.COLLECTING
        return bool(mine)

    def refusal(self, action: str) -> str:
        return f"您无权对该项目执行「{LABELS.get(action, action)}」。"


class BatchPolicy(access.Policy):
    """Batches are master data: everyone who sees projects sees the batches (their figures are
    computed from the projects in the viewer's scope)."""

    model = Batch
    noun = "该批次"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        return objects.none() if access.visibility(user).empty else objects

    def can(self, user, action: str, obj) -> bool:
        return action == "view" and not access.visibility(user).empty


PROJECT_POLICY = ProjectPolicy()
BATCH_POLICY = BatchPolicy()
