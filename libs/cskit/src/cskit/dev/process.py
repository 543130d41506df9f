"""Helpers for the local servers the kit runs for development and tests (broker, S3)."""

from __future__ import annotations

import logging
import signal
import subprocess

log = logging.getLogger(__name__)


def stop_process(proc: subprocess.Popen[bytes] | None, *, name: str, timeout: float) -> None:
    """SIGTERM, wait up to ``timeout`` seconds, then SIGKILL; a process already gone is fine."""
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        log.warning("%s ignored SIGTERM for %ss; killing it", name, timeout)
        proc.kill()
        proc.wait(timeout)
