"""Durable timers: scheduled inside the unit of work, fired exactly once by a runner."""

from cskit.timers.rows import Timer, TimerRow
from cskit.timers.runner import TimerHandler, TimerRunner
from cskit.timers.schedule import cancel, cancel_in, pending, purge_fired, schedule, schedule_in

__all__ = [
    "Timer",
    "TimerHandler",
    "TimerRow",
    "TimerRunner",
    "cancel",
    "cancel_in",
    "pending",
    "purge_fired",
    "schedule",
    "schedule_in",
]
