"""Who sees and does what in the property evaluation (policies registered in apps.py).

| role                         | rounds, inspections, scorecards     | ledger items                    |
|------------------------------|-------------------------------------|---------------------------------|
| dispatcher, centre admin     | all; create/close rounds, reopen    | all; 现场查, 回头看              |
| leader                       | all, read-only                      | all, read-only                  |
| evaluator (第三方评估专家)   | all; rounds, inspect, score, submit | all; 专家点, 回头看              |
| property staff               | their projects (a company: all its) | their projects; 立行改           |
| community worker             | —                                   | items at their compounds; 现场查, 回头看 |
| everyone else                | —                                   | —                               |

The evaluator sees no work orders: their scorecards leave out the 12345 figures
(`sees_order_figures`). Anything outside a user's scope is a 404 for them.
"""

from django.db.models import QuerySet

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.evaluation.models import Inspection, LedgerItem, Round
from jiesu.evaluation.states import InspectionAction, LedgerAction, RoundAction
from jiesu.units.models import Unit


def is_evaluator(user) -> bool:
    return access.role_of(user) == Role.EVALUATOR


def is_property(user) -> bool:
    return access.role_of(user) == Role.PROPERTY


def is_community(user) -> bool:
    return access.role_of(user) == Role.COMMUNITY


def sees_all_projects(user) -> bool:
    return access.is_street_wide(user) or is_evaluator(user)


def may_run_evaluation(user) -> bool:
    """Centre roles (not the leader) and the evaluators organise rounds and inspect."""
    return access.is_centre(user) or is_evaluator(user)


def may_see_scorecards(user) -> bool:
    return sees_all_projects(user) or is_property(user)


def project_scope(user) -> QuerySet:
    """The property-service projects whose inspections and scorecards `user` may see."""
    projects = Unit.objects.filter(kind=Unit.Kind.PROPERTY_PROJECT)
    if sees_all_projects(user):
        return projects
    if is_property(user):
        return projects.filter(id__in=access.user_units(user))
    return projects.none()


def sees_order_figures(user) -> bool:
    """The 12345 record on a scorecard follows the work-order figures: not for the evaluator."""
    return not access.visibility(user).empty


class RoundPolicy(access.Policy):
    model = Round
    noun = "该考评轮次"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        return objects if may_see_scorecards(user) else objects.none()

    def can(self, user, action: str, obj) -> bool:
        if action == "view":
            return obj is not None and self.scope(user, Round.objects.filter(pk=obj.pk)).exists()
        if action == "view_list":
            return may_see_scorecards(user)
        if action in (RoundAction.CREATE, RoundAction.CLOSE):
            return may_run_evaluation(user)
        if action == RoundAction.REOPEN:
            return access.is_centre(user)
        return False

    def refusal(self, action: str) -> str:
        return f"您无权对考评轮次执行「{RoundAction(action).label if action in RoundAction.values else action}」。"


class InspectionPolicy(access.Policy):
    model = Inspection
    noun = "该检查"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        if sees_all_projects(user):
            return objects
        if is_property(user):
            return objects.filter(project_id__in=access.user_units(user))
        return objects.none()

    def can(self, user, action: str, obj) -> bool:
        if action == "view":
            return obj is not None and self.scope(user, Inspection.objects.filter(pk=obj.pk)).exists()
        if action in (
            InspectionAction.START,
            InspectionAction.SCORE,
            InspectionAction.FIND,
            InspectionAction.SUBMIT,
        ):
            return may_run_evaluation(user)
        if action == InspectionAction.REOPEN:
            return access.is_centre(user)
        return False

    def refusal(self, action: str) -> str:
        label = InspectionAction(action).label if action in InspectionAction.values else action
        return f"您无权对检查执行「{label}」。"


class LedgerItemPolicy(access.Policy):
    model = LedgerItem
    noun = "该问题"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        if sees_all_projects(user):
            return objects
        if is_property(user):
            return objects.filter(project_id__in=access.user_units(user))
        if is_community(user):
            community_id = access.user_community_id(user)
            return objects.filter(community_id=community_id) if community_id else objects.none()
        return objects.none()

    def can(self, user, action: str, obj) -> bool:
        if action == "view":
            return obj is not None and self.scope(user, LedgerItem.objects.filter(pk=obj.pk)).exists()
        if action == "export":
            return sees_all_projects(user) or is_property(user) or is_community(user)
        if access.is_leader(user) or obj is None:
            return False
        own_community = is_community(user) and access.user_community_id(user) == obj.community_id
        if action in (LedgerAction.VERIFY, LedgerAction.DISMISS):
            return access.is_centre(user) or own_community
        if action == LedgerAction.RECTIFY:
            return is_property(user) and obj.project_id in access.user_units(user)
        if action in (LedgerAction.CONFIRM, LedgerAction.REOPEN):
            return access.is_centre(user) or is_evaluator(user) or own_community
        return False  # ESCALATE is the deadline scan's alone (actor None)

    def refusal(self, action: str) -> str:
        label = LedgerAction(action).label if action in LedgerAction.values else action
        return f"您无权对该问题执行「{label}」。"


ROUND_POLICY = RoundPolicy()
INSPECTION_POLICY = InspectionPolicy()
LEDGER_POLICY = LedgerItemPolicy()
