"""The optional second factor (TOTP) for centre and admin roles: set up by scanning a QR code drawn
here, then asked for at every sign-in; wrong codes count towards the lockout."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiesu.accounts.models import Role
from jiesu.audit.models import AuditLog
from tests.accounts.conftest import sign_in, signed_in
from tests.factories import UserFactory


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def fresh(device: TOTPDevice) -> TOTPDevice:
    """The device as a later time step finds it (a code is accepted once per step)."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    return TOTPDevice.objects.get(pk=device.pk)


@pytest.fixture
def dispatcher_with_device(db):
    user = UserFactory(username="paidan", role=Role.DISPATCHER)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return user, device


def test_set_up_shows_a_local_qr_code_and_turns_on_with_a_code(client, db):
    user = UserFactory(role=Role.DISPATCHER)
    client.force_login(user)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in page and "http://" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "otpauth" not in page  # the secret is drawn, not linked to any service
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = "000000" if code(device) != "000000" else "111111"
    assert client.post(reverse("two_factor_setup"), {"token": wrong}).status_code == 200
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    response = client.post(reverse("two_factor_setup"), {"token": code(fresh(device))})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert AuditLog.objects.filter(kind="two_factor_on", user=user).exists()


@pytest.mark.parametrize("role", [Role.COMMUNITY, Role.PROPERTY, Role.DEPARTMENT, Role.LEADER])
def test_other_roles_have_no_second_factor_page(client, db, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("two_factor_setup")).status_code == 403


def test_sign_in_asks_for_the_code_before_the_session_starts(client, dispatcher_with_device):
    user, device = dispatcher_with_device
    response = sign_in(client, "paidan")
    assert response.status_code == 302 and response["Location"] == reverse("login_verify")
    assert not signed_in(client)
    assert client.get(reverse("workbench")).status_code == 302  # no way round the code
    wrong = client.post(reverse("login_verify"), {"token": "12345"})
    assert wrong.status_code == 200 and not signed_in(client)
    right = client.post(reverse("login_verify"), {"token": code(fresh(device))})
    assert right.status_code == 302 and signed_in(client)
    assert client.get(reverse("workbench")).status_code == 200


def test_wrong_codes_count_towards_the_lockout(client, dispatcher_with_device, settings):
    user, device = dispatcher_with_device
    sign_in(client, "paidan")
    for _ in range(settings.JIESU_LOGIN_FAILURES_PER_ACCOUNT):
        fresh(device)
        response = client.post(reverse("login_verify"), {"token": "000001"})
    assert response.status_code == 429 and not signed_in(client)
    assert (
        AuditLog.objects.filter(kind="login_failed", username="paidan", detail__reason="two_factor").count()
        >= 4
    )
    # even the right password and code are refused now
    assert sign_in(client, "paidan").status_code == 429


def test_a_user_turns_the_second_factor_off_with_a_current_code(client, dispatcher_with_device):
    user, device = dispatcher_with_device
    client.force_login(user)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "已开启" in page
    assert client.post(reverse("two_factor_setup"), {"token": code(fresh(device))}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditLog.objects.filter(kind="two_factor_off", user=user).exists()


def test_when_required_centre_roles_set_it_up_first(client, db, settings):
    settings.JIESU_OTP_REQUIRED = True
    client.force_login(UserFactory(role=Role.CENTRE_ADMIN))
    assert client.get(reverse("workbench"))["Location"] == reverse("two_factor_setup")
    unit_user = UserFactory(role=Role.COMMUNITY)
    client.force_login(unit_user)
    assert client.get(reverse("workbench")).status_code == 200


def test_the_security_admin_resets_a_device_but_never_sees_its_secret(client, dispatcher_with_device):
    user, device = dispatcher_with_device
    client.force_login(UserFactory(role=Role.SECURITY_ADMIN))
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert change.status_code == 200 and device.key not in change.content.decode()
    assert client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk])).status_code == 403
    assert client.get(reverse("admin:otp_totp_totpdevice_qrcode", args=[device.pk])).status_code == 403
    client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()


def test_the_secret_can_be_typed_in(client, db):
    client.force_login(UserFactory(role=Role.SECURITY_ADMIN))
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert re.search(r'class="secret">[A-Z2-7 ]{20,}<', page)
