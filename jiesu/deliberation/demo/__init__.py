"""The demo street's 居民议事 (a `core.extensions.demo_seeders` entry): see `seed.py`."""

from jiesu.deliberation.demo.seed import deliberation_demo_seed

__all__ = ["deliberation_demo_seed"]
