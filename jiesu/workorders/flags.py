"""The rules of an order's check flags (待核实), in one place: who raises them and what clears them.

- `unknown_category`: an import's 12345 category text matched no category; cleared once the
  order has a category.
- `unresolved_place`: the address placed the order in no community; cleared once it has a
  community or a compound.
- `unknown_unit`: an import's 承办单位 matched no unit (the import re-evaluates it per row).

Registration, correction, the import and the demo's lifecycle all call `flags_settle`.
"""

from jiesu.workorders.models import Flag


def flags_settle(flags, *, category_id, community_id, compound_id) -> list[str]:
    """`flags` without those the order's category and place now answer, sorted."""
    settled = {str(flag) for flag in flags}
    if category_id:
        settled.discard(Flag.UNKNOWN_CATEGORY.value)
    if community_id or compound_id:
        settled.discard(Flag.UNRESOLVED_PLACE.value)
    return sorted(settled)


def flags_at_registration(*, community_id) -> list[str]:
    """A registered order is flagged when its address found no community."""
    return [] if community_id else [Flag.UNRESOLVED_PLACE.value]
