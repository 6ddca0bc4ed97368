"""Routing is data: the most specific rule wins, then priority; history when no rule applies."""

from jiesu.triage.models import RoutingRule
from jiesu.triage.selectors import routing_suggest
from jiesu.workorders.models import Category
from jiesu.workorders.states import Status
from tests.factories import UnitFactory, WorkOrderFactory

SERVICE = "城乡建设 › 物业管理 › 物业服务"


def _suggest(street, path=SERVICE, compound="sunshine"):
    place = street[compound]
    return routing_suggest(category_path=path, compound=place, community_id=place.community_id)


def test_a_category_rule_covers_its_subtree_and_targets_the_compounds_property_project(street):
    RoutingRule.objects.create(name="物业", category=street["estate"], target="property_project")
    assert _suggest(street).unit_id == street["project"].pk


def test_more_specific_beats_higher_priority(street):
    department = UnitFactory(name="区住建委")
    RoutingRule.objects.create(name="全街道兜底", target="community_unit", priority=100)
    RoutingRule.objects.create(
        name="物业管理", category=street["estate"], target="fixed", unit=department, priority=0
    )
    assert _suggest(street).unit_id == department.pk
    # on a path the specific rule does not cover, the catch-all applies: the community's unit
    assert _suggest(street, path="城乡建设 › 市政设施 › 路灯").unit_id == street["community_unit"].pk


def test_priority_decides_between_equally_specific_rules_and_property_scope_filters(street):
    first, second = UnitFactory(name="甲"), UnitFactory(name="乙")
    RoutingRule.objects.create(name="低", category=street["estate"], target="fixed", unit=first, priority=1)
    RoutingRule.objects.create(name="高", category=street["estate"], target="fixed", unit=second, priority=5)
    assert _suggest(street).unit_id == second.pk
    RoutingRule.objects.create(
        name="无物业小区找社区", category=street["estate"], has_property="no", target="community_unit"
    )
    assert _suggest(street, compound="bungalow").unit_id == street["community_unit"].pk
    assert _suggest(street).unit_id == second.pk


def test_history_suggests_the_most_frequent_lead_unit_when_no_rule_applies(street):
    usual, rare = UnitFactory(name="常办单位"), UnitFactory(name="偶办单位")
    category = Category.objects.get(path=SERVICE)
    for unit in (usual, usual, usual, usual, rare):
        WorkOrderFactory(category=category, compound=street["sunshine"], lead_unit=unit, status=Status.CLOSED)

    suggestion = _suggest(street)

    assert (suggestion.unit_id, suggestion.source) == (usual.pk, "history")
    assert suggestion.confidence == 0.8
    RoutingRule.objects.create(name="规则优先", category=street["estate"], target="property_project")
    from jiesu.triage.selectors import triage_caches_clear

    triage_caches_clear()
    assert _suggest(street).source.startswith("rule:")
