"""Grid groups (4+1+N) and tiered handling of grid matters (小事/大事/难点)."""
