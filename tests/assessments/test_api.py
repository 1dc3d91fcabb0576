"""``/assessments`` and ``/assessment-invitations``: definitions, invitations, results, marking, recordings."""

import json

import pytest

from assessments import services
from assessments.content import questions
from assessments.library import LIBRARY
from assessments.models import AssessmentInvitation
from tests.assessments.conftest import WEBM, answer_everything, invite, library_definition
from tests.conftest import PASSWORD, assert_envelope
from tests.test_privacy import EMAIL

pytestmark = pytest.mark.django_db

MINE = {
    "name": "Warehouse basics",
    "timeLimitMinutes": 15,
    "passThreshold": 70,
    "lowPassThreshold": 50,
    "content": {
        "categories": [
            {
                "key": "numeracy",
                "name": "Numeracy",
                "weight": 2,
                "questions": [
                    {
                        "id": "boxes",
                        "kind": "NUMERIC",
                        "prompt": "12 boxes of 24: how many items?",
                        "answer": 288,
                    },
                    {
                        "id": "reply",
                        "kind": "SHORT_TEXT",
                        "prompt": "A courier is late. What do you write to the customer?",
                        "maxWords": 80,
                        "rubric": [{"point": "apologise", "keywords": ["sorry", "apolog*"]}],
                    },
                ],
            }
        ]
    },
}


def test_the_list_holds_the_library_and_a_created_assessment_round_trips_its_content(alice):
    listed = alice.client.get("/api/v1/assessments").json()
    assert {item["libraryKey"] for item in listed["results"]} >= {item["libraryKey"] for item in LIBRARY}
    created = alice.client.post("/api/v1/assessments", MINE, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["version"] == 1 and body["categories"] == [
        {"key": "numeracy", "name": "Numeracy", "weight": 2, "questions": 2}
    ]
    question = body["content"]["categories"][0]["questions"][1]
    assert question["maxWords"] == 80 and question["rubric"][0]["keywords"] == ["sorry", "apolog*"]
    assert alice.client.get(f"/api/v1/assessments/{body['id']}").json()["content"] == body["content"]


def test_invalid_content_names_the_field(alice):
    broken = json.loads(json.dumps(MINE))
    broken["content"]["categories"][0]["questions"][0]["kind"] = "ESSAY"
    body = assert_envelope(
        alice.client.post("/api/v1/assessments", broken, format="json"), 400, "validation_error"
    )
    assert "content.categories[0].questions[0].kind" in body["fields"]


def test_a_change_after_invitations_is_a_new_version(alice):
    created = alice.client.post("/api/v1/assessments", MINE, format="json").json()
    invited = alice.client.post(
        f"/api/v1/assessments/{created['id']}/invite",
        {"emails": ["pat@example.test"], "extraTimePercent": 25},
        format="json",
    )
    assert invited.status_code == 200 and invited.json()["invited"] == 1
    result = invited.json()["results"][0]
    assert (
        result["created"]
        and result["invitation"]["extraTimePercent"] == 25
        and result["invitation"]["version"] == 1
    )
    again = alice.client.post(
        f"/api/v1/assessments/{created['id']}/invite", {"emails": ["pat@example.test"]}, format="json"
    )
    assert again.json()["invited"] == 0 and again.json()["alreadyInvited"] == 1
    changed = alice.client.patch(f"/api/v1/assessments/{created['id']}", {"passThreshold": 80}, format="json")
    assert changed.json()["version"] == 2 and changed.json()["passThreshold"] == 80
    listed = alice.client.get(f"/api/v1/assessments/{created['id']}/invitations").json()["results"]
    assert [item["version"] for item in listed] == [1]


def test_archived_assessments_take_no_invitations(alice):
    definition = library_definition(alice.tenant, "numeracy")
    assert alice.client.delete(f"/api/v1/assessments/{definition.pk}").status_code == 204
    refused = alice.client.post(
        f"/api/v1/assessments/{definition.pk}/invite", {"emails": ["a@x.test"]}, format="json"
    )
    assert_envelope(refused, 409, "assessment_archived")
    restored = alice.client.patch(f"/api/v1/assessments/{definition.pk}", {"archived": False}, format="json")
    assert restored.json()["archived"] is False


def test_invite_through_an_application_ties_the_result_to_it(alice, job_factory):
    from tests.factories import ApplicationFactory

    application = ApplicationFactory(tenant=alice.tenant, job=job_factory(tenant=alice.tenant), scored=True)
    definition = library_definition(alice.tenant, "typing-speed")
    response = alice.client.post(
        f"/api/v1/assessments/{definition.pk}/invite", {"applicationId": str(application.pk)}, format="json"
    )
    invitation = response.json()["results"][0]["invitation"]
    assert invitation["applicationId"] == str(application.pk) and invitation["candidateId"] == str(
        application.candidate_id
    )
    listed = alice.client.get(
        "/api/v1/assessment-invitations", {"applicationId": str(application.pk)}
    ).json()["results"]
    assert [item["id"] for item in listed] == [invitation["id"]]
    assert_envelope(alice.client.get("/api/v1/assessment-invitations", {"applicationId": "nope"}), 400)


def test_results_answers_signals_review_and_the_recording(alice):
    invitation = services.attempt_start(invitation=invite(alice))
    answer_everything(invitation)
    services.signal_record(invitation=invitation, kind="TAB_HIDDEN", detail={"seconds": 75})
    services.attempt_finish(invitation=invitation)
    detail = alice.client.get(f"/api/v1/assessment-invitations/{invitation.pk}").json()
    assert (
        detail["status"] == "COMPLETED" and detail["scoreStatus"] == "PENDING" and detail["redFlag"] is True
    )
    [reason] = detail["redFlagReasons"]
    [signal] = detail["signals"]
    assert reason["rule"] == "left_assessment" and reason["signalIds"] == [signal["id"]]
    spoken = next(q for _, q in questions(invitation.version.content) if q["kind"] == "SPOKEN")
    recording = alice.client.get(
        f"/api/v1/assessment-invitations/{invitation.pk}/answers/{spoken['id']}/recording"
    )
    assert recording.status_code == 200 and recording["Content-Type"] == "audio/webm"
    assert b"".join(recording.streaming_content) == WEBM
    reviewed = alice.client.post(
        f"/api/v1/assessment-invitations/{invitation.pk}/answers/{spoken['id']}/review",
        {"rubricMet": [True] * len(spoken["rubric"])},
        format="json",
    )
    assert reviewed.status_code == 200 and reviewed.json()["scoreStatus"] in {"PASS", "LOW_PASS", "FAIL"}
    wrong_length = alice.client.post(
        f"/api/v1/assessment-invitations/{invitation.pk}/answers/{spoken['id']}/review",
        {"rubricMet": [True]},
        format="json",
    )
    assert_envelope(wrong_length, 400, "validation_error")


def test_another_tenants_ids_are_404(alice, bob):
    invitation = invite(bob)
    definition = library_definition(bob.tenant, "numeracy")
    for method, url, body in [
        ("get", f"/api/v1/assessments/{definition.pk}", None),
        ("patch", f"/api/v1/assessments/{definition.pk}", {"name": "Mine"}),
        ("post", f"/api/v1/assessments/{definition.pk}/invite", {"emails": ["a@x.test"]}),
        ("get", f"/api/v1/assessments/{definition.pk}/invitations", None),
        ("get", f"/api/v1/assessment-invitations/{invitation.pk}", None),
        ("post", f"/api/v1/assessment-invitations/{invitation.pk}/resend", None),
        ("get", f"/api/v1/assessment-invitations/{invitation.pk}/answers/cc-sp-1/recording", None),
    ]:
        response = getattr(alice.client, method)(url, body, format="json")
        assert_envelope(response, 404, "not_found")
    assert alice.client.get("/api/v1/assessment-invitations").json()["results"] == []


def test_a_candidate_sees_exports_and_erases_their_assessments(mara, alice):
    client, _ = mara
    invitation = services.attempt_start(invitation=invite(alice, email=EMAIL))
    answer_everything(invitation)
    services.signal_record(
        invitation=invitation, kind="PASTE", question_id="cc-we-1", detail={"characters": 140}
    )
    services.attempt_finish(invitation=invitation)
    [own] = client.get("/api/v1/candidates/me/assessments").json()
    assert own["company"] == alice.tenant.name and own["status"] == "COMPLETED"
    assert own["redFlag"] is True and [s["kind"] for s in own["signals"]] == ["PASTE"]
    exported = json.loads(client.get("/api/v1/candidates/me/export").content)
    [attempt] = exported["assessments"]
    assert attempt["answers"] and attempt["signals"][0]["kind"] == "PASTE"
    recording = invitation.answers.exclude(recording="").get().recording
    storage, name = recording.storage, recording.name
    assert storage.exists(name)
    assert client.delete("/api/v1/candidates/me", {"password": PASSWORD}, format="json").status_code == 200
    invitation = AssessmentInvitation.objects.get(pk=invitation.pk)
    assert not invitation.answers.exists() and not invitation.signals.exists()
    assert invitation.total_score is not None  # the score stays for the employer's statistics
    assert not storage.exists(name)
    assert client.get("/api/v1/candidates/me/assessments").status_code == 401


def test_a_candidate_never_sees_anothers_attempts(mara, alice):
    client, _ = mara
    invite(alice, email="someone.else@example.test")
    assert client.get("/api/v1/candidates/me/assessments").json() == []
