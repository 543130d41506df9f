"""Fixtures: an app wired to fake stubs (no network), and tokens signed with the test secret."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import grpc
import pytest
from fastapi.testclient import TestClient
from google.protobuf.timestamp_pb2 import Timestamp

from cs.complaints.v1 import complaints_pb2 as pb
from gateway.app import create_app
from gateway.auth import mint_dev_token
from gateway.clients import Downstreams, downstreams
from gateway.settings import GatewaySettings

SECRET = "unit-test-secret-0123456789-abcdefghijklmnop"


@dataclass
class Recorded:
    request: Any
    metadata: dict[str, str]
    timeout: float | None
    wait_for_ready: bool | None = None


@dataclass
class FakeRpc:
    """Stands in for a grpc.aio unary-unary callable: records the call, answers or raises."""

    response: Any = None
    error: BaseException | None = None
    calls: list[Recorded] = field(default_factory=list)
    # Raised by the first calls, one each, before ``error``/``response`` apply.
    first_errors: list[BaseException] = field(default_factory=list)

    async def __call__(
        self,
        request: Any,
        *,
        timeout: float | None = None,  # noqa: ASYNC109
        metadata: Any = (),
        wait_for_ready: bool | None = None,
    ) -> Any:
        self.calls.append(Recorded(request, dict(metadata or ()), timeout, wait_for_ready))
        if self.first_errors:
            raise self.first_errors.pop(0)
        if self.error is not None:
            raise self.error
        return self.response


def sample_complaint(**overrides: Any) -> pb.Complaint:
    received = Timestamp()
    received.FromDatetime(datetime(2026, 11, 2, 9, 30, tzinfo=UTC))
    complaint = pb.Complaint(
        id="c-1",
        number="B1-202611-00001",
        branch_id="b1",
        channel=pb.CHANNEL_WALK_IN,
        complainant=pb.Complainant(name="Li Lei", contact="13800000000"),
        target=pb.Target(department="engineering"),
        description="The lift has been broken for a week.",
        demands=[pb.DEMAND_CRITICISM_OR_SUGGESTION],
        category=pb.CATEGORY_MAINTENANCE,
        nature=pb.NATURE_VALID,
        severity=pb.SEVERITY_ORDINARY,
        status=pb.STATUS_RECEIVED,
        received_at=received,
        updated_at=received,
        clocks=[
            pb.Clock(
                kind=pb.CLOCK_KIND_FIRST_REPLY, rule_id="CMP-04", state=pb.CLOCK_STATE_RUNNING, started_at=received
            )
        ],
        version=1,
        filed_by="u1",
    )
    for key, value in overrides.items():
        setattr(complaint, key, value)
    return complaint


class FakeComplaints:
    """Every ComplaintsService RPC as a FakeRpc answering with ``sample_complaint()``."""

    def __init__(self) -> None:
        c = sample_complaint()
        self.FileComplaint = FakeRpc(pb.FileComplaintResponse(complaint=c))
        self.GetComplaint = FakeRpc(pb.GetComplaintResponse(complaint=c))
        self.ListComplaints = FakeRpc(pb.ListComplaintsResponse(complaints=[c]))
        self.ListComplaintHistory = FakeRpc(pb.ListComplaintHistoryResponse())
        for name in (
            "AcceptComplaint",
            "RejectComplaint",
            "ReplyToRejection",
            "ReplyToComplaint",
            "AddProgressNote",
            "ResolveComplaint",
            "RecordReturnVisit",
            "CloseComplaint",
            "ReclassifyComplaint",
            "PauseResolutionClock",
            "ResumeResolutionClock",
        ):
            setattr(self, name, FakeRpc(getattr(pb, f"{name}Response")(complaint=c)))


def rpc_error(
    code: grpc.StatusCode, message: str = "boom", trailing: tuple[tuple[str, str | bytes], ...] = ()
) -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(code, grpc.aio.Metadata(), grpc.aio.Metadata(*trailing), details=message)


@pytest.fixture
def settings() -> GatewaySettings:
    return GatewaySettings(jwt_secret=SECRET, request_timeout_s=3.0)


@pytest.fixture
def fake() -> FakeComplaints:
    return FakeComplaints()


def serve(settings: GatewaySettings, stubs: Downstreams) -> Iterator[TestClient]:
    """The gateway calling ``stubs`` instead of the network."""
    app = create_app(settings)
    app.dependency_overrides[downstreams] = lambda: stubs
    # raise_server_exceptions=False: a crash must come back as a 500 problem, as in production.
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture
def client(settings: GatewaySettings, fake: FakeComplaints) -> Iterator[TestClient]:
    yield from serve(settings, Downstreams(complaints=fake))  # type: ignore[arg-type]


TokenFactory = Callable[..., str]


@pytest.fixture
def token(settings: GatewaySettings) -> TokenFactory:
    def make(roles: tuple[str, ...] = ("agent",), branch: str = "b1", grade: int = 1, sub: str = "u1") -> str:
        return mint_dev_token(sub, branch, roles, grade, 600, settings=settings)

    return make


@pytest.fixture
def auth(token: TokenFactory) -> dict[str, str]:
    return {"Authorization": f"Bearer {token()}"}
