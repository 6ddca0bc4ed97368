"""Staff pages of the volunteer service: thin views over the selectors and services, one module
per part (overview, people, records, residents, pairings)."""
