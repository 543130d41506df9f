"""An owner's deposit of keys (KEY-03): the deposit form's data, and the seal the owner puts on
the envelope. The deposit is the seal's record: it is sealed, opened (only with the owner's
consent or an approved emergency) and sealed again, each with its evidence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import assert_never

from cskit.domain import Actor, Forbidden, InvalidInput
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.rules import enforces
from cskit.domain.transitions import TransitionTable
from keys.custody.domain.events import DepositEvent, DepositRecorded, DepositSealed, DepositSealOpened
from keys.custody.domain.fields import text
from keys.custody.domain.policy import CustodyPolicy
from keys.custody.domain.times import reported_minute

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# KEY-03: who takes deposits and witnesses the owner's seal (the register's keepers).
CUSTODIANS = frozenset({"key_custodian", "team_lead", "manager"})


class DepositStatus(StrEnum):
    UNSPECIFIED = "unspecified"
    DEPOSITED = "deposited"
    SEALED = "sealed"
    OPENED = "opened"


class DepositAction(StrEnum):
    SEAL = "seal"
    OPEN = "open the seal of"


class OpeningBasis(StrEnum):
    OWNER_CONSENT = "owner_consent"
    EMERGENCY = "emergency"


TRANSITIONS: TransitionTable[DepositStatus, DepositAction] = TransitionTable(
    {
        (DepositStatus.DEPOSITED, DepositAction.SEAL): DepositStatus.SEALED,
        (DepositStatus.SEALED, DepositAction.OPEN): DepositStatus.OPENED,
        # KEY-06: an opened seal is sealed again by the owner.
        (DepositStatus.OPENED, DepositAction.SEAL): DepositStatus.SEALED,
    },
    record="a deposit",
    rule="KEY-03",
    codes={DepositAction.SEAL: "deposit_already_sealed", DepositAction.OPEN: "deposit_not_sealed"},
)


class Deposit(EventSourced[DepositEvent]):
    id: str
    branch_id: str
    key_set_id: str
    unit: str
    key_count: int
    purpose: str
    form_ref: str
    owner_name: str
    owner_phone: str
    status: DepositStatus
    seal_number: str
    signature_ref: str
    # Every seal number this deposit has carried: a re-seal takes a new one.
    seal_numbers: tuple[str, ...]
    # The emergency that opened the seal last (its re-seal task closes with the next seal).
    opened_by_emergency: str
    created_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.key_set_id = self.unit = self.purpose = self.form_ref = ""
        self.owner_name = self.owner_phone = self.seal_number = self.signature_ref = ""
        self.opened_by_emergency = self.created_by = ""
        self.key_count = 0
        self.status = DepositStatus.UNSPECIFIED
        self.seal_numbers = ()
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    @enforces("KEY-03")
    def record(
        cls,
        *,
        deposit_id: str,
        key_set_id: str,
        actor: Actor,
        unit: str,
        key_count: int,
        purpose: str,
        form_ref: str,
        owner_name: str,
        owner_phone: str,
        now: datetime,
    ) -> Deposit:
        """The deposit form (《业户钥匙寄存登记表》): who, which unit, how many keys, why, and the
        scanned form. The key set itself enters the register in the same transaction."""
        require_role(actor, CUSTODIANS, action="taking a deposit of keys")
        if not owner_phone.strip():
            raise InvalidInput.on("owner_phone", "the owner's phone is on the deposit form", rule_id="KEY-03")
        deposit = cls()
        deposit._record(
            DepositRecorded(
                deposit_id=deposit_id,
                branch_id=actor.branch_id,
                key_set_id=key_set_id,
                unit=unit,
                key_count=key_count,
                purpose=text("purpose", purpose, rule_id="KEY-03"),
                form_ref=text("form_ref", form_ref, rule_id="KEY-03"),
                owner_name=owner_name,
                owner_phone=owner_phone,
                actor=actor.subject,
                occurred_at=now,
            )
        )
        return deposit

    @classmethod
    def rebuild(cls, history: Sequence[DepositEvent]) -> Deposit:
        deposit = cls()
        deposit._replay(history)
        return deposit

    @enforces("KEY-03")
    def seal(
        self, actor: Actor, *, seal_number: str, signature_ref: str, sealed_by_owner: bool, now: datetime
    ) -> DepositSealed:
        """The owner personally put the keys in the envelope and signed across the seal: the seal
        number and the evidence (a photo or scan of the signature across it) are recorded."""
        require_role(actor, CUSTODIANS, action="recording a seal")
        if not sealed_by_owner:
            raise InvalidInput(
                "the owner seals the envelope personally and signs across the seal",
                code="owner_must_seal",
                rule_id="KEY-03",
            )
        number = text("seal_number", seal_number, rule_id="KEY-03")
        if number in self.seal_numbers:
            raise InvalidInput.on(
                "seal_number", "a seal number is used once: a re-seal takes a new one", rule_id="KEY-03"
            )
        reseal = self.status is DepositStatus.OPENED
        TRANSITIONS.move(self.status, DepositAction.SEAL)
        event = DepositSealed(
            deposit_id=self.id,
            key_set_id=self.key_set_id,
            seal_number=number,
            signature_ref=text("signature_ref", signature_ref, rule_id="KEY-03"),
            sealed_by_owner=True,
            reseal=reseal,
            actor=actor.subject,
            occurred_at=now,
        )
        self._record(event)
        return event

    @enforces("KEY-03")
    def open_with_consent(
        self, actor: Actor, *, channel: str, consented_at: datetime | None, policy: CustodyPolicy, now: datetime
    ) -> DepositSealOpened:
        """Nobody opens a seal without the owner's consent: how it was given and the minute,
        neither ahead of the clock nor before the deposit."""
        require_role(actor, CUSTODIANS, action="opening a seal")
        minute = reported_minute(
            consented_at,
            field="consented_at",
            not_before=self.created_at,
            now=now,
            skew=policy.clock_skew,
            rule_id="KEY-03",
        )
        return self._open(
            actor,
            basis=OpeningBasis.OWNER_CONSENT,
            emergency_id="",
            channel=text("consent_channel", channel, rule_id="KEY-03"),
            consented_at=minute,
            now=now,
        )

    @enforces("KEY-03")
    def open_for_emergency(
        self, actor: Actor, *, emergency_id: str, approved: bool, now: datetime
    ) -> DepositSealOpened:
        """The other ground: an emergency that may use the keys (approved, or recorded as
        without time to approve; ``Emergency.may_use_keys`` decided ``approved``)."""
        if not approved:
            raise Forbidden(
                "a seal is opened only with the owner's consent or an approved emergency",
                code="seal_opening_not_allowed",
                rule_id="KEY-03",
            )
        return self._open(
            actor, basis=OpeningBasis.EMERGENCY, emergency_id=emergency_id, channel="", consented_at=None, now=now
        )

    def _open(
        self,
        actor: Actor,
        *,
        basis: OpeningBasis,
        emergency_id: str,
        channel: str,
        consented_at: datetime | None,
        now: datetime,
    ) -> DepositSealOpened:
        TRANSITIONS.move(self.status, DepositAction.OPEN)
        event = DepositSealOpened(
            deposit_id=self.id,
            key_set_id=self.key_set_id,
            seal_number=self.seal_number,
            basis=basis.value,
            emergency_id=emergency_id,
            consent_channel=channel,
            consented_at=consented_at,
            actor=actor.subject,
            occurred_at=now,
        )
        self._record(event)
        return event

    def _apply(self, event: DepositEvent) -> None:
        match event:
            case DepositRecorded():
                self.id, self.branch_id, self.key_set_id = event.deposit_id, event.branch_id, event.key_set_id
                self.unit, self.key_count, self.purpose = event.unit, event.key_count, event.purpose
                self.form_ref, self.owner_name, self.owner_phone = event.form_ref, event.owner_name, event.owner_phone
                self.status, self.created_by, self.created_at = DepositStatus.DEPOSITED, event.actor, event.occurred_at
            case DepositSealed():
                self.status = TRANSITIONS.move(self.status, DepositAction.SEAL)
                self.seal_number, self.signature_ref = event.seal_number, event.signature_ref
                self.seal_numbers = (*self.seal_numbers, event.seal_number)
                self.opened_by_emergency = ""
            case DepositSealOpened():
                self.status = TRANSITIONS.move(self.status, DepositAction.OPEN)
                self.opened_by_emergency = event.emergency_id
            case _:
                assert_never(event)
        self.updated_at = event.occurred_at
