from jiesu.units.models import Unit


def unit_subtree_ids(*, unit_id: int) -> set[int]:
    """The unit and every unit below it (a property company and its service projects)."""
    ids = {unit_id}
    frontier = [unit_id]
    while frontier:
        frontier = list(
            Unit.objects.filter(parent_id__in=frontier).exclude(id__in=ids).values_list("id", flat=True)
        )
        ids.update(frontier)
    return ids


def unit_dispatchable() -> list[Unit]:
    """Units an order can be dispatched to: active, and not a property company's head office."""
    return list(
        Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.PROPERTY_COMPANY).order_by("kind", "name")
    )


def unit_by_name(*, name: str) -> Unit | None:
    name = (name or "").strip()
    if not name:
        return None
    unit = Unit.objects.filter(name=name).first()
    if unit:
        return unit
    for candidate in Unit.objects.exclude(aliases=[]):
        if name in candidate.aliases:
            return candidate
    return None
