"""People through the gateway (issue 11, item 1): HR imports employees from a CSV file; one
bad row answers 422 with the per-row report and imports nothing; the fixed file imports every
row; the list, the search by name and the caller's own record read them back."""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from .conftest import Token, auth, ok

pytestmark = pytest.mark.e2e


def test_an_employee_import_with_a_bad_row_is_a_422_report_and_the_fixed_file_imports_all(
    client: httpx.Client, token: Token
) -> None:
    branch = f"b-{uuid.uuid4().hex[:6]}"
    hr = token("hr", branch, sub=f"hr-{branch}")
    dept = f"d-{uuid.uuid4().hex[:6]}"
    department = ok(client.put(f"/v1/attendance/people/departments/{dept}", json={"name": "客服部"}, headers=auth(hr)))
    assert (department["id"], department["branch_id"], department["name"]) == (dept, branch, "客服部")
    me = f"e-{uuid.uuid4().hex[:8]}"
    rows = [
        "id,name,department_id,post,grade,hire_date,probation_end,manager_id",
        f"{me}-m,王经理,{dept},客服经理,manager,2020-01-01,,",
        f"{me},张伟,{dept},客服专员,staff,2026-03-01,2026-05-31,{me}-m",
    ]
    bad = [*rows, f"{me}-x,李娜,{dept},客服专员,boss,2026-02-30,,"]
    refused = client.post(
        "/v1/attendance/people/employee-imports",
        json={"format": "csv", "content": "\n".join(bad)},
        headers=auth(hr),
    )
    assert refused.status_code == 422, refused.text
    problem = refused.json()
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "import_rejected"
    assert {e["field"] for e in problem["errors"]} == {"rows[3].grade", "rows[3].hire_date"}
    listed = ok(client.get("/v1/attendance/people/employees", headers=auth(hr)))
    assert listed["employees"] == []  # nothing of the file was imported

    imported = ok(
        client.post(
            "/v1/attendance/people/employee-imports",
            json={"format": "csv", "content": "\n".join(rows)},
            headers=auth(hr),
        )
    )
    assert imported["imported"] == 2
    listed = ok(client.get("/v1/attendance/people/employees", params={"department_id": dept}, headers=auth(hr)))
    assert [(e["id"], e["name"], e["grade"]) for e in listed["employees"]] == [
        (me, "张伟", 1),
        (f"{me}-m", "王经理", 3),
    ]
    found = ok(client.get("/v1/attendance/people/employees", params={"name": "张"}, headers=auth(hr)))
    assert [e["id"] for e in found["employees"]] == [me]
    mine = ok(client.get("/v1/attendance/people/me", headers=auth(token("agent", branch, sub=me))))
    assert (mine["manager_id"], mine["probation_end"], mine["department_id"]) == (f"{me}-m", "2026-05-31", dept)
    # Staff may read but not import; another branch sees none of it (PLT-01).
    agent = token("agent", branch, sub=f"agent-{branch}")
    forbidden = client.post(
        "/v1/attendance/people/employee-imports",
        json={"format": "csv", "content": "\n".join(rows)},
        headers=auth(agent),
    )
    assert forbidden.status_code == 403, forbidden.text
    elsewhere = token("hr", f"{branch}-2", sub=f"hr2-{branch}")
    assert client.get(f"/v1/attendance/people/employees/{me}", headers=auth(elsewhere)).status_code == 404


def test_att_09_a_transfer_imported_mid_month_ends_the_old_departments_roster_through_the_gateway(
    client: httpx.Client, token: Token
) -> None:
    branch = f"b-{uuid.uuid4().hex[:6]}"
    hr = token("hr", branch, sub=f"hr-{branch}")
    lead = token("team_lead", branch, sub=f"lead-{branch}")
    for dept, name in (("d-cs", "客服部"), ("d-sales", "销售部")):
        ok(client.put(f"/v1/attendance/people/departments/{dept}-{branch}", json={"name": name}, headers=auth(hr)))
    me = f"e-{uuid.uuid4().hex[:8]}"
    header = "id,name,department_id,post,grade,hire_date,effective"
    joined = f"{header}\n{me},陈静,d-cs-{branch},客服专员,staff,2025-01-02,"
    ok(
        client.post(
            "/v1/attendance/people/employee-imports", json={"format": "csv", "content": joined}, headers=auth(hr)
        )
    )
    month = [
        {"employee_id": me, "day": f"2025-11-{d:02d}", "shift_start": "09:00", "shift_end": "18:00"}
        for d in range(3, 29)
    ]
    imported = ok(
        client.post(
            "/v1/attendance/people/roster-imports",
            json={"format": "json", "content": json.dumps(month)},
            headers=auth(lead),
        )
    )
    assert imported["imported"] == 26
    # HR records the transfer to sales from Nov 17 (a re-import with its effective date).
    moved = f"{header}\n{me},陈静,d-sales-{branch},销售,staff,2025-01-02,2025-11-17"
    ok(
        client.post(
            "/v1/attendance/people/employee-imports", json={"format": "csv", "content": moved}, headers=auth(hr)
        )
    )

    def day(on: str) -> dict[str, object]:
        return ok(client.get(f"/v1/attendance/employees/{me}/days/{on}", headers=auth(lead)))

    # Before the date the customer-service roster counts; from it, it does not: no sales
    # roster, the default shift, and no punch on it is a day of absence.
    assert day("2025-11-14")["shift_source"] == "roster"
    after = day("2025-11-18")
    assert (after["shift_source"], after["reason"], after["absence"]) == ("default", "no_record", True)
    listed = ok(
        client.get(
            f"/v1/attendance/employees/{me}/roster",
            params={"from_day": "2025-11-14", "to_day": "2025-11-18"},
            headers=auth(lead),
        )
    )
    assert {d["department_id"] for d in listed["roster_days"]} == {f"d-cs-{branch}"}
