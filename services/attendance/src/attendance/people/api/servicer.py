"""grpc.aio PeopleService: decode, call a handler or the directory, encode. No business branching."""

from __future__ import annotations

from typing import Any

from attendance.domain.people import Employee
from attendance.people.app.handlers import PeopleHandlers
from attendance.people.domain.imports import ImportFormat
from attendance.people.domain.model import Department
from attendance.people.persistence.directory import SqlDirectory
from cs.attendance.v1 import people_pb2 as pb
from cs.attendance.v1 import people_pb2_grpc
from cs.common.v1 import common_pb2
from cskit.calls import current_call
from cskit.domain import InvalidInput, NotFound
from cskit.pagination import PageTokens, page_size

SERVICE_DESCRIPTOR = pb.DESCRIPTOR.services_by_name["PeopleService"]
add_to_server = people_pb2_grpc.add_PeopleServiceServicer_to_server
_FORMATS: dict[int, ImportFormat] = {pb.IMPORT_FORMAT_CSV: ImportFormat.CSV, pb.IMPORT_FORMAT_JSON: ImportFormat.JSON}
_PAGE_KIND = "list:employee-id"


def employee_message(e: Employee) -> pb.Employee:
    return pb.Employee(
        id=e.id,
        branch_id=e.branch_id,
        name=e.name,
        department_id=e.department_id,
        post=e.post,
        grade=int(e.grade),
        hire_date=e.hire_date.isoformat(),
        probation_end=e.probation_end.isoformat() if e.probation_end else "",
        manager_id=e.manager_id or "",
        customer_service=e.customer_service,
        left_on=e.left_on.isoformat() if e.left_on else "",
    )


def department_message(d: Department) -> pb.Department:
    return pb.Department(id=d.id, branch_id=d.branch_id, name=d.name, head_employee_id=d.head_employee_id or "")


def import_format(value: int) -> ImportFormat:
    found = _FORMATS.get(int(value))
    if found is None:
        raise InvalidInput.on("format", "must be csv or json")
    return found


def not_found(employee_id: str) -> NotFound:
    return NotFound(f"employee {employee_id} not found", code="employee_not_found")


class PeopleServicer(people_pb2_grpc.PeopleServiceServicer):
    def __init__(self, handlers: PeopleHandlers, directory: SqlDirectory, tokens: PageTokens) -> None:
        self.handlers = handlers
        self.directory = directory
        self.tokens = tokens

    async def GetEmployee(self, request: pb.GetEmployeeRequest, context: Any) -> pb.GetEmployeeResponse:
        found = await self.directory.employee(current_call().scope, request.employee_id)
        if found is None:
            raise not_found(request.employee_id)
        return pb.GetEmployeeResponse(employee=employee_message(found))

    async def GetMyEmployee(self, request: pb.GetMyEmployeeRequest, context: Any) -> pb.GetMyEmployeeResponse:
        call = current_call()
        found = await self.directory.employee(call.scope, call.actor.subject)
        if found is None:
            raise not_found(call.actor.subject)
        return pb.GetMyEmployeeResponse(employee=employee_message(found))

    async def ListEmployees(self, request: pb.ListEmployeesRequest, context: Any) -> pb.ListEmployeesResponse:
        size = page_size(request.page.page_size)
        cursor = self.tokens.decode(request.page.page_token, _PAGE_KIND, (str,))
        after = str(cursor[0]) if cursor else ""
        found = await self.directory.page(
            current_call().scope,
            department_id=request.department_id.strip(),
            name=request.name.strip(),
            after=after,
            size=size + 1,
        )
        token = self.tokens.encode(_PAGE_KIND, [found[size - 1].id]) if len(found) > size else ""
        return pb.ListEmployeesResponse(
            employees=[employee_message(e) for e in found[:size]],
            page=common_pb2.PageResponse(next_page_token=token),
        )

    async def ListDepartments(self, request: pb.ListDepartmentsRequest, context: Any) -> pb.ListDepartmentsResponse:
        found = await self.directory.departments(current_call().scope)
        return pb.ListDepartmentsResponse(departments=[department_message(d) for d in found])

    async def UpsertDepartment(self, request: pb.UpsertDepartmentRequest, context: Any) -> pb.UpsertDepartmentResponse:
        department = await self.handlers.upsert_department(
            current_call(), id=request.department_id, name=request.name, head_employee_id=request.head_employee_id
        )
        return pb.UpsertDepartmentResponse(department=department_message(department))

    async def ImportEmployees(self, request: pb.ImportEmployeesRequest, context: Any) -> pb.ImportEmployeesResponse:
        count = await self.handlers.import_employees(
            current_call(), import_format(request.format), request.content.encode("utf-8")
        )
        return pb.ImportEmployeesResponse(imported=count)

    async def ImportRosters(self, request: pb.ImportRostersRequest, context: Any) -> pb.ImportRostersResponse:
        count = await self.handlers.import_rosters(
            current_call(), import_format(request.format), request.content.encode("utf-8")
        )
        return pb.ImportRostersResponse(imported=count)
