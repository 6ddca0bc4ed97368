"""The default indicator system shipped by the data migration, and new versions."""

from decimal import Decimal

import pytest
from django.apps import apps as global_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jiesu.core.errors import NotPermitted
from jiesu.evaluation import services
from jiesu.evaluation.models import Indicator, IndicatorCategory, IndicatorSystem, RectificationRule

pytestmark = pytest.mark.django_db


def test_the_default_system_has_5_categories_and_25_indicators_worth_100_points():
    system = IndicatorSystem.objects.get(version=1)
    categories = list(system.categories.order_by("order"))
    assert [c.name for c in categories] == [
        "内业管理",
        "服务规范",
        "房屋及设施设备管理",
        "公共秩序与安全",
        "环境卫生与绿化",
    ]
    indicators = Indicator.objects.filter(category__system=system)
    assert indicators.count() == 25 and all(c.indicators.count() == 5 for c in categories)
    assert system.total_score == Decimal("100")
    for indicator in indicators:
        assert indicator.standard and "扣" in indicator.deduction_rule, indicator.code
        assert Decimal("0") < indicator.max_score <= Decimal("5")
    assert "未公示收费标准扣2分" in Indicator.objects.get(category__system=system, code="1.3").deduction_rule
    assert dict(RectificationRule.objects.values_list("severity", "rectify_working_days")) == {
        "minor": 10, "major": 5, "serious": 2,
    }  # fmt: skip


def test_a_new_version_is_a_copy_and_leaves_the_old_one_alone(street):
    old = IndicatorSystem.objects.get(version=1)
    copy = services.indicator_system_copy(system_id=old.pk, actor=street.user("centre_admin"))
    assert copy.version == 2 and copy.based_on == old and copy.total_score == old.total_score

    def rows(system):
        return list(
            Indicator.objects.filter(category__system=system)
            .order_by("code")
            .values_list("category__code", "code", "name", "standard", "max_score", "deduction_rule")
        )

    assert rows(copy) == rows(old)
    Indicator.objects.filter(category__system=copy, code="5.5").update(max_score=Decimal("2"))
    assert old.total_score == Decimal("100") and copy.total_score == Decimal("98")
    with pytest.raises(NotPermitted):
        services.indicator_system_copy(system_id=old.pk, actor=street.user("evaluator"))


def test_the_data_migration_is_reversible_and_keeps_what_a_round_uses(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate([("evaluation", "0001_initial")])
    assert not IndicatorCategory.objects.exists() and not RectificationRule.objects.exists()
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes("evaluation"))
    global_apps.clear_cache()
    assert Indicator.objects.filter(category__system__version=1).count() == 25


def test_the_admin_freezes_a_version_once_a_round_uses_it(street, rf):
    from django.contrib.admin.sites import site

    from jiesu.evaluation.models import IndicatorSystem as System
    from tests.evaluation.conftest import open_round

    system = System.objects.get(version=1)
    admin = site._registry[System]
    request = rf.get("/")
    request.user = street.user("centre_admin")
    request.user.is_superuser = request.user.is_staff = True
    assert admin.has_change_permission(request, system)
    open_round(street)
    assert not admin.has_change_permission(request, system) and not admin.has_delete_permission(
        request, system
    )
    category = system.categories.first()
    assert not site._registry[IndicatorCategory].has_change_permission(request, category)
