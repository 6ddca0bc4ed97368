"""The community's side on each summoned unit: 确认解决, 退回重办, 撤回召集, 评价单位."""

from datetime import datetime

from django.utils import timezone

from jiesu.core.errors import TransitionNotAllowed, ValidationFailed
from jiesu.whistles.models import Summons, Whistle
from jiesu.whistles.services._perform import summons_perform
from jiesu.whistles.services.inputs import text_clean
from jiesu.whistles.states import SummonsAction, SummonsStatus

SCORES = range(1, 6)


def summons_confirm(
    *,
    summons_id: int,
    actor,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Summons:
    """The community confirms the unit's result solved the problem (the whistle is solved when every
    unit's result is)."""
    now = now or timezone.now()
    note = text_clean(note, label="说明", limit=500, required=False)

    def change(summons: Summons, whistle: Whistle) -> tuple[dict, dict]:
        summons.solved_at = now
        return {}, {"solved_at": now}

    return summons_perform(
        summons_id=summons_id,
        action=SummonsAction.CONFIRM,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
        now=now,
    )


def summons_send_back(
    *, summons_id: int, actor, reason: str, expected_version: int | None = None, now: datetime | None = None
) -> Summons:
    """Not solved: the unit handles it again and reports anew."""
    now = now or timezone.now()
    reason = text_clean(reason, label="退回原因", limit=500)

    def change(summons: Summons, whistle: Whistle) -> tuple[dict, dict]:
        old = {"send_backs": summons.send_backs, "reported_at": summons.reported_at}
        summons.send_backs += 1
        summons.reported_at = None
        return old, {"send_backs": summons.send_backs, "reported_at": None}

    return summons_perform(
        summons_id=summons_id,
        action=SummonsAction.SEND_BACK,
        actor=actor,
        change=change,
        note=reason,
        expected_version=expected_version,
        now=now,
    )


def summons_withdraw(
    *, summons_id: int, actor, reason: str, expected_version: int | None = None, now: datetime | None = None
) -> Summons:
    """A unit summoned by mistake (or no longer needed) is released; one unit must remain."""
    now = now or timezone.now()
    reason = text_clean(reason, label="撤回原因", limit=500)

    def change(summons: Summons, whistle: Whistle) -> tuple[dict, dict]:
        others = (
            Summons.objects.filter(whistle=whistle)
            .exclude(pk=summons.pk)
            .exclude(status=SummonsStatus.WITHDRAWN)
        )
        if not others.exists():
            raise ValidationFailed("这是最后一个召集单位，不能撤回；如事项不再需要处理，请撤销吹哨。")
        return {}, {}

    return summons_perform(
        summons_id=summons_id,
        action=SummonsAction.WITHDRAW,
        actor=actor,
        change=change,
        note=reason,
        expected_version=expected_version,
        now=now,
    )


def summons_rate_unit(
    *,
    summons_id: int,
    actor,
    on_time: int,
    effective: int,
    satisfied: int,
    note: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Summons:
    """The community rates a unit whose result it confirmed: 报到及时, 处置有效, 总体满意, each 1–5."""
    now = now or timezone.now()
    scores = {"on_time": on_time, "effective": effective, "satisfied": satisfied}
    if any(score not in SCORES for score in scores.values()):
        raise ValidationFailed("评分应为 1 到 5 分。")
    note = text_clean(note, label="评价说明", limit=500, required=False)

    def change(summons: Summons, whistle: Whistle) -> tuple[dict, dict]:
        if summons.rated_at is not None:
            raise TransitionNotAllowed("已评价过该单位，不能重复评价。")
        summons.rating_on_time, summons.rating_effective, summons.rating_satisfied = (
            on_time,
            effective,
            satisfied,
        )
        summons.rating_note, summons.rated_at = note, now
        return {}, scores

    return summons_perform(
        summons_id=summons_id,
        action=SummonsAction.RATE_UNIT,
        actor=actor,
        change=change,
        note=note,
        expected_version=expected_version,
        now=now,
    )
