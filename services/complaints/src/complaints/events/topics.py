"""The topics this service publishes, with their partition counts: created explicitly, never auto-created.

Partitions fix which partition a key lands on and bound consumer parallelism, so they are
declared here (overridable per topic by ``CS_COMPLAINTS_TOPIC_PARTITIONS``) and the relay
creates a missing topic with them (at start and after a failed send), never the broker's
auto-create default.
"""

from __future__ import annotations

from complaints import TOPIC
from complaints.contacts import CONTACTS_TOPIC
from complaints.events.filing import FILING_TOPIC
from cskit.messaging.topics import TopicSpec

TOPICS: tuple[TopicSpec, ...] = (
    # Every case event, keyed by case id: the busiest topic, room for 8 consumers per group.
    TopicSpec(TOPIC, partitions=8),
    # Filing requests for archives (CMP-13): a few per case at most.
    TopicSpec(FILING_TOPIC, partitions=4),
    # CMP-14: the contact-centre systems publish here and complaints consumes; declared (and so
    # created) here, as its only consumer, keyed by contact id.
    TopicSpec(CONTACTS_TOPIC, partitions=4),
)
