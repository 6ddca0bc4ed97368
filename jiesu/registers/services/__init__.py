"""Every write to registers, points, campaigns and tasks. Each step is one transaction with one event."""

from jiesu.registers.services.campaigns import (
    campaign_plan,
    campaign_task_add,
    task_finish,
    task_reopen,
    task_start,
)
from jiesu.registers.services.points import (
    point_assign,
    point_cancel,
    point_from_order,
    point_link_orders,
    point_link_whistle,
    point_register,
    point_repair,
    point_respond,
    point_revisit,
    register_open,
    topic_for_order,
)
from jiesu.registers.services.scan import register_deadline_scan

__all__ = [
    "campaign_plan",
    "campaign_task_add",
    "point_assign",
    "point_cancel",
    "point_from_order",
    "point_link_orders",
    "point_link_whistle",
    "point_register",
    "point_repair",
    "point_respond",
    "point_revisit",
    "register_deadline_scan",
    "register_open",
    "task_finish",
    "task_reopen",
    "task_start",
    "topic_for_order",
]
