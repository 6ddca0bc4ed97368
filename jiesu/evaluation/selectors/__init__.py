"""Reads of the property evaluation, always scoped by the user's policy."""
