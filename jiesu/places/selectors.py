"""Reading the jurisdiction, and resolving address text to a place (the simple gazetteer).

Triage (issue 3) brings a tolerant extractor; this resolver handles exact names and aliases and
the common ways of writing a building number, which is what intake needs.
"""

import re
import time
from dataclasses import dataclass

from jiesu.places.models import Building, Community, Compound

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
BUILDING_RE = re.compile(r"([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:号楼|号院楼|#楼|#|栋|幢|号)")
FULLWIDTH = str.maketrans("０１２３４５６７８９＃", "0123456789#")


def chinese_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    if len(text) == 1 and text in CN_DIGITS:
        return CN_DIGITS[text]
    return None


@dataclass(frozen=True)
class ResolvedPlace:
    community_id: int | None = None
    compound_id: int | None = None
    building_id: int | None = None

    @property
    def resolved(self) -> bool:
        return self.compound_id is not None or self.community_id is not None


INDEX_TTL_SECONDS = 60
_index_cache: dict[str, tuple[float, tuple]] = {}


def name_index_clear() -> None:
    """Forget the cached names (called when places change; other processes refresh within a minute)."""
    _index_cache.clear()


def _name_index() -> tuple[list[tuple[str, int, int]], list[tuple[str, int]]]:
    cached = _index_cache.get("index")
    if cached and time.monotonic() - cached[0] < INDEX_TTL_SECONDS:
        return cached[1]
    index = _name_index_build()
    _index_cache["index"] = (time.monotonic(), index)
    return index


def _name_index_build() -> tuple[list[tuple[str, int, int]], list[tuple[str, int]]]:
    compounds = []
    for compound in Compound.objects.select_related("community"):
        for name in {compound.name, *compound.aliases}:
            if name:
                compounds.append((name, compound.id, compound.community_id))
    communities = []
    for community in Community.objects.all():
        for name in {community.name, *community.aliases}:
            if name:
                communities.append((name, community.id))
    compounds.sort(key=lambda item: -len(item[0]))
    communities.sort(key=lambda item: -len(item[0]))
    return compounds, communities


def place_resolve(*, text: str, community_hint: str = "") -> ResolvedPlace:
    """Find community, compound and building named in `text` (longest name wins)."""
    text = (text or "").translate(FULLWIDTH)
    compounds, communities = _name_index()
    for name, compound_id, community_id in compounds:
        position = text.find(name)
        if position >= 0:
            building_id = _building_in(compound_id, text[position + len(name) :])
            return ResolvedPlace(community_id=community_id, compound_id=compound_id, building_id=building_id)
    haystack = f"{community_hint} {text}"
    for name, community_id in communities:
        if name in haystack:
            return ResolvedPlace(community_id=community_id)
    return ResolvedPlace()


def _building_in(compound_id: int, rest: str) -> int | None:
    match = BUILDING_RE.search(rest[:20])
    if not match:
        return None
    number = chinese_number(match.group(1))
    if number is None:
        return None
    return (
        Building.objects.filter(compound_id=compound_id, number=str(number))
        .values_list("id", flat=True)
        .first()
    )


def compound_choices() -> list[Compound]:
    return list(Compound.objects.select_related("community").order_by("community_id", "name"))
