from django.urls import reverse

from jiesu.core.extensions import NavItem, Registry, Tile, nav_items, workbench_tiles
from tests.factories import DispatcherFactory, UnitFactory, UserFactory


def test_registry_orders_by_order_then_key_and_replaces_on_reregistering():
    registry = Registry("r")
    registry.register("b", 2, order=10)
    registry.register("a", 1, order=10)
    registry.register("z", 0, order=5)
    registry.register("b", 3, order=10)  # ready() may run twice: the same key replaces
    assert registry.items() == [0, 1, 3]
    assert registry.keyed() == [("z", 0), ("a", 1), ("b", 3)]
    registry.unregister("a")
    assert "a" not in registry and len(registry) == 2


def test_the_menu_shows_each_role_only_its_links(client, db):
    dispatcher = DispatcherFactory()
    department = UserFactory(unit=UnitFactory())
    client.force_login(dispatcher)
    page = client.get(reverse("workbench")).content.decode()
    assert f'href="{reverse("order_new")}"' in page and f'href="{reverse("import_orders")}"' in page
    client.force_login(department)
    page = client.get(reverse("workbench")).content.decode()
    assert f'href="{reverse("order_list")}"' in page
    assert f'href="{reverse("order_new")}"' not in page and f'href="{reverse("import_orders")}"' not in page


def test_an_app_adds_a_tile_and_a_grouped_menu_link_without_touching_the_workbench(client, db):
    nav_items.register("test-extra", NavItem("试验页", "insight_dashboard", group="协同治理"))
    workbench_tiles.register(
        "test-extra", lambda user: [Tile("试验", 7, "/orders/?status=new", group="试验组")]
    )
    try:
        client.force_login(DispatcherFactory())
        page = client.get(reverse("workbench")).content.decode()
        assert "试验组" in page and 'data-count="7"' in page
        assert "<summary>协同治理</summary>" in page and "试验页" in page
    finally:
        nav_items.unregister("test-extra")
        workbench_tiles.unregister("test-extra")
