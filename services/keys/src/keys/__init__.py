"""The keys service: Key register, sealed custody, lending, identity checks, emergency use and the daily count."""

SERVICE = "keys"
TOPIC = "cs.keys.v1"
