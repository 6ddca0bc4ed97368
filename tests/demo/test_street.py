from collections import Counter
from string import Formatter

from jiesu.accounts.models import Role
from jiesu.demo import street as st
from jiesu.demo.taxonomy import LEAVES, SEPARATOR, category_paths
from jiesu.demo.templates import PRAISE, TEMPLATES
from jiesu.workorders.models import Category

SLOTS = {
    "spot",
    "place",
    "home",
    "compound",
    "road",
    "community",
    "n",
    "days",
    "when",
    "shop",
    "unit",
    "company",
    "reason",
}


def test_the_street_has_the_public_record_places(plan):
    kinds = Counter(community.kind for community in plan.communities)
    assert kinds == {"community": 17, "village": 1, "preparatory": 2}
    assert Counter(compound.kind for compound in plan.compounds) == {"apartment": 75, "bungalow": 21}
    assert Counter(unit.kind for unit in plan.units)["property_project"] == 21
    assert 7 <= Counter(unit.kind for unit in plan.units)["property_company"] <= 9
    assert st.FOCUS_COMMUNITY in {community.name for community in plan.communities}


def test_the_leak_compound_is_a_2013_apartment_compound_with_twenty_buildings(plan):
    compound = plan.compound(st.LEAK_COMPOUND)
    assert (compound.kind, compound.built_year, len(compound.buildings)) == ("apartment", 2013, 20)
    assert {"阳光星苑小区", "阳光星苑南区"} <= set(compound.aliases)
    assert compound.project
    assert set(st.LEAK_BUILDINGS) <= {number for number, _ in compound.buildings}


def test_many_old_compounds_and_most_bungalows_have_no_property_management(plan):
    old = [c for c in plan.compounds if c.is_old]
    bungalows = [c for c in plan.compounds if c.kind == "bungalow"]
    assert sum(not c.project for c in old) > len(old) / 2
    assert sum(not c.project for c in bungalows) > 0.8 * len(bungalows)
    assert all(4 <= len(c.buildings) <= 20 for c in plan.compounds if c.kind == "apartment")


def test_every_project_serves_a_compound_and_names_are_unambiguous(plan):
    projects = {unit.name for unit in plan.units if unit.kind == "property_project"}
    assert projects == {compound.project for compound in plan.compounds if compound.project}
    names = [name for compound in plan.compounds for name in (compound.name, *compound.aliases)]
    assert len(names) == len(set(names))


def test_every_community_has_its_unit_and_every_acting_unit_has_a_user(plan):
    units = {unit.name: unit for unit in plan.units}
    for community in plan.communities:
        assert units[community.unit].community == community.name
    for unit in plan.units:
        if unit.kind != "property_company":
            assert unit.name in plan.unit_users
    roles = Counter(user.role for user in plan.users if user.listed)
    assert set(roles) == set(Role.values)  # one listed login per role


def test_the_property_logins_are_companies_and_the_first_serves_the_leak_compound(plan):
    users = {user.username: user for user in plan.users}
    units = {unit.name: unit for unit in plan.units}
    leak_project = plan.compound(st.LEAK_COMPOUND).project
    assert units[users["property"].unit].kind == "property_company"
    assert units[leak_project].parent == users["property"].unit
    assert users["property2"].unit != users["property"].unit
    assert units[users["community"].unit].community == st.FOCUS_COMMUNITY


def test_the_taxonomy_has_three_levels_and_uses_the_models_separator():
    paths = category_paths()
    assert SEPARATOR == Category.SEPARATOR
    assert len({path[0] for path in paths}) >= 6
    assert len([path for path in paths if len(path) == 3]) >= 40
    assert all(paths.index(path[:-1]) < paths.index(path) for path in paths if len(path) > 1)


def test_every_leaf_routes_to_a_known_unit_and_has_texts_with_known_slots(plan):
    unit_names = {unit.name for unit in plan.units}
    for leaf in LEAVES:
        for spec in (leaf.route, leaf.road_route, leaf.co):
            assert spec in {"", "property", "community"} | unit_names, (leaf.key, spec)
        assert TEMPLATES[leaf.key], leaf.key
    texts = [text for entries in TEMPLATES.values() for entry in entries for text in entry[:3]]
    texts += [text for pair in PRAISE for text in pair]
    used = {field for text in texts for _, field, _, _ in Formatter().parse(text) if field}
    assert used <= SLOTS
