"""Pure custody rules: the deposit and the emergency aggregates, their events and policy."""
