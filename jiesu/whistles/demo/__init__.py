"""The demo street's part of 吹哨报到 (`seed.whistles_demo_seed`)."""
