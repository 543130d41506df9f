"""The attendance service as the kit's entry point knows it (``cskit.service``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from attendance import SERVICE, TOPIC
from attendance.settings import AttendanceSettings
from cskit.messaging.topics import TopicSpec
from cskit.service import ServiceDeclaration

if TYPE_CHECKING:
    from attendance.bootstrap import AttendanceParts

MIGRATIONS = Path(__file__).parent / "persistence" / "migrations"
TOPICS = (TopicSpec(TOPIC, partitions=4),)


def build(settings: AttendanceSettings) -> AttendanceParts:
    # Imported here: migrate and the relay start without loading the API and its adapters.
    from attendance.bootstrap import build as compose

    return compose(settings)


async def arm_weekly_review(app: AttendanceParts) -> None:
    """ATT-10: the next Monday's review timer (idempotent)."""
    from attendance.month.timers import arm_weekly_review as arm

    if app.reviews is not None:
        await arm(app.database.async_sessions(), app.reviews)


DECLARATION: ServiceDeclaration[AttendanceSettings, AttendanceParts] = ServiceDeclaration(
    name=SERVICE,
    settings=AttendanceSettings,
    build=build,
    migrations=MIGRATIONS,
    topics=lambda: TOPICS,
    dlt_topic=TOPIC,
    description="Attendance: punches, rosters, leave, overtime, handover, month close.",
    on_start=(arm_weekly_review,),
)
