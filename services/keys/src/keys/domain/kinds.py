"""The kinds of key the register holds (KEY-01) and the states a key set can be in (KEY-02)."""

from __future__ import annotations

from enum import StrEnum

from cskit.domain.rules import enforces


class KeyKind(StrEnum):
    UNSPECIFIED = "unspecified"
    # Kept long-term for viewings or emergencies, usually sealed (KEY-03).
    OWNER_ENTRUSTED = "owner_entrusted"
    # Unsold or not yet handed over (KEY-04 same-day return, KEY-10 copies).
    VACANT_UNIT = "vacant_unit"
    # Kept while defects are fixed (KEY-04 same-day return, KEY-12 contractors).
    REPAIR = "repair"
    # Plant rooms: a spare set stays with the property office (KEY-13).
    PLANT_ROOM = "plant_room"
    # The hazardous-materials cabinet: issued in person, never lent (KEY-15).
    HAZARDOUS = "hazardous"


class KeyState(StrEnum):
    UNSPECIFIED = "unspecified"
    IN_CABINET = "in_cabinet"
    LENT = "lent"
    SEALED = "sealed"
    LOST = "lost"
    RETIRED = "retired"


@enforces("KEY-04")
def due_same_day(kind: KeyKind) -> bool:
    """Vacant-unit and repair keys come back the same day, before the end of the shift."""
    return kind in (KeyKind.VACANT_UNIT, KeyKind.REPAIR)
