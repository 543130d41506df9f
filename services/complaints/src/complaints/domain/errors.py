"""Complaint-specific domain errors; all subclass the kit's, so transports map them once."""

from __future__ import annotations

from cskit.domain.transitions import IllegalMove


class IllegalTransition(IllegalMove):
    """An action the complaint's current status does not allow; names the rule it breaks."""
