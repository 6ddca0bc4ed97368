"""Reading the jurisdiction, and resolving address text to a place with the one gazetteer.

`place_extractor()` is the gazetteer (`places.gazetteer.PlaceExtractor`) built from every
community, compound and building with their aliases, cached per process and cleared by one
signal handler when any of them changes (`PlacesConfig.ready`). Intake (`place_resolve`) and
triage (`place_extractor().extract`) read the same object, so they always agree.
"""

import time

from jiesu.places.gazetteer import CommunityEntry, CompoundEntry, PlaceExtractor, PlaceMatch
from jiesu.places.models import Building, Community, Compound

ResolvedPlace = PlaceMatch  # what intake stores: community, compound, building (+ confidence, room)

INDEX_TTL_SECONDS = 60
_cache: dict[str, tuple[float, object]] = {}


def gazetteer_clear() -> None:
    """Forget the cached gazetteer (called when places change; other processes refresh within a minute)."""
    _cache.clear()


name_index_clear = gazetteer_clear  # the name tests and older callers know it by


def _cached(key: str, build):
    hit = _cache.get(key)
    if hit and time.monotonic() - hit[0] < INDEX_TTL_SECONDS:
        return hit[1]
    value = build()
    _cache[key] = (time.monotonic(), value)
    return value


def place_extractor() -> PlaceExtractor:
    return _cached("extractor", _extractor_build)


def _extractor_build() -> PlaceExtractor:
    buildings: dict[int, dict[str, int]] = {}
    for building_id, compound_id, number, aliases in Building.objects.values_list(
        "id", "compound_id", "number", "aliases"
    ):
        numbers = buildings.setdefault(compound_id, {})
        for value in (number, *aliases):
            numbers[str(value)] = building_id
    compounds = [
        CompoundEntry(pk, community_id, (name, *aliases), buildings.get(pk, {}))
        for pk, community_id, name, aliases in Compound.objects.values_list(
            "id", "community_id", "name", "aliases"
        )
    ]
    communities = [
        CommunityEntry(pk, (name, *aliases))
        for pk, name, aliases in Community.objects.values_list("id", "name", "aliases")
    ]
    return PlaceExtractor(compounds=compounds, communities=communities)


def compound_cached(compound_id: int | None) -> Compound | None:
    """A read-only copy of the compound (kind, community, property project), from the same cache."""
    compounds = _cached(
        "compounds",
        lambda: {
            c.pk: c
            for c in Compound.objects.only("id", "kind", "community_id", "property_project_id", "name")
        },
    )
    return compounds.get(compound_id) if compound_id else None


def place_resolve(*, text: str, community_hint: str = "", more: tuple[str, ...] = ()) -> ResolvedPlace:
    """The place named in `text` (then in each of `more`, e.g. the content after the address);
    a community named only in `community_hint` (an import's 社区 column) when nothing else is."""
    extractor = place_extractor()
    match = extractor.extract(text or "", *more)
    if not match.resolved and community_hint:
        hinted = extractor.extract(community_hint)
        if hinted.community_id is not None:
            return PlaceMatch(
                community_id=hinted.community_id, confidence=hinted.confidence, span=hinted.span
            )
    return match


def compound_choices() -> list[Compound]:
    return list(Compound.objects.select_related("community").order_by("community_id", "name"))
