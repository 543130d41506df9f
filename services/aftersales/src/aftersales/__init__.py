"""The aftersales service: work orders, dispatch, sign-off, charges, shipping, faults, returns and refunds, return visits."""

SERVICE = "aftersales"
TOPIC = "cs.aftersales.v1"
