"""The order table's rows are joined in Python ({% order_rows %}): the same HTML as the template
loop they replaced, for every kind of row (flags, returned, supervised, overdue, no place...)."""

import re
from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from jiesu.workorders.models import WorkOrder
from jiesu.workorders.selectors import _returned_by, workorder_listed
from jiesu.workorders.states import Status
from tests.factories import CategoryFactory, CommunityFactory, CompoundFactory, UnitFactory, WorkOrderFactory

# the loop of templates/workorders/_order_table.html before {% order_rows %}
TEMPLATE_LOOP = """{% load workorder_ui pii %}{% for o in orders %}
    <tr class="{% if o|is_overdue %}is-overdue{% endif %}">
      <td data-label="编号"><a href="{% url 'order_detail' o.pk %}">{{ o.number }}</a>{% if o.flags %} <span class="badge warn">需人工核实</span>{% endif %}</td>
      <td data-label="来源">{{ o.get_channel_display }}</td>
      <td data-label="标题">{{ o.title|default:o.content|masked_text|truncatechars:40 }}{% if o.returned_note is not None %}
        <div class="muted returned">退单：{{ o.returned_unit|default:"" }}{% if o.returned_unit %} · {% endif %}{{ o.returned_user|default:o.returned_username|default:"系统" }} — {{ o.returned_note|masked_text|truncatechars:80|default:"（未写理由）" }}</div>{% endif %}</td>
      <td data-label="状态"><span class="status status-{{ o.status }}">{{ o.get_status_display }}</span>{% if o.is_supervised %} <span class="badge danger">督办</span>{% endif %}</td>
      <td data-label="地点">{{ o.community.name|default:"—" }}{% if o.compound %} · {{ o.compound.name }}{% endif %}</td>
      <td data-label="分类">{% if o.category %}{{ o.category.path }}{% else %}{{ o.category_text|default:"—" }}{% endif %}</td>
      <td data-label="主办">{{ o.lead_unit.name|default:"—" }}</td>
      <td data-label="受理">{{ o.received_at|date:"Y-m-d H:i" }}</td>
      <td data-label="时限">{% if o.resolve_due %}{{ o.resolve_due|date:"m-d H:i" }}{% if o|is_overdue %} <span class="badge danger">已超期</span>{% endif %}{% else %}—{% endif %}</td>
    </tr>
  {% endfor %}"""


def _squash(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


def _varied_orders() -> None:
    """Every kind of row: overdue, supervised, flagged, no place, no category, returned, closed."""
    community = CommunityFactory(name="御槐<园>")
    compound = CompoundFactory(community=community, name="阳光&星苑")
    unit = UnitFactory(name="城管 '办'")
    category = CategoryFactory(name="市容")
    now = timezone.now()
    WorkOrderFactory(community=community, compound=compound, category=category, lead_unit=unit,
                     status=Status.ACCEPTED, resolve_due=now - timedelta(days=1), is_supervised=True,
                     flags=["place_unresolved"], title="", content="电话13812345678 " + "很长的内容" * 20)  # fmt: skip
    WorkOrderFactory(title="<script>x</script>", category_text="原始分类", resolve_due=None)
    WorkOrderFactory(status=Status.RETURNED, community=community, title="退回的", channel="walk_in")
    WorkOrderFactory(status=Status.CLOSED, resolve_due=now - timedelta(days=3), lead_unit=unit)


@pytest.mark.django_db
def test_rows_in_python_match_the_template_loop():
    _varied_orders()
    plain = list(WorkOrder.objects.select_related("category", "community", "compound", "lead_unit"))
    returned = list(_returned_by(WorkOrder.objects.all()))
    for row in returned[:2]:
        row.returned_note, row.returned_unit, row.returned_user = "理由 13812345678 " * 10, "物业<A>", ""
    returned[1].returned_unit, returned[1].returned_username = "", "wy01"
    returned[2].returned_note = ""
    for orders in (plain, returned):
        expected = Template(TEMPLATE_LOOP).render(Context({"orders": orders}))
        actual = Template("{% load workorder_ui %}{% order_rows orders %}").render(
            Context({"orders": orders})
        )
        assert _squash(actual) == _squash(expected)
        assert "138****5678" in actual and "13812345678" not in actual


@pytest.mark.django_db
def test_the_lists_light_rows_draw_what_the_orders_draw():
    """The order list reads its page as `ListedOrder`s (values, no model instances): every kind of
    row comes out as the same HTML as from the orders themselves."""
    _varied_orders()
    orders = list(WorkOrder.objects.select_related("category", "community", "compound", "lead_unit"))
    listed = workorder_listed(ids=[o.pk for o in orders])
    assert sorted(o.pk for o in listed) == sorted(o.pk for o in orders)
    listed.sort(key=lambda row: [o.pk for o in orders].index(row.pk))
    draw = Template("{% load workorder_ui %}{% order_rows orders %}")
    expected = draw.render(Context({"orders": orders}))
    assert draw.render(Context({"orders": listed})) == expected
    assert "需人工核实" in expected and "督办" in expected and "已超期" in expected and "—" in expected
