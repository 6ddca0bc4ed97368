"""Links that people may set and others will follow (an alert's action link, later a project's):
a path on this site, or an address on a host the operator allowed (JIESU_LINK_HOSTS)."""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

from jiesu.core.normalise import clean_line


def link_is_safe(url: str) -> bool:
    """`/hotspots/3/` yes; `//evil.example/`, `/\\evil.example`, `javascript:…`, `https://evil…` no;
    `https://allowed.host/…` yes when the host is listed in JIESU_LINK_HOSTS."""
    if (
        not url
        or len(url) > 300
        or "\\" in url
        or any(char.isspace() for char in url)
        or clean_line(url) != url
    ):
        return False  # backslashes, spaces, control and invisible characters: never in a link we keep
    hosts = set(settings.JIESU_LINK_HOSTS)
    if url.startswith("/"):
        return not url.startswith("//") and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    return (
        bool(hosts)
        and url.startswith(("https://", "http://"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=hosts)
    )
