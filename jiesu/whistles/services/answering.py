"""The summoned unit's side: 报到 (check in), 反馈结果 (report measures and result), 评价吹哨."""

from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone

from jiesu.core.errors import TransitionNotAllowed, ValidationFailed
from jiesu.core.photos import photo_attach
from jiesu.whistles.deadlines import working_clock
from jiesu.whistles.models import Summons, Whistle
from jiesu.whistles.services._perform import summons_perform
from jiesu.whistles.services.inputs import photos_checked, text_clean
from jiesu.whistles.states import SummonsAction


def summons_check_in(
    *,
    summons_id: int,
    actor,
    on_site: bool,
    person: str = "",
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Summons:
    """The unit reports: who came, whether on site; on time when before the stored deadline."""
    now = now or timezone.now()
    person = text_clean(person, label="报到人", limit=50, required=False) or str(actor)
    note = text_clean(note, label="说明", limit=500, required=False)

    def change(summons: Summons, whistle: Whistle) -> tuple[dict, dict]:
        summons.checked_in_at = now
        summons.checked_in_by = actor
        summons.check_in_person = person
        summons.on_site = bool(on_site)
        summons.on_time = now <= summons.check_in_due
        summons.check_in_working_hours = round(working_clock().between(summons.summoned_at, now), 2)
        return {}, {
            "checked_in_at": now,
            "person": person,
            "on_site": summons.on_site,
            "on_time": summons.on_time,
            "working_hours": summons.check_in_working_hours,
        }

    return summons_perform(
        summons_id=summons_id,
        action=SummonsAction.CHECK_IN,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
        now=now,
    )


def summons_report(
    *,
    summons_id: int,
    actor,
    measures: str,
    result: str,
    photos: Sequence = (),
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Summons:
    """The unit records what it did and what came of it; the community then confirms or sends back."""
    now = now or timezone.now()
    measures = text_clean(measures, label="处置措施", limit=2000)
    result = text_clean(result, label="处置结果", limit=2000)
    photos = photos_checked(photos)

    def change(summons: Summons, whistle: Whistle) -> tuple[dict, dict]:
        old = {"measures": summons.measures, "result": summons.result} if summons.result else {}
        summons.measures, summons.result, summons.reported_at = measures, result, now
        for photo in photos:
            photo_attach(subject=summons, upload=photo, actor=actor, role="处置后")
        return old, {"measures": measures, "result": result, "photos": len(photos)}

    return summons_perform(
        summons_id=summons_id,
        action=SummonsAction.REPORT,
        actor=actor,
        change=change,
        expected_version=expected_version,
        now=now,
    )


def summons_rate_whistle(
    *,
    summons_id: int,
    actor,
    reasonable: bool,
    reason: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Summons:
    """The unit says whether the whistle was reasonable (a reason is required when it was not)."""
    now = now or timezone.now()
    reason = text_clean(reason, label="理由", limit=500, required=not reasonable)

    def change(summons: Summons, whistle: Whistle) -> tuple[dict, dict]:
        if summons.whistle_rated_at is not None:
            raise TransitionNotAllowed("本单位已评价过该吹哨，不能重复评价。")
        summons.whistle_reasonable, summons.whistle_reason, summons.whistle_rated_at = reasonable, reason, now
        return {}, {"reasonable": reasonable, "reason": reason}

    if reasonable not in (True, False):
        raise ValidationFailed("请选择吹哨是否合理。")
    return summons_perform(
        summons_id=summons_id,
        action=SummonsAction.RATE_WHISTLE,
        actor=actor,
        change=change,
        expected_version=expected_version,
        now=now,
    )
