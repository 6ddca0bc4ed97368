"""The address printed on posters and cards: JIESU_PUBLIC_URL (the internet address residents
reach) when set, else the address the staff member downloaded the poster from."""

from django.conf import settings
from django.urls import reverse

from jiesu.public.places import Place, place_kinds, place_token


def absolute(request, path: str) -> str:
    base = getattr(settings, "JIESU_PUBLIC_URL", "")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def public_url(request, place: Place) -> str:
    """What a place's poster opens (its kind's page, by default the residents' form)."""
    url_name = place_kinds.items_by_key()[place.kind].url_name
    return absolute(request, reverse(url_name, args=[place_token(kind=place.kind, pk=place.pk)]))
