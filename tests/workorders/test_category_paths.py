import pytest
from django.core.exceptions import ValidationError

from jiesu.workorders.models import Category

pytestmark = pytest.mark.django_db


def test_renaming_a_parent_renews_the_paths_of_its_whole_subtree():
    top = Category.objects.create(name="城乡建设")
    middle = Category.objects.create(name="物业管理", parent=top)
    leaf = Category.objects.create(name="物业服务", parent=middle)
    top.name = "城市建设"
    top.save()
    middle.refresh_from_db()
    leaf.refresh_from_db()
    assert middle.path == "城市建设 › 物业管理"
    assert leaf.path == "城市建设 › 物业管理 › 物业服务" and leaf.level == 3


def test_moving_a_node_renews_levels_and_a_cycle_is_refused():
    a = Category.objects.create(name="甲")
    b = Category.objects.create(name="乙")
    c = Category.objects.create(name="丙", parent=b)
    b.parent = a
    b.save()
    c.refresh_from_db()
    assert (c.path, c.level) == ("甲 › 乙 › 丙", 3)
    a.parent = c
    with pytest.raises(ValidationError):
        a.full_clean()
