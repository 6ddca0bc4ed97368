"""三员分立 in the Django admin: the security administrator manages accounts and lockouts only, the
centre admin the business master data only, the auditor nothing there (the audit page is theirs)
— a superuser flag changes none of it."""

import pytest
from django.urls import reverse

from jiesu.accounts.models import Role, User
from tests.factories import CompoundFactory, UserFactory

pytestmark = pytest.mark.django_db

BUSINESS = ["admin:places_compound_changelist", "admin:units_unit_changelist", "admin:workorders_category_changelist",
            "admin:workorders_deadlinerule_changelist", "admin:core_calendarday_changelist"]  # fmt: skip
SECURITY = ["admin:accounts_user_changelist", "admin:axes_accessattempt_changelist",
            "admin:otp_totp_totpdevice_changelist"]  # fmt: skip


def status(client, name: str) -> int:
    return client.get(reverse(name), follow=True).status_code


@pytest.fixture
def centre_admin():
    # the demo's centre admin is also a superuser: that must not open the security area
    return UserFactory(role=Role.CENTRE_ADMIN, is_superuser=True, is_staff=True)


def test_the_security_admin_manages_accounts_and_nothing_else(client):
    client.force_login(UserFactory(role=Role.SECURITY_ADMIN))
    assert status(client, "admin:index") == 200
    assert all(status(client, name) == 200 for name in SECURITY)
    assert all(status(client, name) == 403 for name in BUSINESS)


def test_the_centre_admin_keeps_master_data_and_no_accounts(client, centre_admin):
    client.force_login(centre_admin)
    assert all(status(client, name) == 200 for name in BUSINESS)
    assert all(status(client, name) == 403 for name in SECURITY)


@pytest.mark.parametrize(
    "role", [Role.AUDITOR, Role.DISPATCHER, Role.LEADER, Role.COMMUNITY, Role.DEPARTMENT]
)
def test_other_roles_do_not_enter_the_admin(client, role):
    client.force_login(UserFactory(role=role, is_staff=True))
    assert status(client, "admin:index") == 403
    assert status(client, "admin:places_compound_changelist") == 403


def test_the_security_admin_creates_an_account_that_must_change_its_password(client):
    client.force_login(UserFactory(role=Role.SECURITY_ADMIN))
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"username": "newstaff", "usable_password": "true", "password1": "Huailin#2025x",
         "password2": "Huailin#2025x", "display_name": "新同事", "role": Role.DISPATCHER},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="newstaff")
    assert user.must_change_password and user.is_staff is False and not user.is_superuser


def test_the_security_admin_cannot_delete_accounts_or_raise_themselves(client):
    secadmin = UserFactory(role=Role.SECURITY_ADMIN)
    other = UserFactory(role=Role.DISPATCHER)
    client.force_login(secadmin)
    assert client.get(reverse("admin:accounts_user_delete", args=[other.pk])).status_code == 403
    own = client.get(reverse("admin:accounts_user_change", args=[secadmin.pk])).content.decode()
    assert 'name="role"' not in own and 'name="is_superuser"' not in own
    assert (
        'name="role"' in client.get(reverse("admin:accounts_user_change", args=[other.pk])).content.decode()
    )


def test_the_centre_admin_cannot_change_roles(client, centre_admin):
    other = UserFactory(role=Role.DISPATCHER)
    client.force_login(centre_admin)
    assert (
        client.post(
            reverse("admin:accounts_user_change", args=[other.pk]), {"role": Role.AUDITOR}
        ).status_code
        == 403
    )
    other.refresh_from_db()
    assert other.role == Role.DISPATCHER


def test_names_entered_in_the_admin_lose_invisible_characters(client, centre_admin):
    compound = CompoundFactory(name="旧名")
    client.force_login(centre_admin)
    client.post(reverse("admin:core_calendarday_add"), {"date": "2025-10-11", "note": "调\u200b休\u202e上班"})
    from jiesu.core.models import CalendarDay

    assert CalendarDay.objects.get().note == "调休上班"
    assert compound.name == "旧名"
