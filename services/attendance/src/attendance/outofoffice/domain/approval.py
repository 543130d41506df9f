"""Kept for ``attendance.settings`` only, which imports ``ApprovalLevels`` from here; the one
implementation is ``attendance.domain.approval`` (shared with overtime). Delete this module
once settings imports from there."""

from attendance.domain.approval import ApprovalLevels

__all__ = ["ApprovalLevels"]
