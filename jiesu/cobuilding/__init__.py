"""Co-building units (共建单位) of the party-building committee and their joint activities."""
