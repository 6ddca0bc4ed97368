"""A small street for triage: 星苑社区 › 阳光星苑 (buildings 1–20, a property project) and a
bungalow compound without property; a three-level taxonomy; a fake classifier when asked."""

import pytest

from jiesu.places.models import Building
from jiesu.triage.models import TriageSettings
from jiesu.triage.selectors import LoadedModel, triage_caches_clear
from jiesu.units.models import Unit
from tests.factories import (
    CategoryFactory,
    CommunityFactory,
    CompoundFactory,
    PropertyProjectFactory,
    UnitFactory,
)


@pytest.fixture(autouse=True)
def _fresh_triage_caches():
    triage_caches_clear()
    yield
    triage_caches_clear()


class FakeClassifier:
    def __init__(self, label: str, confidence: float):
        self.label, self.confidence = label, confidence

    def predict(self, texts):
        return [(self.label, self.confidence) for _ in texts]


@pytest.fixture
def street(db):
    community = CommunityFactory(name="星苑社区", aliases=["星苑"])
    community_unit = UnitFactory(name="星苑社区居委会", kind=Unit.Kind.COMMUNITY, community=community)
    project = PropertyProjectFactory(name="京槐物业阳光星苑项目部")
    sunshine = CompoundFactory(
        name="阳光星苑",
        community=community,
        property_project=project,
        aliases=["阳光星苑小区", "阳光星苑南区"],
    )
    Building.objects.bulk_create([Building(compound=sunshine, number=str(n)) for n in range(1, 21)])
    bungalow = CompoundFactory(name="星苑平房区", community=community, kind="bungalow", aliases=["星苑平房"])
    city = CategoryFactory(name="城乡建设")
    estate = CategoryFactory(name="物业管理", parent=city)
    service = CategoryFactory(name="物业服务", parent=estate)
    lamps = CategoryFactory(name="路灯", parent=CategoryFactory(name="市政设施", parent=city))
    return {
        "community": community,
        "community_unit": community_unit,
        "project": project,
        "sunshine": sunshine,
        "bungalow": bungalow,
        "estate": estate,
        "service": service,
        "lamps": lamps,
        "building5": Building.objects.get(compound=sunshine, number="5"),
    }


@pytest.fixture
def fake_model(monkeypatch):
    """fake_model(label, confidence): the active model predicts `label` for every text."""

    def install(label: str, confidence: float = 0.95, error: str = ""):
        classifier = None if error else FakeClassifier(label, confidence)
        loaded = LoadedModel(None, classifier, error)
        monkeypatch.setattr("jiesu.triage.services.pipeline.active_model", lambda: loaded)

    return install


@pytest.fixture
def auto_on(db):
    settings, _ = TriageSettings.objects.get_or_create(pk=1)
    settings.auto_dispatch_enabled = True
    settings.save()
    triage_caches_clear()
    return settings
