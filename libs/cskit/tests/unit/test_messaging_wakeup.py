from __future__ import annotations

from cskit.messaging.wakeup import PollingBackoff


def test_polling_is_quick_right_after_work_and_backs_off_to_the_idle_interval() -> None:
    polling = PollingBackoff(busy=0.01, idle=1.0)
    assert polling.after_pass(True) == 0.01
    idle = [polling.after_pass(False) for _ in range(9)]
    assert idle == [0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.0, 1.0, 1.0]
    # Work again: straight back to the short poll.
    assert polling.after_pass(True) == 0.01


def test_polling_starts_idle_and_never_exceeds_the_idle_interval() -> None:
    polling = PollingBackoff(busy=0.01, idle=0.05)
    assert polling.after_pass(False) == 0.05
    assert polling.after_pass(True) == 0.01
    assert [polling.after_pass(False) for _ in range(3)] == [0.02, 0.04, 0.05]


def test_a_zero_idle_interval_means_no_waiting_at_all() -> None:
    polling = PollingBackoff(busy=0.01, idle=0.0)
    assert {polling.after_pass(found) for found in (True, False, False)} == {0.0}
