"""A service's customer-data operations on its own database (PLT-06), and the kit's
``cs.platform.v1.CustomerDataService`` over them, which every service holding customer data
registers: the access trail and export grants are the kit's tables, so the RPCs are too.

A service adds only what is its own: which record, which fields, the file it exports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import grpc
import grpc.aio
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from cs.platform.v1 import customer_data_pb2 as pb
from cs.platform.v1 import customer_data_pb2_grpc
from cskit.calls import Call, current_call
from cskit.domain.clock import Clock
from cskit.domain.errors import InvalidInput
from cskit.pagination import PageTokens
from cskit.privacy.access import (
    AccessEntry,
    AccessQuery,
    ExportGrant,
    PersonalField,
    export_entries,
    grant_export,
    require_export_grant,
    reveal_entries,
)
from cskit.privacy.policy import PersonalDataPolicy
from cskit.privacy.store import grants_for, list_access, record_access, save_grant
from cskit.protomap import timestamp

FULL_NAME = pb.DESCRIPTOR.services_by_name["CustomerDataService"].full_name


class CustomerData:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        policy: PersonalDataPolicy,
        clock: Clock,
        tokens: PageTokens,
    ) -> None:
        self.policy = policy
        self._sessions = sessions
        self._clock = clock
        self._tokens = tokens

    async def reveal(
        self,
        call: Call,
        *,
        record_type: str,
        record_id: str,
        record_branch_id: str,
        available: Mapping[str, tuple[PersonalField, str]],
        requested: Sequence[str],
        reason: str,
    ) -> list[tuple[str, str]]:
        """The requested fields of one record in clear (none: all the caller may reveal),
        after the rule allowed it and the access entries committed."""
        unknown = [name for name in requested if name not in available]
        if unknown:
            raise InvalidInput.on("fields", f"not a personal field: {', '.join(unknown)}", rule_id="PLT-06")
        names = list(dict.fromkeys(requested))
        if not names:
            allowed = self.policy.revealable(call.actor.roles)
            # None allowed: ask for them all, so the rule names what was refused.
            names = [n for n, (f, _) in available.items() if f.kind in allowed] or list(available)
        entries = reveal_entries(
            self.policy,
            call.actor,
            record_type=record_type,
            record_id=record_id,
            record_branch_id=record_branch_id,
            fields=[available[n][0] for n in names],
            reason=reason,
            at=self._clock.now(),
            request_id=call.request_id,
            client_ip=call.client_ip,
        )
        await self._record(entries)
        return [(name, available[name][1]) for name in names]

    async def approved_export(self, call: Call, *, export: str, branch_id: str) -> ExportGrant:
        """The grant in force for the caller's export now, or Forbidden (PLT-06); checked
        before any data is read."""
        now = self._clock.now()
        async with self._sessions() as session:
            grants = await grants_for(session, grantee=call.actor.subject, export=export, branch_id=branch_id, at=now)
        return require_export_grant(grants, export=export, branch_id=branch_id, exporter=call.actor, at=now)

    async def record_export(
        self,
        call: Call,
        grant: ExportGrant,
        *,
        record_type: str,
        records: Iterable[tuple[str, str]],
        fields: Iterable[PersonalField],
    ) -> None:
        """Record every (record, field) of an export; call before answering the file."""
        await self._record(
            export_entries(
                grant,
                call.actor,
                record_type=record_type,
                records=records,
                fields=fields,
                at=self._clock.now(),
                request_id=call.request_id,
                client_ip=call.client_ip,
            )
        )

    async def grant(self, call: Call, request: pb.GrantExportRequest) -> ExportGrant:
        grant = grant_export(
            self.policy,
            call.actor,
            export=request.export,
            branch_id=request.branch_id,
            grantee=request.grantee,
            hours=request.valid_hours or 24,
            reason=request.reason,
            at=self._clock.now(),
        )
        async with self._sessions.begin() as session:
            await save_grant(session, grant)
        return grant

    async def access(self, call: Call, request: pb.ListCustomerDataAccessRequest) -> tuple[list[AccessEntry], str]:
        query = AccessQuery(call.scope, record_id=request.record_id, field=request.field, subject=request.subject)
        async with self._sessions() as session:
            return await list_access(
                session, query, size=request.page_size, token=request.page_token, tokens=self._tokens
            )

    async def _record(self, entries: list[AccessEntry]) -> None:
        async with self._sessions.begin() as session:
            await record_access(session, entries)


def grant_to(grant: ExportGrant) -> pb.ExportGrant:
    return pb.ExportGrant(
        id=grant.id,
        export=grant.export,
        branch_id=grant.branch_id,
        grantee=grant.grantee,
        granted_by=grant.granted_by,
        granted_at=timestamp(grant.granted_at),
        valid_until=timestamp(grant.valid_until),
        reason=grant.reason,
    )


def access_to(entry: AccessEntry) -> pb.CustomerDataAccess:
    return pb.CustomerDataAccess(
        occurred_at=timestamp(entry.occurred_at),
        action=entry.action.value,
        subject=entry.subject,
        actor_branch_id=entry.actor_branch_id,
        record_type=entry.record_type,
        record_id=entry.record_id,
        record_branch_id=entry.record_branch_id,
        field=entry.field,
        kind=entry.kind.value,
        reason=entry.reason,
        request_id=entry.request_id or "",
        client_ip=entry.client_ip or "",
        grant_id=entry.grant_id or "",
    )


class CustomerDataServicer(customer_data_pb2_grpc.CustomerDataServiceServicer):
    def __init__(self, data: CustomerData) -> None:
        self._data = data

    async def ListCustomerDataAccess(
        self, request: pb.ListCustomerDataAccessRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> pb.ListCustomerDataAccessResponse:
        entries, token = await self._data.access(current_call(), request)
        return pb.ListCustomerDataAccessResponse(entries=[access_to(e) for e in entries], next_page_token=token)

    async def GrantExport(
        self, request: pb.GrantExportRequest, context: grpc.aio.ServicerContext[Any, Any]
    ) -> pb.GrantExportResponse:
        return pb.GrantExportResponse(grant=grant_to(await self._data.grant(current_call(), request)))


def add_customer_data_service(servicer: CustomerDataServicer, server: grpc.aio.Server) -> None:
    customer_data_pb2_grpc.add_CustomerDataServiceServicer_to_server(servicer, server)
