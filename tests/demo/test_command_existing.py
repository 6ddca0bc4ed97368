"""`jiesu demo` after someone already made a superuser: the demo keeps that account as it is."""

from io import StringIO

import pytest
from django.core.management import call_command

from jiesu.accounts.models import Role, User
from jiesu.workorders.models import WorkOrder


@pytest.mark.django_db
def test_an_existing_admin_is_kept_and_the_rest_of_the_demo_loads():
    User.objects.create_superuser(username="admin", password="own-secret", email="")
    out = StringIO()
    call_command("demo", "--from", "2026-11-23", "--until", "2026-11-26", "--password", "demo-pw", stdout=out)
    admin = User.objects.get(username="admin")
    assert admin.check_password("own-secret")
    assert User.objects.get(username="dispatcher").role == Role.DISPATCHER
    assert (
        WorkOrder.objects.filter(received_at__date__gte="2026-11-23").count()
        == WorkOrder.objects.count()
        > 100
    )
    assert "（已修改）" in out.getvalue() and "demo-pw" in out.getvalue()
