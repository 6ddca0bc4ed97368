"""Every write to a work order goes through one of these functions."""

from jiesu.workorders.services.closing import (
    workorder_close,
    workorder_merge,
    workorder_redo,
    workorder_return_visit,
)
from jiesu.workorders.services.handling import (
    extension_approve,
    extension_reject,
    extension_request,
    workorder_add_note,
    workorder_resolve,
    workorder_respond,
)
from jiesu.workorders.services.intake import workorder_correct, workorder_create
from jiesu.workorders.services.routing import (
    workorder_accept,
    workorder_dispatch,
    workorder_reassign,
    workorder_return,
)
from jiesu.workorders.services.supervision import sla_scan, workorder_supervise, workorder_urge

__all__ = [
    "extension_approve",
    "extension_reject",
    "extension_request",
    "sla_scan",
    "workorder_accept",
    "workorder_add_note",
    "workorder_close",
    "workorder_correct",
    "workorder_create",
    "workorder_dispatch",
    "workorder_merge",
    "workorder_reassign",
    "workorder_redo",
    "workorder_resolve",
    "workorder_respond",
    "workorder_return",
    "workorder_return_visit",
    "workorder_supervise",
    "workorder_urge",
]
