"""Sealed custody and emergency use (KEY-03, KEY-06): owners' deposits and their seals, and
emergencies that use an owner's keys, with their approvals, staff and re-seal task."""
