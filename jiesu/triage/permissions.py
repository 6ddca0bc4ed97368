"""Who may look at the triage models and retrain them (registered with `jiesu.accounts.access`).

- Street-wide roles (dispatchers, centre admins, leaders) see the models and the guard on /triage/.
- Only a centre admin retrains (the new version replaces the active one only if not worse) and
  turns auto-dispatch or shadow mode on and off; a paused auto-dispatch is resumed by them too.
"""

from django.db.models import QuerySet

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.triage.models import ModelVersion

ADMIN_ACTIONS = {"train", "resume"}


class ModelVersionPolicy(access.Policy):
    model = ModelVersion
    noun = "分类模型"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        return objects if access.is_street_wide(user) else objects.none()

    def can(self, user, action: str, obj) -> bool:
        if action == "view":
            return access.is_street_wide(user)
        if action in ADMIN_ACTIONS:
            return access.role_of(user) == Role.CENTRE_ADMIN
        return False

    def refusal(self, action: str) -> str:
        if action in ADMIN_ACTIONS:
            return "只有中心管理员可以训练分类模型或恢复自动派单。"
        return "只有分拣中心和领导可以查看智能分拣概况。"


POLICY = ModelVersionPolicy()
