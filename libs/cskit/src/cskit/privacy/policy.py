"""Who reads which customer data in clear (PLT-06): one policy table, configuration with the
rulebook's defaults.

PLT-06: "phone and ID numbers are masked unless the user's role needs them, every export
needs approval and is audited". The defaults read it strictly:

- ``clear``: role -> kinds shown in clear in *every* response. Empty: no role needs a whole
  list of customers' phones; a branch that decides otherwise configures it
  (``CS_<SERVICE>_PERSONAL_DATA_POLICY='{"clear": {"legal": ["id_number"]}}'``).
- ``reveal``: role -> kinds a caller may unmask on **one record**, with a reason, audited.
  Agents call customers back (return visits, CMP-17), so they may reveal a phone; supervisors
  and administration may reveal all three.
- ``export_approvers``: roles whose grant lets someone export customer data; a grant lasts at
  most ``max_grant_hours``. Nobody approves their own export (PLT-02's four eyes).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from cskit.domain.actor import ADMINISTRATION, Actor
from cskit.privacy.masks import PersonalKind

ALL_KINDS = frozenset(PersonalKind)
_SUPERVISING = ("team_lead", "manager", "director", "general_manager", *sorted(ADMINISTRATION))

DEFAULT_REVEAL: dict[str, frozenset[PersonalKind]] = {
    "agent": frozenset({PersonalKind.PHONE}),
    **{role: ALL_KINDS for role in _SUPERVISING},
}
DEFAULT_EXPORT_APPROVERS = frozenset({"manager", "director", "general_manager", *ADMINISTRATION})


class PersonalDataPolicy(BaseModel):
    """PLT-06's table; validated at start-up like every policy."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    clear: dict[str, frozenset[PersonalKind]] = Field(default_factory=dict)
    reveal: dict[str, frozenset[PersonalKind]] = Field(default_factory=lambda: dict(DEFAULT_REVEAL))
    export_approvers: frozenset[str] = DEFAULT_EXPORT_APPROVERS
    max_grant_hours: int = Field(72, ge=1, le=24 * 31)

    def visible(self, roles: Iterable[str]) -> frozenset[PersonalKind]:
        """The kinds a caller with ``roles`` reads in clear in every response."""
        return _union(self.clear, roles)

    def revealable(self, roles: Iterable[str]) -> frozenset[PersonalKind]:
        """The kinds a caller may unmask on one record (audited)."""
        return _union(self.reveal, roles) | self.visible(roles)

    def may_approve_exports(self, actor: Actor) -> bool:
        return bool(actor.roles & self.export_approvers)


def _union(table: dict[str, frozenset[PersonalKind]], roles: Iterable[str]) -> frozenset[PersonalKind]:
    kinds: set[PersonalKind] = set()
    for role in roles:
        kinds |= table.get(role, frozenset())
    return frozenset(kinds)
