"""Who sees which whistles and may do what with them (registered with `jiesu.accounts.access`).

- Street-wide roles (dispatcher, centre admin, leader) see every whistle; the leader only reads.
- A community worker sees the whistles of their community; a grid worker reads them.
- A unit (department, utility, property company with its projects, co-building unit) sees the
  whistles that summon it — and on them every summoned unit's check-in, so each sees who came.
- Evaluators, station staff and the security roles see none.

The community side (the whistle's community worker, or the centre) blows, summons more, links
orders, cancels, withdraws a summons, confirms or sends back a result and rates the units. The
unit side (a member of the summoned unit) checks in, reports its result and rates the whistle.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.whistles.models import Summons, Whistle
from jiesu.whistles.states import SummonsAction, WhistleAction

COMMUNITY_SIDE = {
    WhistleAction.SUMMON_MORE,
    WhistleAction.LINK,
    WhistleAction.CANCEL,
    SummonsAction.CONFIRM,
    SummonsAction.SEND_BACK,
    SummonsAction.WITHDRAW,
    SummonsAction.RATE_UNIT,
}
UNIT_SIDE = {SummonsAction.CHECK_IN, SummonsAction.REPORT, SummonsAction.RATE_WHISTLE}
LABELS = (
    {"view": "查看", "blow": "吹哨", "export": "导出"}
    | dict(WhistleAction.choices)
    | dict(SummonsAction.choices)
)


def whistle_visible_q(seen: access.Visibility) -> Q:
    summoned = Summons.objects.filter(whistle_id=OuterRef("pk"), unit_id__in=seen.unit_ids)
    visible = Q(Exists(summoned))
    if seen.community_id is not None:
        visible |= Q(community_id=seen.community_id)
    return visible


def may_blow(user) -> bool:
    if access.is_leader(user):
        return False
    if access.is_centre(user):
        return True
    return access.role_of(user) == Role.COMMUNITY and access.user_community_id(user) is not None


def may_blow_about(user, order) -> bool:
    """May the user blow a whistle about this order (the centre: any; a community worker: one in
    their community)?"""
    if not may_blow(user):
        return False
    return access.is_centre(user) or (
        order.community_id is not None and order.community_id == access.user_community_id(user)
    )


def is_community_side(user, whistle: Whistle) -> bool:
    if access.is_leader(user):
        return False
    if access.is_centre(user):
        return True
    return access.role_of(user) == Role.COMMUNITY and access.user_community_id(user) == whistle.community_id


def is_unit_side(user, summons: Summons) -> bool:
    if access.is_leader(user) or access.visibility(user).empty:
        return False
    return summons.unit_id in access.user_units(user)


class WhistlePolicy(access.Policy):
    model = Whistle
    noun = "该吹哨"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        seen = access.visibility(user)
        if seen.street_wide:
            return objects
        if seen.empty:
            return objects.none()
        return objects.filter(whistle_visible_q(seen))

    def can(self, user, action: str, obj) -> bool:
        if action == "blow":
            return may_blow(user)
        if action == "export":
            return not access.visibility(user).empty
        if obj is None:
            return False
        if action == "view":
            return self.scope(user, Whistle.objects.filter(pk=obj.pk)).exists()
        if action in COMMUNITY_SIDE:
            return is_community_side(user, obj)
        return False

    def refusal(self, action: str) -> str:
        return f"您无权对该吹哨执行「{LABELS.get(action, action)}」。"


class SummonsPolicy(access.Policy):
    model = Summons
    noun = "该召集"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        return objects.filter(whistle__in=access.scope(user, Whistle))

    def can(self, user, action: str, obj) -> bool:
        if obj is None:
            return False
        if action == "view":
            return access.can(user, "view", obj.whistle)
        if action in COMMUNITY_SIDE:
            return is_community_side(user, obj.whistle)
        if action in UNIT_SIDE:
            return is_unit_side(user, obj)
        return False

    def refusal(self, action: str) -> str:
        return f"您无权执行「{LABELS.get(action, action)}」。"


WHISTLE_POLICY = WhistlePolicy()
SUMMONS_POLICY = SummonsPolicy()
