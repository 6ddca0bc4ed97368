"""May this user do this action on this order? One place answers, for views, API and services.

Visibility (the scope) is answered by selectors.workorder_scope; this module answers what a user
who can see an order may do with it.
"""

from jiesu.accounts.models import CENTRE_ROLES, Role
from jiesu.core.errors import NotPermitted
from jiesu.units.selectors import unit_subtree_ids
from jiesu.workorders.models import WorkOrder
from jiesu.workorders.states import Action

CENTRE_ACTIONS = {
    Action.DISPATCH,
    Action.REASSIGN,
    Action.APPROVE_EXTENSION,
    Action.REJECT_EXTENSION,
    Action.RETURN_VISIT,
    Action.REDO,
    Action.MERGE,
    Action.CLOSE,
    Action.URGE,
    Action.SUPERVISE,
}
LEAD_UNIT_ACTIONS = {
    Action.ACCEPT,
    Action.RETURN,
    Action.RESPOND,
    Action.REQUEST_EXTENSION,
    Action.RESOLVE,
}


def user_units(user) -> set[int]:
    """The units a unit user acts for: their own and, for a property company, its projects.

    Kept on the user object for the rest of the request (a user's unit does not change mid-request).
    """
    cached = getattr(user, "_jiesu_units", None)
    if cached is not None and cached[0] == user.unit_id:
        return cached[1]
    if not user.unit_id:
        units: set[int] = set()
    elif user.effective_role == Role.PROPERTY:
        units = unit_subtree_ids(unit_id=user.unit_id)
    else:
        units = {user.unit_id}
    user._jiesu_units = (user.unit_id, units)
    return units


def can(user, action: str, order: WorkOrder) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    role = user.effective_role
    if role == Role.LEADER:
        return False
    if role in CENTRE_ROLES:
        return action in CENTRE_ACTIONS or action == Action.NOTE
    units = user_units(user)
    is_lead = order.lead_unit_id in units
    if action in LEAD_UNIT_ACTIONS:
        return is_lead
    if action == Action.NOTE:
        return is_lead or bool(units & set(order.co_handlers.values_list("id", flat=True)))
    return False


def ensure_can(user, action: str, order: WorkOrder) -> None:
    if not can(user, action, order):
        raise NotPermitted(f"您无权对该工单执行「{Action(action).label}」。")


def can_unmask(user) -> bool:
    return user.is_authenticated and user.effective_role in CENTRE_ROLES
