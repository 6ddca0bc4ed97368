"""The one path every step on a whistle takes: lock, check, change, follow, record — one transaction.

1. lock the whistle, then the summons the step is about (`lock_objects`);
2. compare the version the person saw → ConcurrentChange;
3. ask the table for the new status → TransitionNotAllowed (before the permission: whoever
   loses a race learns that the whistle moved on, not that they lack a right they had);
4. ask the access policy → NotPermitted (`actor` None is the system: the deadline scan);
5. apply the change, let the whistle follow its summonses (`states.whistle_status_for`),
   bump both versions and write ONE `WhistleEvent` with the old and new values of both.
"""

from collections.abc import Callable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from jiesu.accounts import access
from jiesu.core.errors import ConcurrentChange
from jiesu.core.events import event_record
from jiesu.whistles.lock_objects import summons_lock, whistle_lock, whistle_lock_for_summons
from jiesu.whistles.models import Summons, Whistle, WhistleEvent, WhistleLink
from jiesu.whistles.states import FOLLOW, SUMMONS, WHISTLE, WhistleStatus, whistle_status_for

CHANGED = "该吹哨已被他人修改，请刷新后重试。"

# a change mutates the locked object(s) and returns (old, new) dicts of what it changed
SummonsChange = Callable[[Summons, Whistle], tuple[dict, dict]]
WhistleChange = Callable[[Whistle], tuple[dict, dict]]


def summons_perform(
    *,
    summons_id: int,
    action: str,
    actor,
    change: SummonsChange,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Summons:
    now = now or timezone.now()
    with transaction.atomic():
        whistle = whistle_lock_for_summons(summons_id=summons_id)
        summons = summons_lock(summons_id=summons_id)
        summons.whistle = whistle
        if expected_version is not None and summons.version != expected_version:
            raise ConcurrentChange(CHANGED)
        old_status = summons.status
        new_status = SUMMONS.target(action, old_status)
        if actor is not None:
            access.ensure(actor, action, summons)
        old, new = change(summons, whistle)
        if new_status != old_status:
            old, new = {"status": old_status, **old}, {"status": new_status, **new}
            summons.status = new_status
        summons.version += 1
        summons.save()
        followed = whistle_follow(whistle=whistle, now=now)
        if followed:
            old["whistle_status"], new["whistle_status"] = followed
        whistle.version += 1
        whistle.save()
        event_record(
            WhistleEvent,
            kind=action,
            actor=actor,
            old=old,
            new=new,
            note=note,
            at=now,
            whistle=whistle,
            summons=summons,
        )
    return summons


def whistle_follow(*, whistle: Whistle, now: datetime) -> tuple[str, str] | None:
    """Move the (locked) whistle to the status its summonses give it; (old, new) when it moved."""
    if whistle.status == WhistleStatus.CANCELLED:
        return None
    statuses = list(Summons.objects.filter(whistle_id=whistle.pk).values_list("status", flat=True))
    wanted = whistle_status_for(statuses)
    old = whistle.status
    if wanted == old:
        return None
    target = WHISTLE.target(FOLLOW[(old, wanted)], old)
    whistle.status = target
    whistle.solved_at = now if target == WhistleStatus.SOLVED else None
    return old, target


def whistle_perform(
    *,
    whistle_id: int,
    action: str,
    actor,
    change: WhistleChange,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Whistle:
    now = now or timezone.now()
    with transaction.atomic():
        whistle = whistle_lock(whistle_id=whistle_id)
        if expected_version is not None and whistle.version != expected_version:
            raise ConcurrentChange(CHANGED)
        old_status = whistle.status
        new_status = WHISTLE.target(action, old_status)
        if actor is not None:
            access.ensure(actor, action, whistle)
        old, new = change(whistle)
        if new_status != old_status:
            old, new = {"status": old_status, **old}, {"status": new_status, **new}
            whistle.status = new_status
        else:
            followed = whistle_follow(whistle=whistle, now=now)
            if followed:
                old["status"], new["status"] = followed
        whistle.version += 1
        whistle.save()
        event_record(
            WhistleEvent, kind=action, actor=actor, old=old, new=new, note=note, at=now, whistle=whistle
        )
    return whistle


def links_add(*, whistle: Whistle, objects: list, actor, now: datetime) -> list[str]:
    """Link `objects` the actor may see; returns '<kind>:<id>' of the new links (known ones skipped)."""
    added = []
    for obj in objects:
        content_type = ContentType.objects.get_for_model(obj)
        _, created = WhistleLink.objects.get_or_create(
            whistle=whistle,
            content_type=content_type,
            object_id=obj.pk,
            defaults={"added_by": actor, "added_at": now},
        )
        if created:
            added.append(f"{content_type.model}:{obj.pk}")
    return added
