"""Test support shipped with the kit: a pytest plugin with real PostgreSQL, broker and clock fixtures."""
