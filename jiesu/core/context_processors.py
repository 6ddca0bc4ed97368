"""The top menu: every app's registered links the user may see, grouped."""

from django.urls import NoReverseMatch, reverse

from jiesu.core.extensions import NAV_GROUPS, nav_items


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    groups: dict[str, list[dict]] = {name: [] for name in NAV_GROUPS}
    path = request.path
    for item in nav_items.items():
        if not item.visible(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        active = path == url if url == "/" else path.startswith(url)
        groups.setdefault(item.group, []).append({"label": item.label, "url": url, "active": active})
    # /hotspots/map/ is under /hotspots/ too: only the most specific link is the current one
    links = [link for group in groups.values() for link in group if link["active"]]
    for link in links:
        link["active"] = link["url"] == max((other["url"] for other in links), key=len)
    if user.is_staff:
        groups["系统"].append({"label": "后台管理", "url": reverse("admin:index"), "active": False})
    return {
        "nav": groups[""],
        "nav_groups": [(name, links) for name, links in groups.items() if name and links],
    }
