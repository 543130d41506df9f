"""The JSON-lines wrapper the local platform runs the broker under: every line it writes parses."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cskit.observability.jsonlines import to_json_line

CHILD = r"""
import json, os, signal, sys, time
print("tansu broker 0.6.0", flush=True)
sys.stdout.buffer.write(b"\x1b[32mINFO\x1b[0m ready in 3ms, bad byte \xff\n"); sys.stdout.flush()
print(json.dumps({"level": "INFO", "message": "already json", "service": "x"}), flush=True)
print("2026-12-04T10:00:00Z  WARN tansu::broker: slow", file=sys.stderr, flush=True)
print("ERROR something broke", file=sys.stderr, flush=True)
def bye(*_):
    print("stopping", flush=True)
    sys.stdout.write("last words without newline"); sys.stdout.flush()
    sys.exit(0)
signal.signal(signal.SIGTERM, bye)
print("child-pid", os.getpid(), flush=True)
print("ready", flush=True)
time.sleep(60)
"""


def _wrapped(tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    log = tmp_path / "broker.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cskit.observability.jsonlines",
                "--service",
                "broker",
                "--",
                sys.executable,
                "-c",
                CHILD,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 20
    while '"message": "ready"' not in log.read_text():
        assert time.monotonic() < deadline, log.read_text()
        assert proc.poll() is None, log.read_text()
        time.sleep(0.05)
    return proc, log


def _records(log: Path) -> list[dict[str, object]]:
    lines = log.read_text().splitlines()
    assert lines
    return [json.loads(line) for line in lines]  # every line is JSON, or this raises


def test_every_line_becomes_json_and_the_stop_signal_reaches_the_command(tmp_path: Path) -> None:
    proc, log = _wrapped(tmp_path)
    os.killpg(proc.pid, signal.SIGTERM)  # as `make down` stops it: the whole process group
    assert proc.wait(20) == 0

    records = _records(log)
    by_message = {str(r["message"]): r for r in records}
    assert by_message["tansu broker 0.6.0"]["level"] == "INFO"
    assert by_message["tansu broker 0.6.0"]["service"] == "broker"
    assert by_message["INFO ready in 3ms, bad byte \ufffd"]["stream"] == "stdout"  # colours stripped
    assert by_message["already json"] == {"level": "INFO", "message": "already json", "service": "x"}
    assert by_message["2026-12-04T10:00:00Z  WARN tansu::broker: slow"]["level"] == "WARNING"
    assert by_message["ERROR something broke"]["level"] == "ERROR"
    assert by_message["ERROR something broke"]["stream"] == "stderr"
    # Written after the signal, the last (unterminated) line included.
    assert {"stopping", "last words without newline"} <= set(by_message)


def test_signalling_only_the_wrapper_stops_the_command(tmp_path: Path) -> None:
    proc, log = _wrapped(tmp_path)
    os.kill(proc.pid, signal.SIGTERM)
    assert proc.wait(20) == 0
    assert "stopping" in {r["message"] for r in _records(log)}


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")
def test_killing_the_wrapper_alone_kills_the_command(tmp_path: Path) -> None:
    proc, log = _wrapped(tmp_path)
    (child,) = [int(str(r["message"]).split()[1]) for r in _records(log) if str(r["message"]).startswith("child-pid")]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 10
    while _running(child):
        assert time.monotonic() < deadline, "the command outlived its wrapper"
        time.sleep(0.05)


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] != "Z"
    except OSError:
        return False


def test_exit_status_is_the_commands() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cskit.observability.jsonlines",
            "--service",
            "s",
            "--",
            sys.executable,
            "-c",
            "exit(3)",
        ],
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 3
    killed = subprocess.run(
        [
            sys.executable,
            "-m",
            "cskit.observability.jsonlines",
            "--service",
            "s",
            "--",
            sys.executable,
            "-c",
            "import os, signal; os.kill(os.getpid(), signal.SIGKILL)",
        ],
        capture_output=True,
        timeout=30,
        check=False,
    )
    assert killed.returncode == 128 + signal.SIGKILL


def test_a_json_array_or_number_is_wrapped_not_passed_through() -> None:
    assert json.loads(to_json_line(b"[1, 2]\n", service="s", stream="stdout"))["message"] == "[1, 2]"
    assert json.loads(to_json_line(b"42\n", service="s", stream="stdout"))["message"] == "42"
