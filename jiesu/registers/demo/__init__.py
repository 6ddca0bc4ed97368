"""The demo street's 点位台账 and campaigns (a `core.extensions.demo_seeders` entry)."""

from jiesu.registers.demo.seed import registers_demo_seed

__all__ = ["registers_demo_seed"]
