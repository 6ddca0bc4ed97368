"""The second factor: a TOTP authenticator app (django-otp), set up by scanning a QR code drawn
here (SVG, no outside service), asked for at sign-in once set up. Wrong codes count towards the
same lockout as wrong passwords; django-otp also slows repeated guesses on a device."""

from base64 import b32encode
from binascii import unhexlify

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiesu.accounts import access
from jiesu.accounts.signals import security_event
from jiesu.core.errors import NotPermitted

VERIFIED_KEY = "jiesu_2fa"
DEVICE_NAME = "验证器应用"


def device_for(user) -> TOTPDevice | None:
    """The user's confirmed authenticator, if they set one up."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def device_pending(user) -> TOTPDevice:
    """The authenticator being set up (a new secret until it is confirmed with a code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def verify(device: TOTPDevice, token: str) -> bool:
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, _ = device.verify_is_allowed()
        return bool(allowed) and device.verify_token(token)


def login_allowed(request, credentials: dict) -> bool:
    return AxesProxyHandler.is_allowed(request, credentials)


def mark_verified(request, device: TOTPDevice) -> None:
    otp_login(request, device)
    request.session[VERIFIED_KEY] = True


def device_confirm(*, user, token: str, request) -> bool:
    """Turn the second factor on, if `token` comes from the app that scanned the code."""
    if not access.may_use_two_factor(user):
        raise NotPermitted("您的角色无需设置二次验证。")
    device = device_pending(user)
    if not verify(device, token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    mark_verified(request, device)
    security_event.send(__name__, kind="two_factor_on", request=request, user=user, target=str(user))
    return True


def device_remove(*, user, token: str, request) -> bool:
    """Turn the second factor off; a current code proves the user still holds the app."""
    device = device_for(user)
    if device is None or not verify(device, token):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    request.session.pop(VERIFIED_KEY, None)
    security_event.send(__name__, kind="two_factor_off", request=request, user=user, target=str(user))
    return True


def secret_text(device: TOTPDevice) -> str:
    """The secret in the base-32 form apps accept when typed in, in groups of four."""
    secret = b32encode(unhexlify(device.key)).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1f2933", light="#ffffff")
    return mark_safe(svg)  # noqa: S308 — drawn here from our own URL, no user text in it
