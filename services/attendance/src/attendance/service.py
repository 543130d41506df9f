"""The attendance service as the kit's entry point knows it (``cskit.service``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from attendance import SERVICE, TOPIC
from attendance.people import HR_GROUP, HR_TOPIC
from attendance.settings import AttendanceSettings
from cskit.messaging.topics import TopicSpec
from cskit.service import Consumer, ServiceDeclaration

if TYPE_CHECKING:
    from cskit.messaging.consumer import Handler as ConsumerHandler
    from cskit.records import ServiceParts

MIGRATIONS = Path(__file__).parent / "persistence" / "migrations"
# cs.hr.v1 is HR's (the service reads it), declared here as complaints declares cs.contacts.v1:
# `topics` creates it where HR's system has not yet.
TOPICS = (TopicSpec(TOPIC, partitions=4), TopicSpec(HR_TOPIC, partitions=4))


def build(settings: AttendanceSettings) -> ServiceParts:
    # Imported here: migrate and the relay start without loading the API and its adapters.
    from attendance.bootstrap import build as compose

    return compose(settings)


def hr_consumer(settings: AttendanceSettings) -> ConsumerHandler:
    """The HR system's master data (cs.hr.v1): joiners, movers (ATT-09) and leavers."""
    from attendance.bootstrap import hr_consumer as build_consumer

    return build_consumer(settings)


DECLARATION: ServiceDeclaration[AttendanceSettings, ServiceParts] = ServiceDeclaration(
    name=SERVICE,
    settings=AttendanceSettings,
    build=build,
    migrations=MIGRATIONS,
    topics=lambda: TOPICS,
    dlt_topic=TOPIC,
    consumers=(Consumer(HR_GROUP, [HR_TOPIC], hr_consumer),),
    description="Attendance: punches, rosters, leave, overtime, handover, month close.",
)
