"""Background jobs are seen by who started them and by the centre admins."""

from django.db.models import Q, QuerySet

from jiesu.accounts import access
from jiesu.accounts.models import Role
from jiesu.core.models import Job


class JobPolicy(access.Policy):
    model = Job
    noun = "该任务"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        if access.role_of(user) == Role.CENTRE_ADMIN:
            return objects
        return objects.filter(Q(created_by=user))

    def can(self, user, action: str, obj) -> bool:
        if action == "view":
            return obj is not None and self.scope(user, Job.objects.filter(pk=obj.pk)).exists()
        return False


POLICY = JobPolicy()
