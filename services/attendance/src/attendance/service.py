"""The attendance service as the kit's entry point knows it (``cskit.service``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from attendance import SERVICE, TOPIC
from attendance.discipline.events.names import COMPLAINTS_TOPIC, DISCIPLINE_GROUP
from attendance.people import HR_GROUP, HR_TOPIC
from attendance.settings import AttendanceSettings
from cskit.messaging.topics import TopicSpec
from cskit.service import Consumer, ServiceDeclaration

if TYPE_CHECKING:
    from attendance.bootstrap import AttendanceParts
    from cskit.messaging.consumer import Handler as ConsumerHandler

MIGRATIONS = Path(__file__).parent / "persistence" / "migrations"
# cs.hr.v1 is HR's (the service reads it), declared here as complaints declares cs.contacts.v1:
# `topics` creates it where HR's system has not yet.
TOPICS = (TopicSpec(TOPIC, partitions=4), TopicSpec(HR_TOPIC, partitions=4))


def build(settings: AttendanceSettings) -> AttendanceParts:
    # Imported here: migrate and the relay start without loading the API and its adapters.
    from attendance.bootstrap import build as compose

    return compose(settings)


def hr_consumer(settings: AttendanceSettings) -> ConsumerHandler:
    """The HR system's master data (cs.hr.v1): joiners, movers (ATT-09) and leavers."""
    from attendance.bootstrap import hr_consumer as build_consumer

    return build_consumer(settings)


def discipline_consumer(settings: AttendanceSettings) -> ConsumerHandler:
    """ATT-12: complaints' slow-answer and rudeness counts (cs.complaints.v1)."""
    from attendance.discipline.wiring import complaints_consumer

    return complaints_consumer(settings.zone())


# The service's event consumers (``python -m attendance consume``): one entry per group; add
# yours as a line of its own.
CONSUMERS: tuple[Consumer[AttendanceSettings], ...] = (
    Consumer(HR_GROUP, [HR_TOPIC], hr_consumer),
    Consumer(DISCIPLINE_GROUP, [COMPLAINTS_TOPIC], discipline_consumer),
)


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
    consumers=CONSUMERS,
    on_start=(arm_weekly_review,),
)
