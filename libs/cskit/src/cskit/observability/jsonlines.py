"""Run a command and write its output as JSON lines: ``python -m cskit.observability.jsonlines
--service NAME -- COMMAND [ARGS...]``.

For processes that cannot log JSON themselves (the dev broker, Tansu, prints plain text), so
that every log of the local platform is JSON lines as the services' own logs are. Each line
of the command's stdout and stderr becomes one object with the fields the kit's JSON logger
writes (``timestamp``, ``level``, ``logger``, ``message``, ``service``, ``trace_id``,
``span_id``) plus ``stream``; a line that already is a JSON object passes through unchanged.

Signals: SIGTERM/SIGINT/SIGHUP are passed on to the command, whose last lines are still
written before this process exits with the command's exit status (128+N after signal N). On
Linux the command is killed when this process is (a SIGKILL that cannot be passed on).
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import IO, Any

ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
LEVEL = re.compile(r"\b(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|CRITICAL|FATAL)\b")
LEVEL_NAMES = {"TRACE": "DEBUG", "WARN": "WARNING", "FATAL": "CRITICAL"}
FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


def to_json_line(raw: bytes, *, service: str, stream: str) -> str:
    """One output line (without its newline) as one JSON object."""
    text = ANSI_ESCAPE.sub("", raw.decode("utf-8", errors="replace").rstrip("\r\n"))
    try:
        parsed: Any = json.loads(text)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict):
        return json.dumps(parsed, ensure_ascii=False)
    # A level word near the start (Rust's tracing, Go's log) tells more than the stream does.
    found = LEVEL.search(text[:64])
    level = found.group(1) if found else ("INFO" if stream == "stdout" else "WARNING")
    record = {
        "timestamp": datetime.now(UTC).isoformat(),
        "level": LEVEL_NAMES.get(level, level),
        "logger": service,
        "message": text,
        "service": service,
        "trace_id": None,
        "span_id": None,
        "stream": stream,
    }
    return json.dumps(record, ensure_ascii=False)


def _pump(source: IO[bytes], sink: IO[str], lock: threading.Lock, *, service: str, stream: str) -> None:
    for raw in iter(source.readline, b""):
        line = to_json_line(raw, service=service, stream=stream)
        with lock:
            sink.write(line + "\n")
            sink.flush()
    source.close()


def _die_with_parent() -> None:
    """In the child before exec (Linux): a SIGKILL of this wrapper must not leave the command
    running without anyone to read its output (and, for a broker, holding its port)."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


def run(command: Sequence[str], *, service: str, sink: IO[str] | None = None) -> int:
    """Run ``command`` to its end, writing its output to ``sink`` (stdout) as JSON lines."""
    out = sink or sys.stdout
    child = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # preexec_fn is safe here: this process has started no threads yet.
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        # Its own process group: a signal to ours reaches the command once, forwarded by us,
        # never twice (a second SIGTERM during the command's own shutdown would kill it).
        process_group=0,
    )
    lock = threading.Lock()

    def forward(signum: int, _frame: object) -> None:
        if child.poll() is None:
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in FORWARDED}
    assert child.stdout is not None and child.stderr is not None
    pumps = [
        threading.Thread(target=_pump, args=(pipe, out, lock), kwargs={"service": service, "stream": name}, daemon=True)
        for pipe, name in ((child.stdout, "stdout"), (child.stderr, "stderr"))
    ]
    for pump in pumps:
        pump.start()
    try:
        code = child.wait()
        for pump in pumps:
            pump.join(timeout=5.0)  # a grandchild holding the pipe must not keep us alive
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 128 - code if code < 0 else code


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cskit.observability.jsonlines", description=__doc__)
    parser.add_argument("--service", required=True, help="the service name written into each line")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARGS...]")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    return run(command, service=args.service)


if __name__ == "__main__":
    sys.exit(main())
