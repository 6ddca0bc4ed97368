"""The riders' part of the demo street (filled in below)."""

from jiesu.core.extensions import DemoContext


def riders_demo_seed(context: DemoContext) -> str:
    return ""
