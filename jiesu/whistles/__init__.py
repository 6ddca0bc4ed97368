"""Whistles (吹哨报到): a community summons units; units check in, act and are rated."""
