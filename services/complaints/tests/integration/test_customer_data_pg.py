"""Customer data through the real complaints gRPC server on PostgreSQL (PLT-06): responses
are masked by the caller's roles, an unmask is recorded in the kit's append-only trail, and
an export runs only under a grant in force and is recorded record by record."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import grpc
import grpc.aio
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from complaints import SERVICE
from complaints.__main__ import MIGRATIONS
from complaints.bootstrap import Complaints, build
from complaints.domain.values import Complainant
from complaints.settings import ComplaintsSettings
from cs.common.v1 import common_pb2
from cs.complaints.v1 import complaints_pb2 as pb
from cs.complaints.v1 import complaints_pb2_grpc
from cs.platform.v1 import customer_data_pb2 as cpb
from cs.platform.v1 import customer_data_pb2_grpc
from cskit.db.migrations import upgrade
from cskit.domain import Actor, FrozenClock
from cskit.grpc.caller import CallerTokenMinter, generate_private_pem, public_pem
from cskit.grpc.errors import decode_error
from cskit.grpc.server import GrpcServer, channel
from cskit.protomap import timestamp

from .conftest import AGENT_B1, intake

PHONE = "13812345678"
ID_NUMBER = "110101199003071234"
ADDRESS = "江苏省南京市玄武区中山路100号3栋402室"
AGENT = Actor(subject="agent-b1", branch_id="b1", roles=frozenset({"agent"}), grade=1)
MANAGER = Actor(subject="manager-b1", branch_id="b1", roles=frozenset({"manager"}), grade=4)
LEGAL = Actor(subject="legal-b1", branch_id="b1", roles=frozenset({"legal"}), grade=3)
MANAGER_B2 = Actor(subject="manager-b2", branch_id="b2", roles=frozenset({"manager"}), grade=4)


@dataclass
class Running:
    app: Complaints
    port: int
    minter: CallerTokenMinter

    def md(self, actor: Actor) -> tuple[tuple[str, str], ...]:
        return (self.minter.metadata(actor, SERVICE),)


@pytest.fixture
async def running(pg_url: str, frozen_clock: FrozenClock) -> AsyncIterator[Running]:
    upgrade(MIGRATIONS, pg_url)
    key = generate_private_pem()
    settings = ComplaintsSettings(
        database_url=pg_url,
        trusted_callers={"gateway": [public_pem(key)]},
        # A branch's configuration: legal reads ID numbers in clear everywhere.
        personal_data_policy={"clear": {"legal": ["id_number"]}},  # type: ignore[arg-type]
    )
    app = build(settings, clock=frozen_clock)
    server = GrpcServer(
        service_name=SERVICE,
        register=app.register,
        service_full_names=app.service_names,
        callers=settings.caller_verifier(SERVICE),
        personal_data=settings.personal_data_policy,
    )
    port = await server.start(0)
    try:
        yield Running(app, port, CallerTokenMinter("gateway", key))
    finally:
        await server.stop(0)
        await app.database.dispose()


async def _file(app: Complaints) -> str:
    person = Complainant(name="王丽", contact=PHONE, address=ADDRESS, id_number=ID_NUMBER)
    return (await app.handlers.file_complaint(intake(complainant=person), AGENT_B1)).id


async def test_responses_are_masked_by_role_and_an_unmask_is_audited_PLT_06(
    running: Running, frozen_clock: FrozenClock
) -> None:
    case_id = await _file(running.app)
    async with channel(f"127.0.0.1:{running.port}") as chan:
        complaints = complaints_pb2_grpc.ComplaintsServiceStub(chan)
        data = customer_data_pb2_grpc.CustomerDataServiceStub(chan)
        seen = (await complaints.GetComplaint(pb.GetComplaintRequest(id=case_id), metadata=running.md(AGENT))).complaint
        assert (seen.complainant.contact, seen.complainant.id_number) == ("138****5678", "110101********1234")
        assert seen.complainant.address == "江苏省南京市玄武区****"
        # The configured table: legal reads ID numbers in clear, phones still masked.
        legal = (
            await complaints.GetComplaint(pb.GetComplaintRequest(id=case_id), metadata=running.md(LEGAL))
        ).complaint
        assert (legal.complainant.id_number, legal.complainant.contact) == (ID_NUMBER, "138****5678")
        listed = await complaints.ListComplaints(pb.ListComplaintsRequest(), metadata=running.md(MANAGER))
        assert listed.complaints[0].complainant.contact == "138****5678"
        # History details carry the complainant as filed: masked too.
        history = await complaints.ListComplaintHistory(
            pb.ListComplaintHistoryRequest(id=case_id), metadata=running.md(MANAGER)
        )
        assert PHONE not in history.entries[0].details_json and "138****5678" in history.entries[0].details_json

        frozen_clock.advance(timedelta(minutes=5))
        revealed = await complaints.UnmaskComplainant(
            pb.UnmaskComplainantRequest(id=case_id, fields=["contact"], reason="return visit call"),
            metadata=running.md(MANAGER),
        )
        assert [(v.field, v.value) for v in revealed.values] == [("contact", PHONE)]

        # An agent may reveal a phone (return visits), not an ID number.
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await complaints.UnmaskComplainant(
                pb.UnmaskComplainantRequest(id=case_id, fields=["id_number"], reason="curious"),
                metadata=running.md(AGENT),
            )
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
        assert decode_error(refused.value).rule_id == "PLT-06"
        # Another branch's case is not found, and nothing is recorded for it.
        with pytest.raises(grpc.aio.AioRpcError) as elsewhere:
            await complaints.UnmaskComplainant(
                pb.UnmaskComplainantRequest(id=case_id, reason="x"), metadata=running.md(MANAGER_B2)
            )
        assert elsewhere.value.code() == grpc.StatusCode.NOT_FOUND

        trail = await data.ListCustomerDataAccess(
            cpb.ListCustomerDataAccessRequest(record_id=case_id, field="complainant.contact"),
            metadata=running.md(MANAGER),
        )
        assert [(e.subject, e.action, e.reason) for e in trail.entries] == [
            ("manager-b1", "reveal", "return visit call")
        ]
        assert trail.entries[0].occurred_at == timestamp(frozen_clock.now())
        # Another branch's supervisor does not see b1's trail (PLT-01).
        other = await data.ListCustomerDataAccess(
            cpb.ListCustomerDataAccessRequest(record_id=case_id), metadata=running.md(MANAGER_B2)
        )
        assert list(other.entries) == []

    # The trail is append-only (PLT-04's trigger).
    async with running.app.database.async_engine.connect() as conn:
        with pytest.raises(DBAPIError, match="append-only"):
            await conn.execute(text("UPDATE personal_data_access SET subject = 'nobody'"))


async def test_an_export_needs_a_grant_in_force_and_is_recorded_per_record_PLT_06(
    running: Running, frozen_clock: FrozenClock
) -> None:
    first, second = await _file(running.app), await _file(running.app)
    start = frozen_clock.now() - timedelta(days=1)
    received = common_pb2.TimeRange(start=timestamp(start), end=timestamp(start + timedelta(days=2)))
    export = pb.ExportComplaintsRequest(received=received)
    async with channel(f"127.0.0.1:{running.port}") as chan:
        complaints = complaints_pb2_grpc.ComplaintsServiceStub(chan)
        data = customer_data_pb2_grpc.CustomerDataServiceStub(chan)
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await complaints.ExportComplaints(export, metadata=running.md(AGENT))
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
        assert decode_error(refused.value).rule_id == "PLT-06"
        # Nobody approves their own export; an agent approves none.
        grant = cpb.GrantExportRequest(
            export="complaints.csv", branch_id="b1", grantee="agent-b1", valid_hours=2, reason="owners' meeting"
        )
        own = cpb.GrantExportRequest()
        own.CopyFrom(grant)
        own.grantee = "manager-b1"
        for approver, mine in ((AGENT, grant), (MANAGER, own)):
            with pytest.raises(grpc.aio.AioRpcError) as denied:
                await data.GrantExport(mine, metadata=running.md(approver))
            assert denied.value.code() == grpc.StatusCode.PERMISSION_DENIED
        granted = (await data.GrantExport(grant, metadata=running.md(MANAGER))).grant
        assert (granted.granted_by, granted.valid_until) == (
            "manager-b1",
            timestamp(frozen_clock.now() + timedelta(hours=2)),
        )

        reply = await complaints.ExportComplaints(export, metadata=running.md(AGENT))
        assert reply.rows == 2
        csv = reply.content.decode()
        assert PHONE in csv and ID_NUMBER in csv and ADDRESS in csv
        trail = await data.ListCustomerDataAccess(
            cpb.ListCustomerDataAccessRequest(subject="agent-b1", page_size=10), metadata=running.md(MANAGER)
        )
        assert {(e.record_id, e.field, e.action, e.grant_id) for e in trail.entries} >= {
            (first, "complainant.contact", "export", granted.id),
            (second, "complainant.contact", "export", granted.id),
        }
        assert len(trail.entries) == 6 and trail.next_page_token == ""
        # Page by page, newest first.
        page = await data.ListCustomerDataAccess(
            cpb.ListCustomerDataAccessRequest(subject="agent-b1", page_size=4), metadata=running.md(MANAGER)
        )
        rest = await data.ListCustomerDataAccess(
            cpb.ListCustomerDataAccessRequest(subject="agent-b1", page_size=4, page_token=page.next_page_token),
            metadata=running.md(MANAGER),
        )
        assert len(page.entries) == 4 and len(rest.entries) == 2 and rest.next_page_token == ""

        # The grant ends by time: checked when the export runs.
        frozen_clock.advance(timedelta(hours=2))
        with pytest.raises(grpc.aio.AioRpcError) as expired:
            await complaints.ExportComplaints(export, metadata=running.md(AGENT))
        assert expired.value.code() == grpc.StatusCode.PERMISSION_DENIED
