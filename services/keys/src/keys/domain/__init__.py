"""What every keys sub-domain shares: the kinds and states of a key set (KEY-01, KEY-02) and
the policy numbers (configuration with the rulebook's defaults)."""
