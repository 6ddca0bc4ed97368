"""The audit log is read by the auditor (安全审计员) and by no other role (三员分立)."""

from django.db.models import QuerySet

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.audit.models import AuditLog


class AuditLogPolicy(access.Policy):
    model = AuditLog
    noun = "审计日志"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        return objects if access.role_of(user) == Role.AUDITOR else objects.none()

    def can(self, user, action: str, obj) -> bool:
        return action == "view" and access.role_of(user) == Role.AUDITOR

    def refusal(self, action: str) -> str:
        return "只有安全审计员可以查看审计日志。"


POLICY = AuditLogPolicy()
