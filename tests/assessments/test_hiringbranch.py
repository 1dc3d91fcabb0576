"""HiringBranch-compatible ``GET /api/v1/score`` held to the seed's own OpenAPI document.

``tests/fixtures/hiringbranch_score_seed.json`` is the seed's response schema and components, verbatim
(checked against ``../shared/seeds`` when that folder is beside the project); every real response below
is validated against it as JSON Schema, and schemathesis runs the seed's whole document against this
server with the base URL a HiringBranch client would use (``http://host/api``).
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from accounts.actors import Actor
from assessments import services
from tests.assessments.conftest import answer_everything, invite, library_definition

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SEED_COPY = ROOT / "tests" / "fixtures" / "hiringbranch_score_seed.json"
SEED_DIR = ROOT.parent / "shared" / "seeds"


def seed_document() -> dict | None:
    for path in sorted(SEED_DIR.glob("001_*.txt")) if SEED_DIR.is_dir() else []:
        block = re.search(r"````yaml[^\n]*\n(.*?)````", path.read_text(), re.S)
        if block:
            return yaml.safe_load(block.group(1))
    return None


def seed_schema() -> dict:
    copy = json.loads(SEED_COPY.read_text())
    return {**copy["paths./v1/score.get.responses.200"], "components": copy["components"]}


def test_the_copy_of_the_seeds_schema_is_verbatim():
    document = seed_document()
    if document is None:
        pytest.skip("../shared/seeds is not beside the project")
    copy = json.loads(SEED_COPY.read_text())
    assert copy["components"] == document["components"]
    assert (
        copy["paths./v1/score.get.responses.200"]
        == document["paths"]["/v1/score"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    )


@pytest.fixture
def scored(alice):
    """Three attempts of alice's: completed and reviewed, in progress, invited."""
    done = services.attempt_start(invitation=invite(alice))
    answer_everything(done)
    done = services.attempt_finish(invitation=done)
    running = services.attempt_start(invitation=invite(alice, "numeracy"))
    waiting = invite(alice, "typing-speed", email="later@example.test")
    return {"done": done, "running": running, "waiting": waiting}


def get_scores(client, **params):
    headers = params.pop("headers", {})
    return client.get("/api/v1/score", params, headers=headers)


def test_real_responses_validate_against_the_seeds_schema(alice, scored):
    client = alice.api_key_client()
    ids = ",".join(str(i.candidate_id) for i in scored.values())
    response = get_scores(client, candidateIds=ids)
    assert response.status_code == 200
    body = response.json()
    jsonschema.validate(body, seed_schema())
    assert len(body) == 3
    done = next(item for item in body if item["assessmentId"] == str(scored["done"].definition_id))
    assert (
        done["assessmentStatus"] == "COMPLETED" and done["scoreStatus"] == "PENDING"
    )  # spoken answer unmarked
    assert done["completion"] == "100" and int(done["typingSpeed"]) > 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00", done["finished"])
    assert {c["name"] for c in done["categoryScores"]} >= {"Typing", "Speaking"}
    waiting = next(item for item in body if item["assessmentId"] == str(scored["waiting"].definition_id))
    assert (
        waiting["assessmentStatus"] == "INVITED" and waiting["started"] == "0001-01-01T00:00:00.0000000+00:00"
    )
    running = next(item for item in body if item["assessmentId"] == str(scored["running"].definition_id))
    assert running["assessmentStatus"] == "IN_PROGRESS" and running["scoreStatus"] == "PENDING"


def test_filter_by_assessment_and_the_instance_header(alice, scored):
    client = alice.api_key_client()
    response = get_scores(
        client,
        assessmentIds=str(scored["running"].definition_id),
        headers={"instance": alice.tenant.slug},
    )
    assert [item["assessmentId"] for item in response.json()] == [str(scored["running"].definition_id)]
    refused = get_scores(
        client, assessmentIds=str(scored["running"].definition_id), headers={"instance": "globex"}
    )
    assert refused.status_code == 403


def test_malformed_ids_are_a_400(alice):
    client = alice.api_key_client()
    assert get_scores(client, candidateIds="59bc377497c7ac0cbc1b69c7").status_code == 400
    assert get_scores(client, candidateIds="").status_code == 400  # neither list
    assert (
        get_scores(client, assessmentIds=",".join(["0b5c4e4e-3a51-4c1f-9d59-9d3d1f0c2a11"] * 101)).status_code
        == 400
    )


def test_a_key_is_required_and_another_tenants_ids_answer_nothing(alice, bob, scored, anon):
    assert get_scores(anon, candidateIds=str(scored["done"].candidate_id)).status_code == 401
    assert (
        alice.client.get("/api/v1/score", {"candidateIds": str(scored["done"].candidate_id)}).status_code
        == 401
    )
    response = get_scores(bob.api_key_client(), candidateIds=str(scored["done"].candidate_id))
    assert response.status_code == 200 and response.json() == []


def test_the_final_status_follows_the_review(alice, scored):
    done = scored["done"]
    answer = done.answers.get(marking="AWAITING_REVIEW")
    definition = library_definition(alice.tenant, "contact-centre")
    rubric = next(
        q
        for c in definition.current_version.content["categories"]
        for q in c["questions"]
        if q["id"] == answer.question_id
    )["rubric"]
    services.answer_review(
        tenant=alice.tenant,
        by=Actor.member(alice.user),
        answer_id=answer.pk,
        rubric_met=[False] * len(rubric),
    )
    [item] = get_scores(
        alice.api_key_client(), candidateIds=str(done.candidate_id), assessmentIds=str(done.definition_id)
    ).json()
    assert item["scoreStatus"] in {"PASS", "LOW_PASS", "FAIL"}
    jsonschema.validate([item], seed_schema())


@pytest.mark.django_db(transaction=True)
def test_schemathesis_runs_the_seeds_document_against_this_server(alice, scored, live_server, tmp_path):
    document = seed_document()
    if document is None:
        document = {
            "openapi": "3.0.1",
            "info": {"title": "Connect Api", "version": "1.0"},
            "paths": {
                "/v1/score": {
                    "get": {
                        "parameters": [],
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {"application/json": {"schema": seed_schema()}},
                            }
                        },
                    }
                }
            },
            "components": json.loads(SEED_COPY.read_text())["components"],
        }
    # The client's base URL: HiringBranch's ".../connect" becomes ours, ".../api".
    document["servers"] = [{"url": f"{live_server.url}/api"}]
    spec = tmp_path / "hiringbranch.json"
    spec.write_text(json.dumps(document))
    _, key = services_key(alice)
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        str(spec),
        "--url",
        f"{live_server.url}/api",
        "--header",
        f"X-API-Key: {key}",
        "--checks",
        "not_a_server_error,response_schema_conformance",
        "--max-examples",
        "30",
        "--seed",
        "20261207",
        "--generation-database",
        "none",
        "--no-color",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-6000:]
    assert " passed" in result.stdout and "/v1/score" in result.stdout, result.stdout[-3000:]
    print(result.stdout[result.stdout.find("=== SUMMARY") :])


def services_key(persona):
    from accounts.services import api_key_create

    return api_key_create(tenant=persona.tenant, by=Actor.member(persona.user), name="hiringbranch")
