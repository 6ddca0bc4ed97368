"""Reading for triage: the cached gazetteer and model, routing suggestions, duplicate candidates."""

import time
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from jiesu.places.models import Building, Community, Compound
from jiesu.places.selectors import compound_cached, gazetteer_clear, place_extractor
from jiesu.triage.core.urgency import urgency_assess
from jiesu.triage.duplicates import duplicate_index_clear
from jiesu.triage.models import ModelVersion, RoutingRule, TriageSettings
from jiesu.units.models import Unit
from jiesu.workorders.models import Category, WorkOrder
from jiesu.workorders.states import Status

CACHE_TTL_SECONDS = 60
_cache: dict[str, tuple[float, object]] = {}
HISTORY_STATUSES = (Status.RESOLVED, Status.VISITED, Status.CLOSED)
DUPLICATE_CANDIDATES = 60


def triage_caches_clear() -> None:
    """Forget the cached settings, rules and model, and the gazetteer (other processes refresh
    in a minute)."""
    _cache.clear()
    gazetteer_clear()
    duplicate_index_clear()


def _cached(key: str, build):
    hit = _cache.get(key)
    if hit and time.monotonic() - hit[0] < CACHE_TTL_SECONDS:
        return hit[1]
    value = build()
    _cache[key] = (time.monotonic(), value)
    return value


def triage_settings() -> TriageSettings:
    return _cached("settings", lambda: TriageSettings.objects.get_or_create(pk=1)[0])


@dataclass
class LoadedModel:
    version: ModelVersion | None
    classifier: object | None
    error: str = ""


def active_model(*, fresh: bool = False) -> LoadedModel:
    """The active classifier, loaded once per version; a missing or broken one says why. Which
    version is active is read once per CACHE_TTL_SECONDS like the settings and rules (this
    process's own activation clears it at once; other processes follow within the minute), or
    now with `fresh` (training compares against the version that is active now)."""
    if fresh:
        _cache.pop("active", None)
    active = _cached(
        "active", lambda: ModelVersion.objects.filter(is_active=True).only("id", "version").first()
    )
    if active is None:
        return LoadedModel(None, None, "没有可用的分类模型")
    from jiesu.triage.core.classifier import CategoryClassifier  # lazy: sklearn costs ~1 s

    hit = _cache.get("model")
    if hit and hit[1].version.pk == active.pk:
        return hit[1]
    try:
        blob = ModelVersion.objects.filter(pk=active.pk).values_list("blob", flat=True).get()
        loaded = LoadedModel(active, CategoryClassifier.from_bytes(bytes(blob)))
    except Exception as error:  # a bad blob must never fail intake
        loaded = LoadedModel(active, None, f"分类模型 {active.version} 无法加载：{error}")
    _cache["model"] = (time.monotonic(), loaded)
    return loaded


def category_by_path() -> dict[str, int]:
    return _cached("categories", lambda: dict(Category.objects.values_list("path", "id")))


def category_path_of(category_id: int | None) -> str:
    paths = _cached("category_paths", lambda: dict(Category.objects.values_list("id", "path")))
    return paths.get(category_id, "") if category_id else ""


def compound_of(compound_id: int | None) -> Compound | None:
    """A read-only copy of the compound from the gazetteer's cache (one invalidation, in places)."""
    return compound_cached(compound_id)


# -- routing -----------------------------------------------------------------------------------
@dataclass
class UnitSuggestion:
    unit_id: int | None = None
    confidence: float = 0.0
    source: str = ""


def _rules() -> list[tuple]:
    def build():
        rules = RoutingRule.objects.filter(is_active=True).select_related("category")
        return [(rule, rule.category.path if rule.category else "") for rule in rules]

    return _cached("rules", build)


def _rule_target(rule: RoutingRule, compound: Compound | None, community_id: int | None) -> int | None:
    if rule.target == RoutingRule.Target.FIXED:
        return rule.unit_id
    if rule.target == RoutingRule.Target.PROPERTY_PROJECT:
        return compound.property_project_id if compound else None
    if community_id is None:
        return None
    units = _cached(
        "community_units",
        lambda: dict(
            Unit.objects.filter(is_active=True, community__isnull=False).values_list("community_id", "id")
        ),
    )
    return units.get(community_id)


def routing_suggest(
    *, category_path: str, compound: Compound | None, community_id: int | None
) -> UnitSuggestion:
    """Rules first (the most specific wins, then priority), then what history did most often."""
    ranked = []
    for rule, path in _rules():
        if path and not (category_path == path or category_path.startswith(path + Category.SEPARATOR)):
            continue
        if rule.community_id and rule.community_id != community_id:
            continue
        if rule.compound_kind and (compound is None or compound.kind != rule.compound_kind):
            continue
        if rule.has_property and (
            compound is None or compound.has_property_management != (rule.has_property == "yes")
        ):
            continue
        specificity = (path.count(Category.SEPARATOR) + 1 if path else 0) * 4 + bool(rule.community_id) * 2
        specificity += bool(rule.compound_kind) + bool(rule.has_property)
        ranked.append((specificity, rule.priority, -rule.pk, rule))
    for *_, rule in sorted(ranked, key=lambda item: item[:3], reverse=True):
        unit_id = _rule_target(rule, compound, community_id)
        if unit_id:
            return UnitSuggestion(unit_id, rule.confidence, f"rule:{rule.pk}")
    return _history_suggest(category_path, compound, community_id)


def _history_suggest(
    category_path: str, compound: Compound | None, community_id: int | None
) -> UnitSuggestion:
    category_id = category_by_path().get(category_path)
    if category_id is None:
        return UnitSuggestion()
    for place in ({"compound_id": compound.pk} if compound else None, {"community_id": community_id}):
        if not place or None in place.values():
            continue
        rows = list(
            WorkOrder.objects.filter(category_id=category_id, status__in=HISTORY_STATUSES, **place)
            .exclude(lead_unit=None)
            .values("lead_unit_id")
            .annotate(n=Count("id"))
            .order_by("-n")[:3]
        )
        total = sum(row["n"] for row in rows)
        if total:
            share = rows[0]["n"] / total
            return UnitSuggestion(rows[0]["lead_unit_id"], round(share * min(1.0, total / 5), 2), "history")
    return UnitSuggestion()


def needs_human_filter(orders: QuerySet[WorkOrder]) -> QuerySet[WorkOrder]:
    """The waiting orders whose triage could not decide alone (the dispatcher's 需人工 queue)."""
    return orders.filter(triage__needs_human=True, status__in=(Status.NEW, Status.RETURNED))


def triage_prediction(*, text: str, address: str = "") -> dict:
    """What triage would suggest for a text, without an order (for `jiesu triage predict`)."""
    loaded = active_model()
    category, confidence = (None, 0.0)
    if loaded.classifier is not None:
        category, confidence = loaded.classifier.predict([text])[0]
    place = place_extractor().extract(address, text)
    compound = Compound.objects.filter(pk=place.compound_id).first() if place.compound_id else None
    unit = routing_suggest(category_path=category or "", compound=compound, community_id=place.community_id)
    level, reasons = urgency_assess(text, day=timezone.localdate())
    names = {
        "community": Community.objects.filter(pk=place.community_id).values_list("name", flat=True).first(),
        "compound": compound.name if compound else None,
        "building": Building.objects.filter(pk=place.building_id).values_list("number", flat=True).first(),
        "unit": Unit.objects.filter(pk=unit.unit_id).values_list("name", flat=True).first(),
    }
    return {
        "model_version": loaded.version.version if loaded.version else None,
        "model_error": loaded.error,
        "category": {"path": category, "confidence": round(float(confidence), 3)},
        "place": {
            "community": names["community"],
            "compound": names["compound"],
            "building": names["building"],
            "entrance": place.entrance,
            "room": place.room,
            "confidence": place.confidence,
            "matched": place.span,
        },
        "urgency": {"level": level, "reasons": reasons},
        "unit": {"name": names["unit"], "confidence": unit.confidence, "source": unit.source},
    }
