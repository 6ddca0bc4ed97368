"""Sign-in: lockout per account and per address (django-axes), the demo password outside the demo,
the admin's door, and what each step writes to the audit log."""

import pytest
from django.urls import reverse

from jiesu.accounts.models import Role
from jiesu.accounts.services import users_unlock
from jiesu.audit.models import AuditLog
from tests.accounts.conftest import PASSWORD, sign_in, signed_in
from tests.factories import UserFactory


def test_the_right_password_signs_in_and_is_audited(client, person):
    response = sign_in(client, "zhangsan")
    assert response.status_code == 302 and signed_in(client)
    row = AuditLog.objects.get(kind="login")
    assert (row.user, row.username, row.ip) == (person, "zhangsan", "10.0.0.1")


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(client, person, settings):
    for _ in range(settings.JIESU_LOGIN_FAILURES_PER_ACCOUNT - 1):
        assert sign_in(client, "zhangsan", "wrong").status_code == 200
    assert sign_in(client, "zhangsan", "wrong").status_code == 429  # the fifth locks
    locked = sign_in(client, "zhangsan", PASSWORD)
    assert locked.status_code == 429 and not signed_in(client)
    assert "登录失败次数过多" in locked.content.decode()
    # ... from another address too: the account itself is locked
    assert sign_in(client, "zhangsan", PASSWORD, ip="10.9.9.9").status_code == 429
    assert AuditLog.objects.filter(kind="login_failed", username="zhangsan").count() >= 5
    assert AuditLog.objects.filter(kind="locked_out").exists()


def test_one_address_trying_many_accounts_is_locked(client, db, settings):
    UserFactory(username="victim", role=Role.DISPATCHER)
    for n in range(settings.JIESU_LOGIN_FAILURES_PER_IP):
        sign_in(client, f"guess{n}", "wrong", ip="10.6.6.6")
    assert sign_in(client, "victim", PASSWORD, ip="10.6.6.6").status_code == 429
    # the account is not locked for everyone else
    assert sign_in(client, "victim", PASSWORD, ip="10.1.1.1").status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock(client, person, settings):
    for _ in range(settings.JIESU_LOGIN_FAILURES_PER_ACCOUNT - 1):
        sign_in(client, "zhangsan", "wrong")
    assert sign_in(client, "zhangsan").status_code == 302


def test_the_security_admin_unlocks_an_account(client, person, settings):
    for _ in range(settings.JIESU_LOGIN_FAILURES_PER_ACCOUNT):
        sign_in(client, "zhangsan", "wrong")
    secadmin = UserFactory(role=Role.SECURITY_ADMIN)
    assert users_unlock(users=[person], actor=secadmin) >= 1
    assert sign_in(client, "zhangsan").status_code == 302


def test_nobody_else_unlocks(person):
    from jiesu.core.errors import NotPermitted

    for role in (Role.CENTRE_ADMIN, Role.AUDITOR, Role.DISPATCHER):
        with pytest.raises(NotPermitted):
            users_unlock(users=[person], actor=UserFactory(role=role))


def test_the_demo_password_is_refused_outside_the_demo(client, db, settings):
    settings.JIESU_DEMO = False
    user = UserFactory(username="demo-user", role=Role.DISPATCHER)
    user.set_password(settings.JIESU_DEMO_PASSWORD)
    user.save()
    response = sign_in(client, "demo-user", settings.JIESU_DEMO_PASSWORD)
    assert response.status_code == 200 and not signed_in(client)
    assert "演示环境的公共密码" in response.content.decode()
    assert AuditLog.objects.get(kind="login_failed").detail == {"reason": "demo_password"}


def test_the_demo_password_works_in_the_demo(client, db, settings):
    settings.JIESU_DEMO = True
    user = UserFactory(username="demo-user", role=Role.DISPATCHER)
    user.set_password(settings.JIESU_DEMO_PASSWORD)
    user.save()
    assert sign_in(client, "demo-user", settings.JIESU_DEMO_PASSWORD).status_code == 302


def test_sign_out_is_audited(client, person):
    sign_in(client, "zhangsan")
    client.post(reverse("logout"))
    assert not signed_in(client)
    assert AuditLog.objects.filter(kind="logout", user=person).exists()


def test_the_admin_login_page_sends_people_to_the_one_login(client, db):
    response = client.get(reverse("admin:login") + "?next=/admin/places/")
    assert response.status_code == 302
    assert (
        response["Location"].startswith(reverse("login"))
        and "next=%2Fadmin%2Fplaces%2F" in response["Location"]
    )


def test_a_signed_in_user_without_admin_rights_gets_a_403_not_a_loop(client, person):
    client.force_login(person)
    response = client.get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
