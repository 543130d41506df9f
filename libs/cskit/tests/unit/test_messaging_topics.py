from __future__ import annotations

import pytest

from cskit.messaging.topics import TopicError, dlt_topic, is_dlt_topic, validate_topic


@pytest.mark.parametrize(
    "name",
    ["cs.complaints.v1", "cs.hr_sync.v12", "cs.complaints.v1.dlt.projector", "cs.complaints.v1.dlt.read-model.v2"],
)
def test_valid_topic_names_pass(name: str) -> None:
    assert validate_topic(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "complaints.v1",
        "cs.Complaints.v1",
        "cs.complaints",
        "cs.complaints.v1.extra",
        "cs.1complaints.v1",
        "cs.complaints.v1.dlt.",
        "cs.complaints.vx",
        " cs.complaints.v1",
        "cs.complaints.v1\n",
    ],
)
def test_invalid_topic_names_are_rejected(name: str) -> None:
    with pytest.raises(TopicError):
        validate_topic(name)


def test_dlt_topic_is_per_topic_and_group() -> None:
    assert dlt_topic("cs.complaints.v1", "notifications") == "cs.complaints.v1.dlt.notifications"
    assert is_dlt_topic(dlt_topic("cs.complaints.v1", "notifications"))
    assert not is_dlt_topic("cs.complaints.v1")


def test_dlt_topic_rejects_a_group_that_would_make_an_invalid_name() -> None:
    with pytest.raises(TopicError):
        dlt_topic("cs.complaints.v1", "Bad Group")
