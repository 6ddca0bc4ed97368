"""A small generated street with every status, flag, event kind and payload shape.

Built through the real services (and the real 12345 import), so the events carry exactly the
payloads production writes: imported orders whose 导入 event holds a list of flags, an import
update, merged and redone orders, approved/rejected/pending extensions, urges, supervision, SLA
changes, corrections. The crawl and the timeline tests render every page of it as every role.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from jiesu.accounts.models import Role, User
from jiesu.intake.importing.service import orders_import
from jiesu.units.models import Unit
from jiesu.workorders import services
from jiesu.workorders.events import event_write
from jiesu.workorders.models import Channel, EventKind, Flag, WorkOrder
from jiesu.workorders.services.supervision import sla_scan
from tests.factories import (
    BuildingFactory,
    CategoryFactory,
    CommunityFactory,
    CommunityUnitFactory,
    CompoundFactory,
    PropertyProjectFactory,
    UnitFactory,
    UserFactory,
)
from tests.intake.helpers import HEADERS, order_row


@dataclass
class GeneratedStreet:
    users: dict[str, User]  # one user per role
    units: dict[str, Unit]
    orders: dict[str, WorkOrder] = field(default_factory=dict)  # story name -> order

    def refresh(self) -> None:
        for name, order in self.orders.items():
            self.orders[name] = WorkOrder.objects.get(pk=order.pk)


def _csv(rows) -> bytes:
    import csv
    from io import StringIO

    buffer = StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows([[row.get(h, "") for h in HEADERS] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def street_generate() -> GeneratedStreet:
    """Build the street; returns its users (one per role), units and orders by story name."""
    community = CommunityFactory(name="光明社区")
    community_unit = CommunityUnitFactory(community=community, name="光明社区居委会")
    project = PropertyProjectFactory(name="幸福物业项目", parent__name="幸福物业")
    department = UnitFactory(name="城管执法队")
    other_department = UnitFactory(name="房管所")
    compound = CompoundFactory(community=community, name="幸福里", property_project=project)
    BuildingFactory(compound=compound, number="3")
    category = CategoryFactory(name="物业服务")
    units = {
        "community": community_unit,
        "project": project,
        "company": project.parent,
        "department": department,
        "other_department": other_department,
    }
    unit_of = {
        Role.COMMUNITY: community_unit,
        Role.PROPERTY: project.parent,
        Role.DEPARTMENT: department,
        Role.GRID_WORKER: community_unit,
        Role.STATION_STAFF: community_unit,
    }
    users = {
        role.value: UserFactory(username=f"gen_{role.value}", role=role, unit=unit_of.get(role))
        for role in Role
    }
    dispatcher = users[Role.DISPATCHER]
    s = GeneratedStreet(users=users, units=units)
    now = timezone.now()

    def new(name: str, **kwargs) -> WorkOrder:
        kwargs.setdefault("content", f"幸福里3号楼{name}，请尽快处理。")
        kwargs.setdefault("received_at", now - timedelta(days=3))
        kwargs.setdefault("citizen_phone", "13812345678")
        kwargs.setdefault("citizen_name", "张三丰")
        kwargs.setdefault("compound", compound)
        order = services.workorder_create(actor=dispatcher, **kwargs)
        s.orders[name] = order
        return order

    def dispatch(order, lead=project, co=(department,)):
        services.workorder_dispatch(order_id=order.pk, actor=dispatcher, lead_unit=lead, co_handlers=list(co))

    lead_user = users[Role.PROPERTY]
    # every status
    new("待派单", channel=Channel.WALK_IN, citizen_phone="")
    dispatch(new("待签收"))
    accepted = new("办理中", category=category)
    dispatch(accepted)
    services.workorder_accept(order_id=accepted.pk, actor=lead_user)
    services.workorder_respond(order_id=accepted.pk, actor=lead_user, note="已电话联系")
    services.workorder_add_note(order_id=accepted.pk, actor=users[Role.DEPARTMENT], note="协办已到场")
    services.extension_request(order_id=accepted.pk, actor=lead_user, working_days=3, reason="等材料")
    services.extension_reject(order_id=accepted.pk, actor=dispatcher, note="材料已齐")
    services.extension_request(order_id=accepted.pk, actor=lead_user, working_days=2, reason="等配件")
    services.extension_approve(order_id=accepted.pk, actor=dispatcher)
    services.workorder_urge(order_id=accepted.pk, actor=dispatcher, note="请加快")
    services.workorder_supervise(order_id=accepted.pk, actor=dispatcher, note="督办")
    pending = new("延期待审批")
    dispatch(pending)
    services.workorder_accept(order_id=pending.pk, actor=lead_user)
    services.extension_request(order_id=pending.pk, actor=lead_user, working_days=5, reason="需要施工")
    returned = new("已退单", channel=Channel.HOTLINE)
    dispatch(returned, lead=department, co=())
    services.workorder_return(order_id=returned.pk, actor=users[Role.DEPARTMENT], reason="不属于本单位职责")

    def resolved_order(name):
        order = new(name)
        dispatch(order)
        services.workorder_accept(order_id=order.pk, actor=lead_user)
        services.workorder_resolve(order_id=order.pk, actor=lead_user, result="已修好")
        return order

    resolved_order("已办结")
    visited = resolved_order("已回访")
    services.workorder_return_visit(
        order_id=visited.pk, actor=dispatcher, contacted=True, resolved=True, satisfaction="satisfied"
    )
    closed = resolved_order("已关闭")
    services.workorder_return_visit(
        order_id=closed.pk, actor=dispatcher, contacted=True, resolved=True, satisfaction="basic"
    )
    services.workorder_close(order_id=closed.pk, actor=dispatcher)
    redone = resolved_order("重办")
    services.workorder_return_visit(
        order_id=redone.pk, actor=dispatcher, contacted=True, resolved=False, satisfaction="unsatisfied"
    )
    services.workorder_redo(order_id=redone.pk, actor=dispatcher, note="居民说没修好")
    master = s.orders["办理中"]
    duplicate = new("已并单", channel=Channel.QR)
    services.workorder_merge(order_id=duplicate.pk, master_id=master.pk, actor=dispatcher, note="重复")
    corrected = new("已更正", channel=Channel.GRID)
    services.workorder_correct(
        order_id=corrected.pk, actor=dispatcher, changes={"category": category, "urgency": "urgent"}
    )
    overdue = new("已超期", received_at=now - timedelta(days=40))
    dispatch(overdue)
    WorkOrder.objects.filter(pk=overdue.pk).update(resolve_due=now - timedelta(days=2))
    sla_scan(now=now)
    sla_scan(now=now + timedelta(days=3))
    # an order unit staff once handled, then reassigned away from them
    moved = new("改派走", channel=Channel.RIDER)
    dispatch(moved, lead=department, co=())
    services.workorder_reassign(
        order_id=moved.pk, actor=dispatcher, lead_unit=other_department, co_handlers=[], note="转房管所"
    )
    # an order the department signed and worked on, then handed to 房管所: it keeps read access
    handed = new("签收后改派")
    dispatch(handed, lead=department, co=())
    services.workorder_accept(order_id=handed.pk, actor=users[Role.DEPARTMENT])
    services.workorder_respond(order_id=handed.pk, actor=users[Role.DEPARTMENT], note="已上门查看")
    services.workorder_reassign(
        order_id=handed.pk, actor=dispatcher, lead_unit=other_department, co_handlers=[], note="转房管所"
    )
    # every flag, through the real 12345 import (its 导入 event holds the list of flags)
    rows = [
        order_row("2024090100001"),
        order_row(
            "2024090100002",
            问题分类="不存在/的分类",
            问题地址="火星某处",
            所属社区="",
            承办单位="不认识的单位",
        ),
        order_row("2024090100003", 工单状态="已办结", 办理结果="已处理", 承办单位="城管执法队"),
    ]
    orders_import(source=_csv(rows), filename="platform.csv", actor=dispatcher)
    rows[0] = order_row("2024090100001", 诉求内容="幸福里3号楼楼道灯坏了两周，仍未修好。", 工单状态="已办结")
    orders_import(source=_csv(rows[:1]), filename="platform-2.csv", actor=dispatcher)
    for name, number in (
        ("导入", "2024090100001"),
        ("导入待核实", "2024090100002"),
        ("导入已办结", "2024090100003"),
    ):
        s.orders[name] = WorkOrder.objects.get(number=number)
    flagged = s.orders["导入待核实"]
    assert set(flagged.flags) == set(Flag.values), flagged.flags
    # payload shapes no service writes today but older rows or other writers may hold
    odd = new("异常事件")
    event_write(
        order=odd, kind=EventKind.NOTED, actor=dispatcher, old={}, new={"flags": [], "co_handlers": [1]}
    )
    event_write(
        order=odd,
        kind=EventKind.CORRECTED,
        actor=None,
        old={"flags": ["unknown_unit"], "extension": {"working_days": 2}, "master": None},
        new={"flags": ["x"], "extension": "approved", "master": 999999, "category": [None, "a"]},
    )
    s.refresh()
    return s
