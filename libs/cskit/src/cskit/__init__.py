"""The cs platform kit: the plumbing every service shares, written once."""
