"""Who sees the public submissions (registered in apps.py): whoever sees their orders."""

from django.db.models import QuerySet

from jiesu.accounts import access
from jiesu.public.models import Submission
from jiesu.workorders.models import WorkOrder


class SubmissionPolicy(access.Policy):
    model = Submission
    noun = "该公众提交"

    def scope(self, user, objects: QuerySet) -> QuerySet:
        seen = access.visibility(user)
        if seen.street_wide:
            return objects
        if seen.empty:
            return objects.none()
        return objects.filter(order__in=access.scope(user, WorkOrder))

    def can(self, user, action: str, obj) -> bool:
        if action == "view":
            return obj is not None and self.scope(user, Submission.objects.filter(pk=obj.pk)).exists()
        if action == "export":
            return not access.visibility(user).empty
        return False


POLICY = SubmissionPolicy()
