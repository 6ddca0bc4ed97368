"""The alert policy: who sees which surge alerts and may act on them (registered in apps.py).

Street-wide roles see every alert; a community worker sees their community's alerts and alerts
with orders their unit leads; property and department staff see alerts with orders they lead.
Acting (acknowledge, link an action, close) changes the alert for everyone who sees it, so it
needs scope over the whole alert — every one of its orders — not over one of them: a unit
leading one order of an 18-order street alert may see the alert but not close it for everyone.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from jiesu.accounts import access
from jiesu.hotspots.models import Alert, AlertOrder
from jiesu.workorders.models import WorkOrder


class AlertPolicy(access.Policy):
    model = Alert
    noun = "该预警"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        seen = access.visibility(user)
        if seen.street_wide:
            return objects
        if seen.empty:
            return objects.none()
        led = AlertOrder.objects.filter(alert_id=OuterRef("pk"), order__lead_unit_id__in=seen.unit_ids)
        visible = Q(Exists(led))
        if seen.community_id is not None:
            visible |= Q(community_id=seen.community_id)
        return objects.filter(visible)

    def can(self, user, action: str, obj) -> bool:
        if action == "view":
            return obj is not None and self.scope(user, Alert.objects.filter(pk=obj.pk)).exists()
        if action in ("acknowledge", "link_action", "close"):
            if access.is_leader(user) or obj is None:
                return False
            orders = WorkOrder.objects.filter(
                pk__in=AlertOrder.objects.filter(alert_id=obj.pk).values("order_id")
            )
            return access.covers_all(user, WorkOrder, orders)
        return False

    def refusal(self, action: str) -> str:
        return "预警不存在、不在您的权限范围内，或您无权处理。"


POLICY = AlertPolicy()
