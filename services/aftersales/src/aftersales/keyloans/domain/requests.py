"""What a key call's timer carries: the engineer the keys service is asked for, and (for a
return) what the engineer brought back. The timer outlives the request that set it, so the
payload is all the call needs."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from cskit.domain import Actor

# Keys lends repair keys to the engineer himself (keys' REPAIR_BORROWERS): the call acts for him.
ENGINEER_ROLES = frozenset({"engineer"})


@dataclass(frozen=True, slots=True, kw_only=True)
class KeyCall:
    engineer: str
    branch_id: str
    key_set_id: str
    purpose: str = ""
    key_count: int = 0
    key_set_code: str = ""
    lost: bool = False
    note: str = ""
    attempt: int = 0

    @property
    def actor(self) -> Actor:
        return Actor(subject=self.engineer, branch_id=self.branch_id, roles=ENGINEER_ROLES)

    def payload(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def of(cls, payload: dict[str, Any]) -> KeyCall:
        return cls(**{k: v for k, v in payload.items() if k in cls.__dataclass_fields__})

    def retried(self) -> KeyCall:
        return KeyCall(**{**asdict(self), "attempt": self.attempt + 1})
