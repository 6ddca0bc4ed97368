"""Volunteers (1+4+X): teams, volunteers, service records, residents in need and pairings."""
