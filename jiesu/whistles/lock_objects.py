"""Named row locks. A step locks its whistle first, then the summonses it touches in primary-key
order, so two steps on one whistle never deadlock and never both read the old state."""

from jiesu.whistles.models import Summons, Whistle


def whistle_lock(*, whistle_id: int) -> Whistle:
    return Whistle.objects.select_for_update().get(pk=whistle_id)


def whistle_lock_for_summons(*, summons_id: int) -> Whistle:
    """The whistle a summons belongs to, locked (only the whistle's row: `of=self`)."""
    return Whistle.objects.select_for_update(of=("self",)).get(summonses__pk=summons_id)


def summons_lock(*, summons_id: int) -> Summons:
    return Summons.objects.select_for_update().get(pk=summons_id)
