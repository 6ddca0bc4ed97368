"""Coordinates: Chinese map apps give GCJ-02; Jiesu stores WGS-84."""

import eviltransform


def gcj02_to_wgs84(lat: float, lng: float) -> tuple[float, float]:
    wlat, wlng = eviltransform.gcj2wgs_exact(lat, lng)
    return round(wlat, 7), round(wlng, 7)


def wgs84_to_gcj02(lat: float, lng: float) -> tuple[float, float]:
    glat, glng = eviltransform.wgs2gcj(lat, lng)
    return round(glat, 7), round(glng, 7)
