"""Every command the README and `make up` print works exactly as printed (issue 8, section 1).

The platform is started the way a newcomer starts it -- `python3 tools/localplatform.py up`
from a shell whose PATH has no .venv (this used to fail with ModuleNotFoundError) -- on free
ports in a temporary data folder; then each command its hints print is run as printed
(through bash, as a user pastes it), ending with the printed stop command. Every log the
platform writes, the broker's included, is JSON lines.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def _processes() -> tuple[str, ...]:
    """What `make up` starts, in its order: the broker, each gRPC service of platform.toml and
    its relay and consumer, the gateway."""
    listed = tomllib.loads((ROOT / "platform.toml").read_text(encoding="utf-8"))["service"]
    grpc = [s for s in listed if s.get("kind", "grpc") == "grpc"]
    return (
        "broker",
        *(
            n
            for s in grpc
            for n in (
                s["name"],
                *([f"{s['name']}-relay"] if s.get("relay") else []),
                *([f"{s['name']}-consumer"] if s.get("consumer") else []),
            )
        ),
        "gateway",
    )


SERVICES = _processes()


def _free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _shell_env(data_dir: Path) -> dict[str, str]:
    """A newcomer's shell: no venv on PATH, no VIRTUAL_ENV; free ports so a running platform is left alone."""
    venv_bin = str(ROOT / ".venv" / "bin")
    path = os.pathsep.join(p for p in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep) if p != venv_bin)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    broker, grpc, metrics, relay, gateway = _free_ports(5)
    env |= {
        "PATH": path,
        "CS_PLATFORM_DATA_DIR": str(data_dir),
        "CS_PLATFORM_BROKER_PORT": str(broker),
        "CS_PLATFORM_COMPLAINTS_GRPC_PORT": str(grpc),
        "CS_PLATFORM_COMPLAINTS_METRICS_PORT": str(metrics),
        "CS_PLATFORM_RELAY_METRICS_PORT": str(relay),
        "CS_PLATFORM_GATEWAY_PORT": str(gateway),
    }
    return env


def _sh(command: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _printed(output: str, label: str) -> str:
    """The command printed on the hint line that starts with ``label``."""
    for line in output.splitlines():
        if line.strip().startswith(label):
            return line.strip()[len(label) :].strip()
    raise AssertionError(f"`up` printed no {label!r} hint:\n{output}")


def _line_after(output: str, label: str) -> str:
    lines = output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(label))
    return lines[at + 1].strip()


class Up:
    def __init__(self, env: dict[str, str], output: str, data_dir: Path) -> None:
        self.env, self.output, self.data_dir = env, output, data_dir


@pytest.fixture(scope="module")
def up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Up]:
    data_dir = tmp_path_factory.mktemp("printed")
    env = _shell_env(data_dir)
    python3 = shutil.which("python3", path=env["PATH"])
    assert python3 and not python3.startswith(str(ROOT)), python3
    try:
        # The README's form of the tool, with the system's python3; stopped whatever happens
        # (a timed-out start must not leave its processes to the next test).
        started = _sh(f"{python3} tools/localplatform.py up", env, timeout=300)
        assert started.returncode == 0, started.stdout + started.stderr
        yield Up(env, started.stdout, data_dir)
    finally:
        _sh(f"{python3} tools/localplatform.py down", env)


def test_the_readme_form_of_the_tool_works_with_a_plain_python(up: Up) -> None:
    python3 = shutil.which("python3", path=up.env["PATH"])
    done = _sh(f"{python3} tools/localplatform.py logs gateway", up.env)
    assert done.returncode == 0, done.stderr
    assert "gateway.log <==" in done.stdout
    assert "ModuleNotFoundError" not in done.stdout + done.stderr


def test_the_printed_status_and_logs_commands_work(up: Up) -> None:
    status = _sh(_printed(up.output, "status"), up.env)
    assert status.returncode == 0, status.stderr
    for name in SERVICES:
        assert re.search(rf"^{re.escape(name)}\s+\d+\s+yes\s+healthy", status.stdout, re.M), status.stdout

    every, one, follow = (part.strip() for part in _line_after(up.output, "logs").split("|"))
    everything = _sh(every, up.env)
    assert everything.returncode == 0, everything.stderr
    assert [f"{name}.log" for name in SERVICES] == re.findall(r"==> .*/([\w-]+\.log) <==", everything.stdout)
    gateway = _sh(one, up.env)
    assert gateway.returncode == 0, gateway.stderr
    assert re.findall(r"==> .*/([\w-]+\.log) <==", gateway.stdout) == ["gateway.log"]
    assert "FOLLOW=1" in follow and "NAME=gateway" in follow


def test_make_logs_follows_new_lines(up: Up) -> None:
    """`make logs FOLLOW=1` (every service, each line named) shows a request the gateway logs afterwards."""
    ports = up.env["CS_PLATFORM_GATEWAY_PORT"]
    command = _printed(up.output, "stop").replace(" down", " logs FOLLOW=1 LINES=0")
    follower = subprocess.Popen(
        ["bash", "-c", command], cwd=ROOT, env=up.env, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        time.sleep(1.5)  # let it reach the end of each file before the request
        marker = f"/printed-commands-{time.monotonic_ns()}"
        assert httpx.get(f"http://127.0.0.1:{ports}{marker}", timeout=10).status_code == 404
        assert follower.stdout is not None
        deadline = time.monotonic() + 20
        seen: list[str] = []
        while time.monotonic() < deadline:
            line = follower.stdout.readline()
            seen.append(line)
            if marker in line:
                assert line.startswith("gateway | "), line
                json.loads(line.removeprefix("gateway | "))
                break
        else:
            raise AssertionError(f"the request never showed up in the followed logs: {seen[-5:]}")
    finally:
        os.killpg(follower.pid, signal.SIGTERM)
        follower.wait(10)


def test_every_log_is_json_lines_the_brokers_included(up: Up) -> None:
    logs = sorted((up.data_dir / "logs").glob("*.log"))
    assert {p.stem for p in logs} == set(SERVICES)
    for path in logs:
        lines = path.read_text().splitlines()
        assert lines, path.name
        for n, line in enumerate(lines, 1):
            try:
                record = json.loads(line)
            except ValueError:
                raise AssertionError(f"{path.name} line {n} is not JSON: {line!r}") from None
            assert isinstance(record, dict) and "message" in record and "level" in record, (path.name, line)
    broker = [json.loads(line) for line in (up.data_dir / "logs" / "broker.log").read_text().splitlines()]
    assert any(r["message"].startswith("listening on:") for r in broker), broker


def test_the_printed_stop_command_stops_everything(up: Up) -> None:
    pids = [int((up.data_dir / "run" / f"{name}.pid").read_text()) for name in SERVICES]
    down = _sh(_printed(up.output, "stop"), up.env)
    assert down.returncode == 0, down.stderr
    assert "platform is down" in down.stdout
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() and not _zombie(pid) for pid in pids):
        assert time.monotonic() < deadline, "a service outlived the printed stop command"
        time.sleep(0.1)
    # The broker's last lines (written while it stopped) are JSON too.
    for line in (up.data_dir / "logs" / "broker.log").read_text().splitlines():
        json.loads(line)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] == "Z"
    except OSError:
        return True
