"""Every triage write goes through one of these functions."""

from jiesu.triage.services.guard import thresholds_calibrate, triage_guard_check, triage_guard_resume
from jiesu.triage.services.pipeline import triage_order
from jiesu.triage.services.review import triage_accept, triage_correct, triage_merge
from jiesu.triage.services.routing import routing_rules_default
from jiesu.triage.services.training import model_train, training_data

__all__ = [
    "model_train",
    "routing_rules_default",
    "thresholds_calibrate",
    "training_data",
    "triage_accept",
    "triage_correct",
    "triage_guard_check",
    "triage_guard_resume",
    "triage_merge",
    "triage_order",
]
