"""Triage text core: pure Python, no Django (developed and benchmarked on its own)."""
