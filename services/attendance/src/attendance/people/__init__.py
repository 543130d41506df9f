"""People: employees, departments, the line-manager chain and effective-dated assignments
(issue 11, item 1; ATT-09), kept from the HR system's events (``cs.hr.v1``) and bulk imports."""

HR_TOPIC = "cs.hr.v1"
HR_GROUP = "attendance-hr"
