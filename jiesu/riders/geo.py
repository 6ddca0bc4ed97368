"""Distances on the street's scale (pure): haversine in metres, nearest-first ordering."""

import math
from collections.abc import Iterable, Sequence
from typing import TypeVar

EARTH_RADIUS_M = 6_371_000
T = TypeVar("T")


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def nearest_first(
    items: Iterable[T], *, lat: float, lng: float, where=lambda item: item
) -> list[tuple[T, float]]:
    """(item, metres) pairs, nearest first; `where(item)` gives (lat, lng) or None (left out)."""
    pairs = []
    for item in items:
        point: Sequence[float] | None = where(item)
        if point is not None and point[0] is not None and point[1] is not None:
            pairs.append((item, distance_m(lat, lng, point[0], point[1])))
    return sorted(pairs, key=lambda pair: pair[1])


def valid_point(lat, lng) -> bool:
    """A WGS-84 point inside mainland China's bounding box (a typo or 0,0 is refused)."""
    try:
        lat, lng = float(lat), float(lng)
    except (TypeError, ValueError):
        return False
    return 3.0 <= lat <= 54.0 and 73.0 <= lng <= 136.0


def distance_text(metres: float) -> str:
    return f"{metres:.0f} 米" if metres < 1000 else f"{metres / 1000:.1f} 公里"
