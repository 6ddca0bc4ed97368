"""Who sees which registers, points, campaigns and tasks, and who may act (`jiesu.accounts.access`).

- Street-wide roles (dispatcher, centre admin, leader) see everything; the leader only reads.
- A community worker sees the registers of their community's compounds and acts on them: opens
  registers, registers points, assigns cadres, records every step, revisits, cancels. A grid
  worker reads them and may register a point (网格上报).
- A property company / project sees the points at the compounds it manages, and records the
  response and the repair there (it is often the one who mends the roof); it never assigns,
  revisits or cancels.
- The cadre a point is assigned to (包户到人) records its response and repair.
- Campaigns and tasks: seen by whoever sees one of their compounds; the centre plans them and
  assigns tasks; a task's owner, its compound's community or the centre moves it.
- Everyone else (departments, evaluators, station staff, the security roles) sees nothing.
"""

from django.db.models import Q, QuerySet

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.registers.models import Campaign, CampaignTask, Point, Register
from jiesu.registers.states import SYSTEM_ONLY, PointAction, TaskAction

NOTHING = Q(pk__in=[])

LABELS = {
    "view": "查看",
    "create": "建立台账",
    "register": "登记点位",
    "export": "导出",
    "plan": "布置专项行动",
}
LABELS |= dict(PointAction.choices) | dict(TaskAction.choices)
FIELD_SIDE = {PointAction.RESPOND, PointAction.REPAIR}  # cadre, property, community, centre


def _key(prefix: str, lookup: str) -> str:
    return f"{prefix}__{lookup}" if prefix else lookup


def compound_q(user, prefix: str) -> Q | None:
    """Q over `prefix` (a relation to Compound; "" on Compound itself) for the compounds the user
    sees: None means all of them, NOTHING none."""
    if access.is_street_wide(user):
        return None
    role = access.role_of(user)
    if role in (Role.COMMUNITY, Role.GRID_WORKER):
        community = access.user_community_id(user)
        if community is not None:
            return Q(**{_key(prefix, "community_id"): community})
    elif role == Role.PROPERTY:
        units = access.user_units(user)
        if units:
            return Q(**{_key(prefix, "property_project_id__in"): units})
    return NOTHING


def sees_any(user) -> bool:
    return compound_q(user, "compound") != NOTHING


def is_community_side(user, community_id: int) -> bool:
    if access.is_centre(user):
        return True
    return access.role_of(user) == Role.COMMUNITY and access.user_community_id(user) == community_id


def is_property_of(user, compound) -> bool:
    return (
        access.role_of(user) == Role.PROPERTY
        and compound.property_project_id is not None
        and compound.property_project_id in access.user_units(user)
    )


def may_link_whistle(user, point: Point) -> bool:
    """Who is offered 关联吹哨 on a point: its community side (the whistles' policy has the last word)."""
    return not access.is_leader(user) and is_community_side(user, point.register.community_id)


def may_open_registers(user) -> bool:
    return access.is_centre(user) or (
        access.role_of(user) == Role.COMMUNITY and access.user_community_id(user) is not None
    )


def may_register_in(user, community_id: int) -> bool:
    if is_community_side(user, community_id):
        return True
    return access.role_of(user) == Role.GRID_WORKER and access.user_community_id(user) == community_id


class RegisterPolicy(access.Policy):
    model = Register
    noun = "该台账"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        q = compound_q(user, "compound")
        return objects if q is None else objects.filter(q)

    def can(self, user, action: str, obj) -> bool:
        if action == "create":
            return may_open_registers(user)
        if action == "export":
            return sees_any(user)
        if obj is None:
            return False
        if action == "view":
            return self.scope(user, Register.objects.filter(pk=obj.pk)).exists()
        if action == "register":
            return may_register_in(user, obj.community_id)
        return False

    def refusal(self, action: str) -> str:
        return f"您无权对该台账执行「{LABELS.get(action, action)}」。"


class PointPolicy(access.Policy):
    model = Point
    noun = "该点位"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        q = compound_q(user, "register__compound")
        if q is None:
            return objects
        return objects.filter(q | Q(cadre_id=user.pk))

    def can(self, user, action: str, obj) -> bool:
        if obj is None:
            return False
        if action == "view":
            return self.scope(user, Point.objects.filter(pk=obj.pk)).exists()
        if access.is_leader(user) or action in SYSTEM_ONLY:
            return False
        register = obj.register
        if is_community_side(user, register.community_id):
            return True
        if action in FIELD_SIDE:
            return obj.cadre_id == user.pk or is_property_of(user, register.compound)
        return False

    def refusal(self, action: str) -> str:
        return f"您无权对该点位执行「{LABELS.get(action, action)}」。"


class CampaignPolicy(access.Policy):
    model = Campaign
    noun = "该专项行动"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        q = compound_q(user, "compounds")
        return objects if q is None else objects.filter(q).distinct()

    def can(self, user, action: str, obj) -> bool:
        if action == "plan":
            return access.is_centre(user)
        if action == "export":
            return sees_any(user)
        if obj is None:
            return False
        if action == "view":
            return self.scope(user, Campaign.objects.filter(pk=obj.pk)).exists()
        return False

    def refusal(self, action: str) -> str:
        return f"您无权对该专项行动执行「{LABELS.get(action, action)}」。"


class TaskPolicy(access.Policy):
    model = CampaignTask
    noun = "该任务"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        q = compound_q(user, "compound")
        if q is None:
            return objects
        return objects.filter(q | Q(owner_id=user.pk))

    def can(self, user, action: str, obj) -> bool:
        if obj is None:
            return False
        if action == "view":
            return self.scope(user, CampaignTask.objects.filter(pk=obj.pk)).exists()
        if access.is_leader(user) or action in SYSTEM_ONLY:
            return False
        return obj.owner_id == user.pk or is_community_side(user, obj.compound.community_id)

    def refusal(self, action: str) -> str:
        return f"您无权对该任务执行「{LABELS.get(action, action)}」。"


REGISTER_POLICY = RegisterPolicy()
POINT_POLICY = PointPolicy()
CAMPAIGN_POLICY = CampaignPolicy()
TASK_POLICY = TaskPolicy()
