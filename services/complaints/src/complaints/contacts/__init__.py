"""Contact-centre answering standards (CMP-14): the inbound topic the contact systems publish
and the consumer group that reads it."""

CONTACTS_TOPIC = "cs.contacts.v1"
CONTACTS_GROUP = "complaints-contacts"
