"""Property alliance evaluation: indicator systems, rounds, inspections, the problem ledger, scorecards."""
