

# ---- a second service, and a body that is one field (body: "report") -----------------------


@pytest.fixture
def workflow_client(settings: GatewaySettings) -> Iterator[tuple[TestClient, Any]]:
    stub = SimpleNamespace(
        SubmitInvestigationReport=FakeRpc(
            wpb.SubmitInvestigationReportResponse(workflow=wpb.CaseWorkflow(complaint_id="c-1"))
        ),
        GetCaseWorkflow=FakeRpc(wpb.GetCaseWorkflowResponse(workflow=wpb.CaseWorkflow(complaint_id="c-1"))),
    )
    app = create_app(settings)
    app.dependency_overrides[downstreams] = lambda: Downstreams(complaints=FakeComplaints(), workflow=stub)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client, stub


REPORT = {
    "cause": "A worn cable.",
    "course_of_events": "The lift stopped on floor 3.",
    "responsible_people": [{"team": "maintenance"}],
    "conclusion": "Replace the cable.",
    "countermeasures": "Monthly checks.",
}


def test_a_one_field_body_fills_that_field_CMP_06(
    workflow_client: tuple[TestClient, Any], token: TokenFactory
) -> None:
    client, stub = workflow_client
    headers = {"Authorization": f"Bearer {token(roles=('engineer',))}", "Idempotency-Key": "r-1"}
    response = client.post("/v1/complaints/c-1/investigation-report", json=REPORT, headers=headers)
    assert response.status_code == 200, response.text
    sent = stub.SubmitInvestigationReport.calls[0].request
    assert sent.id == "c-1"
    assert sent.report.cause == "A worn cable."
    assert [p.team for p in sent.report.responsible_people] == ["maintenance"]
    body = response.json()
    # Unset optional parts of the case are null, not empty objects; empty text is null.
    assert (body["report"], body["customer_answer"]) == (None, None)
    assert body["routing"]["handling_department"] is None


def test_a_report_needs_someone_responsible_CMP_06(
    workflow_client: tuple[TestClient, Any], token: TokenFactory
) -> None:
    client, stub = workflow_client
    headers = {"Authorization": f"Bearer {token(roles=('engineer',))}"}
    response = client.post(
        "/v1/complaints/c-1/investigation-report", json={**REPORT, "responsible_people": []}, headers=headers
    )
    assert response.status_code == 422
    assert "responsible_people" in {e["field"] for e in response.json()["errors"]}
    assert not stub.SubmitInvestigationReport.calls
