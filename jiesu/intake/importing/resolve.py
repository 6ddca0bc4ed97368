"""Matching an imported row's texts to our data: the category taxonomy, units and places.

Built once per import (the taxonomy and the unit names are small), so a file of thousands of
rows does not ask the database the same question thousands of times.
"""

import re
import unicodedata

from jiesu.places.selectors import ResolvedPlace, place_resolve
from jiesu.units.selectors import unit_by_name
from jiesu.workorders.models import Category

SEPARATORS_RE = re.compile(r"\s*[›>/\\\-—→|]\s*")


def category_key(text: str) -> str:
    """A path with any of › / > - as separators and any spacing, in one comparable form."""
    text = unicodedata.normalize("NFKC", text or "")
    return "›".join(part for part in (p.strip() for p in SEPARATORS_RE.split(text)) if part)


class CategoryIndex:
    def __init__(self):
        categories = list(Category.objects.values_list("id", "name", "path", "parent_id"))
        parents = {parent_id for _, _, _, parent_id in categories if parent_id}
        self.by_path = {category_key(path): pk for pk, _, path, _ in categories}
        self.leaves: dict[str, list[int]] = {}
        for pk, name, _, _ in categories:
            if pk not in parents:
                self.leaves.setdefault(category_key(name), []).append(pk)

    def match(self, text: str) -> int | None:
        """The category whose full path is `text`, else the one leaf named like its last part."""
        key = category_key(text)
        if not key:
            return None
        if key in self.by_path:
            return self.by_path[key]
        for name in (key, key.split("›")[-1]):
            ids = self.leaves.get(name, [])
            if len(ids) == 1:
                return ids[0]
        return None


class Resolver:
    def __init__(self):
        self.categories = CategoryIndex()
        self._units: dict[str, int | None] = {}

    def category(self, text: str) -> int | None:
        return self.categories.match(text)

    def unit(self, name: str) -> int | None:
        name = (name or "").strip()
        if name not in self._units:
            unit = unit_by_name(name=name)
            self._units[name] = unit.pk if unit else None
        return self._units[name]

    def place(self, *, address: str, community: str) -> ResolvedPlace:
        return place_resolve(text=address, community_hint=community)
