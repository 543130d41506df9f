"""Who does what in after-sales, once for every sub-domain (PLT-02; the gateway's permissions
in platform.toml open the routes, these sets decide in the domain)."""

from __future__ import annotations

# The front desk: customer service, its leads and management open, book, assign and follow up.
FRONT_DESK = frozenset({"agent", "team_lead", "manager", "director", "general_manager"})
# How a customer's answer (a consent, a quote's acceptance) was given.
CONSENT_CHANNELS = frozenset({"in_person", "phone", "written"})
