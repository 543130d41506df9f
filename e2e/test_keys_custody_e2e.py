"""The whole life of a sealed key through the gateway (issue 12, "Done when"; KEY-03, KEY-06):
the owner deposits keys and seals them; a flood: an agent asks to use them, the lead and the
project manager approve (never the one who asked, PLT-02), the owner is called, two
customer-service staff and a guard go in, the duty log is written, the keys come back and the
owner re-seals, which closes the re-seal task. Afterwards the audit trail (PLT-04) is readable:
who, what and when, with the owner's phone masked for an agent (PLT-06). Each role has its
own token. Runs on the session platform (SQLite, real processes); the approval deadline runs
on the platform's test clock (``clock_platform``, PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from cs.keys.v1 import custody_events_pb2
from cskit.messaging.envelope import decode

from .conftest import Token, auth, of_record, ok, post, topic_envelopes

pytestmark = pytest.mark.e2e

STAFF = [
    {"name": "Li Lei", "role": "customer_service", "subject": "e2e-agent-1"},
    {"name": "Han Meimei", "role": "customer_service"},
    {"name": "Zhang Wei", "role": "security"},
]


def just_now() -> str:
    """The client's time of a call just made (the server bounds it: not ahead, not before the record)."""
    return datetime.now(UTC).isoformat().replace("+00:00", "Z")


def history(client: httpx.Client, path: str, token: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = ok(client.get(path, headers=auth(token)))["items"]
    return items


def deposit_and_seal(client: httpx.Client, custodian: str, code: str) -> dict[str, Any]:
    form = {
        "code": code,
        "unit": "5-2-0801",
        "key_count": 2,
        "cabinet": "C-OWNERS",
        "hook": f"H-{code}",
        "owner_name": "Owner Zhao",
        "owner_phone": "13912345678",
        "purpose": "kept for emergencies while the owner is abroad",
        "form_ref": f"scan://deposit-forms/{code}",
    }
    made = ok(post(client, "/v1/keys/deposits", custodian, form), 201)
    assert (made["status"], made["owner_phone"]) == ("deposited", "139****5678")
    seal = {"seal_number": f"{code}-S1", "signature_ref": f"photo://seals/{code}-S1", "sealed_by_owner": True}
    sealed = ok(post(client, f"/v1/keys/deposits/{made['id']}/seal", custodian, seal))
    assert sealed["status"] == "sealed"
    return sealed


def test_KEY_06_the_whole_life_of_a_sealed_key_runs_through_the_gateway_with_its_audit_trail(
    client: httpx.Client, token: Token
) -> None:
    custodian = token("key_custodian", "b1", sub="e2e-custodian")
    agent = token("agent", "b1", sub="e2e-agent-1")
    lead = token("team_lead", "b1", sub="e2e-lead", grade=2)
    manager = token("manager", "b1", sub="e2e-manager", grade=3)

    # KEY-03: the deposit form registers the owner's key set; the owner seals and signs.
    deposit = deposit_and_seal(client, custodian, "E2E-0801")
    key_set_id = deposit["key_set_id"]
    key_set = ok(client.get(f"/v1/keys/key-sets/{key_set_id}", headers=auth(agent)))
    assert (key_set["kind"], key_set["state"], key_set["seal_number"]) == ("owner_entrusted", "sealed", "E2E-0801-S1")

    # KEY-06: an agent asks; nobody opens the seal before the approvals (KEY-03).
    body = {"key_set_id": key_set_id, "hazard": "flood", "description": "water coming through the ceiling of 4-0801"}
    emergency = ok(post(client, "/v1/keys/emergencies", agent, body), 201)
    eid = emergency["id"]
    assert (emergency["requester"], emergency["sealed"], emergency["approver_roles"]) == (
        "e2e-agent-1",
        True,
        ["team_lead", "manager"],
    )
    refused = post(client, f"/v1/keys/emergencies/{eid}/use", agent, {"staff": STAFF})
    assert refused.status_code == 403 and refused.json()["rule"] == "KEY-06", refused.text
    ok(post(client, f"/v1/keys/emergencies/{eid}/approve", lead, {}))
    approved = ok(post(client, f"/v1/keys/emergencies/{eid}/approve", manager, {}))
    assert approved["approved"] and [a["approver"] for a in approved["approvals"]] == ["e2e-lead", "e2e-manager"]
    contacted = ok(
        post(
            client,
            f"/v1/keys/emergencies/{eid}/owner-contact",
            agent,
            {"contacted_at": just_now(), "channel": "phone"},
        )
    )
    assert contacted["owner_contacted_at"].endswith(":00Z")  # to the minute
    used = ok(post(client, f"/v1/keys/emergencies/{eid}/use", agent, {"staff": STAFF}))
    assert used["status"] == "keys_in_use" and [s["role"] for s in used["staff"]] == [
        "customer_service",
        "customer_service",
        "security",
    ]
    assert ok(client.get(f"/v1/keys/key-sets/{key_set_id}", headers=auth(agent)))["state"] == "lent"
    ok(post(client, f"/v1/keys/emergencies/{eid}/duty-log", agent, {"entry": "closed the valve, dried the floor"}))
    closed = ok(post(client, f"/v1/keys/emergencies/{eid}/close", agent, {}))
    assert (closed["status"], closed["reseal_task"]) == ("closed", "open")
    open_tasks = ok(client.get("/v1/keys/emergencies", params={"reseal_task": "open"}, headers=auth(custodian)))
    assert eid in [e["id"] for e in open_tasks["items"]]

    # The owner re-seals with a new seal number and signs: the task closes.
    reseal = {"seal_number": "E2E-0801-S2", "signature_ref": "photo://seals/E2E-0801-S2", "sealed_by_owner": True}
    ok(post(client, f"/v1/keys/deposits/{deposit['id']}/seal", custodian, reseal))
    done = ok(client.get(f"/v1/keys/emergencies/{eid}", headers=auth(agent)))
    assert (done["reseal_task"], done["resealed_with"]) == ("done", "E2E-0801-S2")

    # PLT-04: the audit trail, readable afterwards by an agent: who, what, when.
    trail = history(client, f"/v1/keys/key-sets/{key_set_id}/history", agent)
    assert [(e["event_type"], e["actor"]) for e in trail] == [
        ("KeySetRegistered", "e2e-custodian"),
        ("KeySetSealed", "e2e-custodian"),
        ("KeySetSealOpened", "e2e-agent-1"),
        ("KeySetLent", "e2e-agent-1"),
        ("KeySetReturned", "e2e-agent-1"),
        ("KeySetSealed", "e2e-custodian"),
    ]
    assert all(e["occurred_at"] for e in trail)
    assert trail[0]["details"]["owner_phone"] == "139****5678"  # PLT-06
    assert trail[2]["details"]["ref"] == eid and trail[2]["details"]["reason"] == "emergency: flood"
    steps = history(client, f"/v1/keys/emergencies/{eid}/history", agent)
    assert [(e["event_type"], e["actor"]) for e in steps] == [
        ("EmergencyDeclared", "e2e-agent-1"),
        ("EmergencyApproved", "e2e-lead"),
        ("EmergencyApproved", "e2e-manager"),
        ("EmergencyOwnerContacted", "e2e-agent-1"),
        ("EmergencyKeysUsed", "e2e-agent-1"),
        ("EmergencyDutyLogged", "e2e-agent-1"),
        ("EmergencyClosed", "e2e-agent-1"),
        ("ResealTaskOpened", "e2e-agent-1"),
        ("ResealTaskClosed", "e2e-custodian"),
    ]
    assert [p["name"] for p in steps[4]["details"]["staff"]] == ["Li Lei", "Han Meimei", "Zhang Wei"]
    seals = history(client, f"/v1/keys/deposits/{deposit['id']}/history", agent)
    assert [e["event_type"] for e in seals] == [
        "DepositRecorded",
        "DepositSealed",
        "DepositSealOpened",
        "DepositSealed",
    ]
    assert seals[0]["details"]["owner_phone"] == "139****5678"
    assert (seals[2]["details"]["basis"], seals[2]["details"]["emergency_id"]) == ("emergency", eid)


def test_PLT_02_an_emergency_approved_by_the_one_who_asked_is_refused(client: httpx.Client, token: Token) -> None:
    custodian = token("key_custodian", "b1", sub="e2e-custodian")
    lead = token("team_lead", "b1", sub="e2e-lead-2", grade=2)
    deposit = deposit_and_seal(client, custodian, "E2E-0802")
    body = {"key_set_id": deposit["key_set_id"], "hazard": "gas", "description": "smell of gas on the landing"}
    emergency = ok(post(client, "/v1/keys/emergencies", lead, body), 201)
    own = post(client, f"/v1/keys/emergencies/{emergency['id']}/approve", lead, {})
    assert own.status_code == 403 and own.json()["rule"] == "PLT-02", own.text


def test_KEY_06_two_staff_who_are_one_person_or_no_guard_for_a_sealed_key_are_refused(
    client: httpx.Client, token: Token
) -> None:
    custodian = token("key_custodian", "b1", sub="e2e-custodian")
    agent = token("agent", "b1", sub="e2e-agent-3")
    deposit = deposit_and_seal(client, custodian, "E2E-0803")
    body = {"key_set_id": deposit["key_set_id"], "hazard": "fire", "description": "smoke from the kitchen window"}
    eid = ok(post(client, "/v1/keys/emergencies", agent, body), 201)["id"]
    ok(post(client, f"/v1/keys/emergencies/{eid}/approve", token("team_lead", "b1", sub="e2e-lead-3"), {}))
    ok(post(client, f"/v1/keys/emergencies/{eid}/approve", token("manager", "b1", sub="e2e-manager-3"), {}))
    twice = [STAFF[0], {**STAFF[0], "name": "LI LEI"}, STAFF[2]]
    same = post(client, f"/v1/keys/emergencies/{eid}/use", agent, {"staff": twice})
    assert same.status_code in (400, 422) and same.json()["rule"] == "KEY-06", same.text
    no_guard = post(client, f"/v1/keys/emergencies/{eid}/use", agent, {"staff": STAFF[:2]})
    assert no_guard.status_code in (400, 422) and no_guard.json()["rule"] == "KEY-06", no_guard.text
    ahead = (datetime.now(UTC) + timedelta(minutes=10)).isoformat().replace("+00:00", "Z")
    future = post(
        client, f"/v1/keys/emergencies/{eid}/owner-contact", agent, {"contacted_at": ahead, "channel": "phone"}
    )
    assert future.status_code in (400, 422), future.text
    assert ok(client.get(f"/v1/keys/key-sets/{deposit['key_set_id']}", headers=auth(agent)))["state"] == "sealed"
    other = client.get(f"/v1/keys/emergencies/{eid}", headers=auth(token("agent", "b2", sub="e2e-b2")))
    assert other.status_code == 404  # PLT-01


def test_KEY_03_a_seal_opens_with_the_owners_consent_to_the_minute(client: httpx.Client, token: Token) -> None:
    custodian = token("key_custodian", "b1", sub="e2e-custodian")
    deposit = deposit_and_seal(client, custodian, "E2E-0804")
    path = f"/v1/keys/deposits/{deposit['id']}/open-with-consent"
    agent = post(
        client, path, token("agent", "b1"), {"consent_channel": "phone", "consented_at": just_now(), "reason": "x"}
    )
    assert agent.status_code == 403
    before = (datetime.now(UTC) - timedelta(days=1)).isoformat().replace("+00:00", "Z")
    early = post(client, path, custodian, {"consent_channel": "phone", "consented_at": before, "reason": "viewing"})
    assert early.status_code in (400, 422) and early.json()["rule"] == "KEY-03", early.text
    opened = ok(
        post(client, path, custodian, {"consent_channel": "phone", "consented_at": just_now(), "reason": "viewing"})
    )
    assert opened["status"] == "opened"
    key_set = ok(client.get(f"/v1/keys/key-sets/{deposit['key_set_id']}", headers=auth(custodian)))
    assert key_set["state"] == "in_cabinet"


def test_KEY_06_an_emergency_without_both_approvals_at_the_deadline_is_published_overdue(
    clock_platform: Any, token: Token
) -> None:
    custodian = token("key_custodian", "b1", sub="e2e-clock-custodian")
    agent = token("agent", "b1", sub="e2e-clock-agent")
    with httpx.Client(base_url=str(clock_platform.gateway_url), timeout=20.0) as api:
        deposit = deposit_and_seal(api, custodian, "E2E-CLOCK-1")
        body = {"key_set_id": deposit["key_set_id"], "hazard": "flood", "description": "burst pipe above 0801"}
        eid = ok(post(api, "/v1/keys/emergencies", agent, body), 201)["id"]
        ok(post(api, f"/v1/keys/emergencies/{eid}/approve", token("team_lead", "b1", sub="e2e-clock-lead"), {}))
        sre = token("sre", "hq")
        ok(post(api, "/v1/test-clock/advance", sre, {"by": "PT23H"}))
        assert not ok(api.get(f"/v1/keys/emergencies/{eid}", headers=auth(agent))).get("approval_overdue")
        ok(post(api, "/v1/test-clock/advance", sre, {"by": "PT1H1M"}))
        envelopes = topic_envelopes(clock_platform.bootstrap, "cs.keys.v1", of_record(eid), expected=3)
        assert [e.type.removeprefix("cs.keys.v1.") for e in envelopes] == [
            "EmergencyDeclared",
            "EmergencyApproved",
            "EmergencyApprovalOverdue",
        ]
        overdue = decode(envelopes[-1], custody_events_pb2.EmergencyApprovalOverdue)
        assert (overdue.branch_id, list(overdue.missing_roles)) == ("b1", ["manager"])
        assert ok(api.get(f"/v1/keys/emergencies/{eid}", headers=auth(agent)))["approval_overdue"]
