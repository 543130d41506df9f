"""Services the gateway fronts purely from their contracts: one ``[service.gateway]`` table in
platform.toml each (``make gen-platform`` writes ``backend_list.py``), no gateway code.

For each backend: a channel to ``CS_GATEWAY_<SERVICE>_TARGET`` (the chart and the local
platform set it; default the service's local port), a stub built from the service
descriptor (no generated ``_pb2_grpc`` import needed), its permissions added to the one
table, and every RPC with a ``(cs.platform.v1.http)`` rule mounted by ``gateway.transcode``.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import grpc
from fastapi import FastAPI
from google.protobuf import descriptor_pool
from google.protobuf.descriptor import ServiceDescriptor
from google.protobuf.message_factory import GetMessageClass

from gateway.clients import Downstreams
from gateway.permissions import PERMISSIONS, STAFF, SUPERVISORS, Permission

# Role groups a permission in platform.toml may name instead of listing roles.
ROLE_GROUPS: Mapping[str, frozenset[str]] = {"staff": STAFF, "supervisors": SUPERVISORS}


@dataclass(frozen=True)
class Backend:
    name: str
    default_target: str
    services: tuple[str, ...]
    permissions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def target_env(self) -> str:
        return f"CS_GATEWAY_{self.name.upper().replace('-', '_')}_TARGET"

    def target(self, environ: Mapping[str, str] | None = None) -> str:
        return (os.environ if environ is None else environ).get(self.target_env, self.default_target)

    def descriptors(self) -> list[ServiceDescriptor]:
        out = []
        for full_name in self.services:
            # cs.<pkg>.v1.<Name>Service lives in one of cs/<pkg>/v1/*.proto: import them to register it.
            package = importlib.import_module(full_name.rsplit(".", 1)[0])
            for module in pkgutil.iter_modules(package.__path__):
                if module.name.endswith("_pb2"):
                    importlib.import_module(f"{package.__name__}.{module.name}")
            out.append(descriptor_pool.Default().FindServiceByName(full_name))
        return out

    def roles(self, names: tuple[str, ...]) -> frozenset[str]:
        return frozenset(role for name in names for role in ROLE_GROUPS.get(name, frozenset({name})))


def descriptor_stub(channel: grpc.aio.Channel, service: ServiceDescriptor) -> Any:
    """A stub of ``service`` from its descriptor: one unary-unary callable per RPC."""
    calls = {
        method.name: channel.unary_unary(
            f"/{service.full_name}/{method.name}",
            request_serializer=GetMessageClass(method.input_type).SerializeToString,
            response_deserializer=GetMessageClass(method.output_type).FromString,
        )
        for method in service.methods
    }
    return SimpleNamespace(**calls)


def targets(backends: tuple[Backend, ...]) -> dict[str, str]:
    return {b.name: b.target() for b in backends}


def mount(app: FastAPI, backends: tuple[Backend, ...]) -> None:
    """Add each backend's permissions to the table and mount its transcoded routes."""
    from gateway import transcode

    for backend in backends:
        for name, roles in backend.permissions.items():
            wanted = Permission(backend.roles(roles))
            if PERMISSIONS.setdefault(name, wanted) != wanted:  # the same app built again is fine
                raise ValueError(f"{backend.name}: permission {name!r} is already defined otherwise")
        for service in backend.descriptors():
            transcode.mount(app, service, _stub_of(backend.name, service), audience=backend.name)


def _stub_of(name: str, service: ServiceDescriptor) -> Any:
    stubs: dict[int, Any] = {}

    def stub(downstreams: Downstreams) -> Any:
        channel = downstreams.channels[name]
        # One stub per channel (the app's lifetime), not per request.
        if id(channel) not in stubs:
            stubs[id(channel)] = descriptor_stub(channel, service)
        return stubs[id(channel)]

    return stub
