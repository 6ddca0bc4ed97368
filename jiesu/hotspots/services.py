"""Every write to hotspot alerts. Each change writes one AlertEvent in the same transaction."""

from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from jiesu.core.links import link_is_safe
from jiesu.core.normalise import clean_line
from jiesu.hotspots.models import Alert, AlertEvent, AlertEventKind, AlertStatus
from jiesu.hotspots.scan import ScanResult, hotspot_scan

__all__ = ["ScanResult", "alert_acknowledge", "alert_close", "alert_link_action", "hotspot_scan"]

# action → (statuses it may start from, status it leads to; None keeps the status)
TRANSITIONS: dict[str, tuple[set[str], str | None]] = {
    "acknowledge": ({AlertStatus.OPEN}, AlertStatus.ACKNOWLEDGED),
    "link_action": ({AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED}, AlertStatus.ACKNOWLEDGED),
    "close": ({AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED}, AlertStatus.CLOSED),
}
ACTION_NAMES = {"acknowledge": "确认", "link_action": "关联行动", "close": "关闭"}


def _locked(*, alert_id: int, actor, action: str) -> Alert:
    """The alert under a row lock, if `actor` may see it and act, and the action may start here."""
    alert = Alert.objects.select_for_update().filter(pk=alert_id).first()
    if alert is None or not access.can(actor, action, alert):
        raise NotPermitted("预警不存在、不在您的权限范围内，或您无权处理。")
    allowed, _ = TRANSITIONS[action]
    if alert.status not in allowed:
        raise TransitionNotAllowed(f"预警{alert.get_status_display()}，不能{ACTION_NAMES[action]}。")
    return alert


def _apply(alert: Alert, *, action: str, actor, note: str, changes: dict, kind: str) -> Alert:
    target = TRANSITIONS[action][1]
    now = timezone.now()
    if target and target != alert.status:
        changes["status"] = target
    if target == AlertStatus.ACKNOWLEDGED and not alert.acknowledged_by_id:
        changes["acknowledged_by_id"] = actor.pk
        changes["acknowledged_at"] = now
    old = {field: _plain(getattr(alert, field)) for field in changes}
    for field, value in changes.items():
        setattr(alert, field, value)
    alert.save(update_fields=[f.removesuffix("_id") for f in changes])
    new = {field: _plain(value) for field, value in changes.items()}
    AlertEvent.objects.create(alert=alert, kind=kind, actor=actor, at=now, old=old, new=new, note=note)
    return alert


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def alert_acknowledge(*, alert_id: int, actor, note: str = "") -> Alert:
    alert = _locked(alert_id=alert_id, actor=actor, action="acknowledge")
    changes = {"note": note.strip()} if note.strip() else {}
    return _apply(alert, action="acknowledge", actor=actor, note=note.strip(), changes=changes,
                  kind=AlertEventKind.ACKNOWLEDGED)  # fmt: skip


@transaction.atomic
def alert_link_action(
    *, alert_id: int, actor, action_text: str, action_url: str = "", note: str = ""
) -> Alert:
    action_text, action_url = clean_line(action_text), action_url.strip()
    if not action_text:
        raise ValidationFailed("请填写关联的行动（如 主动治理项目、吹哨报到、维修安排）。")
    if action_url and not link_is_safe(action_url):
        raise ValidationFailed("行动链接只能是本系统内的地址（以 / 开头），或管理员允许的网站地址。")
    alert = _locked(alert_id=alert_id, actor=actor, action="link_action")
    changes = {"action_text": action_text[:200], "action_url": action_url[:300]}
    return _apply(alert, action="link_action", actor=actor, note=note.strip(), changes=changes,
                  kind=AlertEventKind.ACTION_LINKED)  # fmt: skip


@transaction.atomic
def alert_close(*, alert_id: int, actor, note: str = "") -> Alert:
    alert = _locked(alert_id=alert_id, actor=actor, action="close")
    return _apply(
        alert, action="close", actor=actor, note=note.strip(), changes={}, kind=AlertEventKind.CLOSED
    )
