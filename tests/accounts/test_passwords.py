"""Password rules for staff: length and variety, never the demo password; expiry and resets force a
change before anything else."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jiesu.accounts.models import Role, User
from jiesu.audit.models import AuditLog
from tests.accounts.conftest import PASSWORD
from tests.factories import UserFactory

GOOD = "Huailin#2025x"


@pytest.mark.parametrize(
    "weak", ["12345678", "jiesu2024", "huailinjiedao", "Abcdefghij", "abc12345", "Short#1a"]
)
def test_weak_passwords_are_refused(weak, db):
    with pytest.raises(ValidationError):
        validate_password(weak, user=User(username="wangwu"))


def test_a_long_varied_password_is_accepted(db):
    validate_password(GOOD, user=User(username="wangwu"))


def test_an_expired_password_must_be_changed_before_anything_else(client, db, settings):
    user = UserFactory(role=Role.DISPATCHER)
    User.objects.filter(pk=user.pk).update(
        password_changed_at=timezone.now() - timedelta(days=settings.JIESU_PASSWORD_MAX_AGE_DAYS + 1)
    )
    client.force_login(user)
    response = client.get(reverse("order_list"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    page = client.get(reverse("password_change")).content.decode()
    assert "密码已过有效期" in page
    # htmx requests are sent to the same page
    assert client.get(reverse("order_list"), HTTP_HX_REQUEST="true")["HX-Redirect"] == reverse(
        "password_change"
    )


def test_a_recent_password_does_not_expire(client, db):
    client.force_login(UserFactory(role=Role.DISPATCHER))
    assert client.get(reverse("order_list")).status_code == 200


def test_changing_the_password_lets_the_user_in_again_and_is_audited(client, db):
    user = UserFactory(role=Role.DISPATCHER, must_change_password=True)
    client.force_login(user)
    assert client.get(reverse("workbench"))["Location"] == reverse("password_change")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": GOOD, "new_password2": GOOD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password(GOOD)
    assert user.password_changed_at > timezone.now() - timedelta(minutes=1)
    assert client.get(reverse("workbench")).status_code == 200  # still signed in
    assert AuditLog.objects.filter(kind="password_changed", user=user).exists()


def test_a_weak_new_password_is_refused_with_a_reason(client, db):
    user = UserFactory(role=Role.DISPATCHER)
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200 and "至少" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_password_the_security_admin_sets_must_be_changed(client, db):
    secadmin = UserFactory(role=Role.SECURITY_ADMIN)
    user = UserFactory(role=Role.COMMUNITY)
    client.force_login(secadmin)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": GOOD, "password2": GOOD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.must_change_password and user.check_password(GOOD)
