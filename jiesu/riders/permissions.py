"""Who sees and does what with stations, cards, benefit uses and riders' reports (registered in apps.py).

- Centre roles (dispatcher, centre admin) see and manage everything; the leader sees everything
  and changes nothing.
- A community worker sees and manages their community's stations and the benefit uses there, and
  the riders' reports whose orders they see.
- Station staff see their own stations only, verify cards and record benefits there.
- Riders' reports follow their orders: whoever sees the order sees the report (a community its
  community's, a unit the orders it handles); only centre roles judge them.
- Everyone else (evaluator, the security roles; property, department and grid workers for
  stations, cards and benefits) sees nothing.
"""

from django.db.models import QuerySet

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.riders.models import BenefitUse, RestStation, Rider, RiderReport
from jiesu.workorders.models import WorkOrder


def _is_station_staff(user) -> bool:
    return access.role_of(user) == Role.STATION_STAFF


def _community_of(user) -> int | None:
    return access.user_community_id(user) if access.role_of(user) == Role.COMMUNITY else None


class RestStationPolicy(access.Policy):
    model = RestStation
    noun = "该驿站"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        if access.is_street_wide(user):
            return objects
        if _is_station_staff(user):
            return objects.filter(staff=user)
        community_id = _community_of(user)
        return objects.filter(community_id=community_id) if community_id else objects.none()

    def can(self, user, action: str, obj) -> bool:
        if action == "view":
            return obj is not None and self.scope(user, RestStation.objects.filter(pk=obj.pk)).exists()
        if action == "export":
            return access.is_street_wide(user) or _is_station_staff(user) or _community_of(user) is not None
        if action == "verify":  # check a card and record a benefit: the station's own staff
            if not _is_station_staff(user):
                return False
            stations = obj.staff if obj is not None else RestStation.objects.filter(staff=user)
            return stations.filter(pk=user.pk).exists() if obj is not None else stations.exists()
        if action in ("create", "change", "close", "reopen", "assign_staff"):
            if access.manages_street(user):
                return True
            community_id = _community_of(user)
            if community_id is None:
                return False
            return obj is None or obj.community_id == community_id
        return False


class RiderPolicy(access.Policy):
    model = Rider
    noun = "该骑手"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        return objects if access.is_street_wide(user) else objects.none()

    def can(self, user, action: str, obj) -> bool:
        if action in ("view", "export"):
            return access.is_street_wide(user)
        if action in ("replace", "revoke"):
            return access.manages_street(user)
        return False


class BenefitUsePolicy(access.Policy):
    model = BenefitUse
    noun = "该使用记录"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        stations = access.scope(user, RestStation)
        if access.is_street_wide(user):
            return objects
        return objects.filter(station__in=stations)

    def can(self, user, action: str, obj) -> bool:
        if action == "view":
            return obj is not None and self.scope(user, BenefitUse.objects.filter(pk=obj.pk)).exists()
        if action == "export":
            return access.is_street_wide(user) or _is_station_staff(user) or _community_of(user) is not None
        return False


class RiderReportPolicy(access.Policy):
    model = RiderReport
    noun = "该小哥说事"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        seen = access.visibility(user)
        if seen.street_wide:
            return objects
        if seen.empty:
            return objects.none()
        return objects.filter(order__in=access.scope(user, WorkOrder))

    def can(self, user, action: str, obj) -> bool:
        if action == "view":
            return obj is not None and self.scope(user, RiderReport.objects.filter(pk=obj.pk)).exists()
        if action == "export":
            return not access.visibility(user).empty
        if action in ("confirm", "reject"):
            return access.manages_street(user)
        return False


POLICIES = (RestStationPolicy(), RiderPolicy(), BenefitUsePolicy(), RiderReportPolicy())
