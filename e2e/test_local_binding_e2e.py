"""Local processes listen on loopback only (issue 8, section 2): the platform as `make up` starts
it exposes no port to the network -- not the gRPC port (which would accept any caller), not the
metrics ports, not the gateway, not the broker.

The listening sockets are read from the kernel (/proc/net/tcp{,6}) and matched to the
platform's processes through their file descriptors, so a child process or a second listener
a library opens counts too.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

TCP_LISTEN = "0A"


def _listening_sockets() -> dict[int, tuple[str, int]]:
    """inode -> (address, port) of every listening TCP socket on the machine."""
    found: dict[int, tuple[str, int]] = {}
    for table, family in (("/proc/net/tcp", 4), ("/proc/net/tcp6", 6)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], int(fields[9])
            if state != TCP_LISTEN:
                continue
            hex_addr, hex_port = local.split(":")
            raw = bytes.fromhex(hex_addr)
            # The kernel prints each 32-bit word in host (little-endian) order.
            packed = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            addr: ipaddress.IPv4Address | ipaddress.IPv6Address
            addr = ipaddress.IPv4Address(packed) if family == 4 else ipaddress.IPv6Address(packed)
            # gRPC listens on an IPv6 socket even for 127.0.0.1: it shows as ::ffff:127.0.0.1.
            if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
                addr = addr.ipv4_mapped
            found[inode] = (str(addr), int(hex_port, 16))
    return found


def _socket_inodes(pid: int) -> set[int]:
    inodes: set[int] = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    try:
        fds = list(fd_dir.iterdir())
    except OSError:
        return inodes
    for fd in fds:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[len("socket:[") : -1]))
    return inodes


def _process_tree(root: int) -> list[int]:
    """The process and all its descendants (the broker runs under a JSON-lines wrapper)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[-1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    tree: list[int] = []
    todo = [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def test_every_platform_port_listens_on_loopback_only(platform: Any) -> None:
    cfg = platform.config
    listening = _listening_sockets()
    by_service: dict[str, list[tuple[str, int]]] = {}
    for name in ("broker", "complaints", "complaints-relay", "gateway"):
        leader = int(cfg.pid_path(name).read_text().split()[0])
        inodes = set().union(*(_socket_inodes(pid) for pid in _process_tree(leader)))
        by_service[name] = sorted(listening[i] for i in inodes if i in listening)

    ports = platform.ports
    expected = {
        "broker": ports.broker,
        "complaints": ports.complaints_grpc,
        "complaints-relay": ports.relay_metrics,
        "gateway": ports.gateway,
    }
    for name, port in expected.items():
        assert port in {p for _, p in by_service[name]}, f"{name}: no listener found on {port}: {by_service[name]}"
    assert ports.complaints_metrics in {p for _, p in by_service["complaints"]}

    exposed = {name: [a for a in addrs if a[0] != "127.0.0.1"] for name, addrs in by_service.items()}
    assert not any(exposed.values()), f"listening beyond 127.0.0.1: {exposed}"
