"""The public channel's part of the demo street (filled in below)."""

from jiesu.core.extensions import DemoContext


def public_demo_seed(context: DemoContext) -> str:
    return ""
