"""Services of 主动治理: every write to a project goes through these functions."""

from jiesu.projects.services.lifecycle import (
    project_accept,
    project_approve,
    project_cancel,
    project_funding_set,
    project_milestone_add,
    project_milestone_done,
    project_photos_add,
    project_reject,
    project_return,
    project_start,
    project_submit,
)
from jiesu.projects.services.proposing import project_propose
from jiesu.projects.services.scan import project_deadline_scan

__all__ = [
    "project_accept",
    "project_approve",
    "project_cancel",
    "project_deadline_scan",
    "project_funding_set",
    "project_milestone_add",
    "project_milestone_done",
    "project_photos_add",
    "project_propose",
    "project_reject",
    "project_return",
    "project_start",
    "project_submit",
]
