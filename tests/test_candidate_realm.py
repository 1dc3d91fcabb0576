"""Candidates' own accounts: register, verify, log in, reset a password, see their applications and
scores, and stay in their own realm (candidate tokens never pass as employer tokens, nor the reverse)."""

import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from candidates.models import Candidate
from demo.content import DEMO_CANDIDATES, render_cv
from tests.conftest import PASSWORD, assert_envelope

pytestmark = pytest.mark.django_db

MARA = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather")


@pytest.fixture
def job(alice, job_factory):
    return job_factory(tenant=alice.tenant, required_skills=["Python", "Django", "Kubernetes"])


def register(client, email="mara@example.test", **extra):
    payload = {"email": email, "password": PASSWORD, "fullName": "Mara Quillfeather", **extra}
    return client.post("/api/v1/candidates/register", payload)


def apply(job, email="mara@example.test"):
    payload = {
        "file": SimpleUploadedFile("mara.txt", render_cv(MARA.cv_text, "txt")),
        "email": email,
        "fullName": "Mara Quillfeather",
        "consent": "true",
    }
    return APIClient().post(f"/api/v1/apply/{job.slug}", payload, format="multipart")


def link_in(message) -> str:
    return re.search(r"http://\S+", message.body).group(0)


def token_in(message) -> str:
    return parse_qs(urlsplit(link_in(message)).query)["token"][0]


def signed_in(access_token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token}")
    return client


@pytest.fixture
def verified(anon, django_capture_on_commit_callbacks):
    """A registered candidate who followed the verification link; returns their signed-in client."""
    with django_capture_on_commit_callbacks(execute=True):
        session = register(anon).json()
    path = link_in(mail.outbox[-1]).removeprefix("http://127.0.0.1:8000")
    assert anon.get(path).status_code == 200
    return signed_in(session["accessToken"])


def test_registering_sends_a_verification_link_that_verifies_the_address(
    anon, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(anon)

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["candidate"]["emailVerified"] is False and body["accessToken"] and body["refreshToken"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mara@example.test"]
    link = link_in(mail.outbox[0])
    # The link opens the careers site's page, which verifies; the API's endpoint takes the same token.
    assert link.startswith("http://127.0.0.1:8000/account/verify-email/?token=")

    page = anon.get(link.removeprefix("http://127.0.0.1:8000"))
    assert page.status_code == 200 and "Email confirmed" in page.content.decode()
    me = signed_in(body["accessToken"]).get("/api/v1/candidates/me").json()
    assert me["emailVerified"] is True
    api = anon.get("/api/v1/candidates/verify-email", {"token": token_in(mail.outbox[0])})
    assert api.status_code == 200 and api.json()["emailVerified"] is True


def test_a_tampered_verification_token_is_400(anon):
    assert_envelope(anon.post("/api/v1/candidates/verify-email", {"token": "abc:def"}), 400, "invalid_token")


def test_registering_an_existing_email_is_409(anon):
    register(anon)
    assert_envelope(register(anon, email="MARA@example.test"), 409, "email_taken")


def test_weak_password_is_400_with_the_field(anon):
    body = assert_envelope(register(anon, password="password"), 400, "validation_error")
    assert "password" in body["fields"]


def test_login_answers_the_same_for_an_unknown_email_and_a_wrong_password(anon, alice):
    register(anon)
    wrong_password = anon.post(
        "/api/v1/candidates/login", {"email": "mara@example.test", "password": "nope-nope-1"}
    )
    unknown = anon.post(
        "/api/v1/candidates/login", {"email": "nobody@example.test", "password": "nope-nope-1"}
    )
    # An employer's credentials are not a candidate account.
    employer = anon.post("/api/v1/candidates/login", {"email": "alice@acme.test", "password": PASSWORD})
    for response in (wrong_password, unknown, employer):
        body = assert_envelope(response, 401, "invalid_credentials")
        assert body["message"] == "Invalid email or password."


def test_applications_sent_before_the_account_appear_once_the_email_is_verified(
    anon, job, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application_id = apply(job).json()["applicationId"]
        session = register(anon).json()
    client = signed_in(session["accessToken"])
    assert client.get("/api/v1/candidates/me/applications").json()["count"] == 0  # not verified yet
    assert_envelope(client.get(f"/api/v1/candidates/me/score/{application_id}"), 404, "not_found")

    verified = anon.post("/api/v1/candidates/verify-email", {"token": token_in(mail.outbox[-1])}).json()

    assert verified["applicationsLinked"] == 1
    listed = client.get("/api/v1/candidates/me/applications").json()
    assert [a["id"] for a in listed["results"]] == [application_id]
    assert listed["results"][0]["company"] == "Acme" and listed["results"][0]["status"] == "NEW"


def test_an_application_sent_after_verification_is_shown_too(
    verified, job, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application_id = apply(job).json()["applicationId"]

    listed = verified.get("/api/v1/candidates/me/applications").json()
    assert [a["id"] for a in listed["results"]] == [application_id]


def test_the_own_score_is_explained_without_internal_fields_and_with_advice(
    verified, job, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application_id = apply(job).json()["applicationId"]

    body = verified.get(f"/api/v1/candidates/me/score/{application_id}").json()

    assert body["processingStatus"] == "SCORED" and 0 <= body["score"] <= 100
    explanation = body["explanation"]
    assert explanation["summary"] and explanation["label"]
    for requirement in explanation["requirements"]:
        assert set(requirement) == {"requirement", "kind", "category", "verdict", "evidence", "note"}
        for span in requirement["evidence"]:
            assert set(span) == {"text", "quote"}
    met = {r["requirement"] for r in explanation["requirements"] if r["verdict"] == "MET"}
    assert {"Python", "Django"} <= met
    # Mara's CV never mentions Kubernetes: the gap is named, with something she can do about it.
    assert any("Kubernetes" in tip for tip in explanation["howToImprove"])
    assert "advice" in body["adviceOnly"]


def test_another_persons_application_is_404(verified, job, anon, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        someone_else = apply(job, email="someone@example.test").json()["applicationId"]
    assert_envelope(verified.get(f"/api/v1/candidates/me/score/{someone_else}"), 404, "not_found")
    assert_envelope(verified.get(f"/api/v1/candidates/me/score/{uuid.uuid4()}"), 404, "not_found")


def test_profile_edits_are_validated_and_reach_every_employers_copy(
    verified, job, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        apply(job)
    verified.get("/api/v1/candidates/me/applications")

    bad = verified.patch("/api/v1/candidates/me/profile", {"linkedinUrl": "https://example.test/me"})
    assert "linkedinUrl" in assert_envelope(bad, 400, "validation_error")["fields"]
    assert_envelope(verified.patch("/api/v1/candidates/me/profile", {"phone": "call me"}), 400)

    response = verified.patch(
        "/api/v1/candidates/me/profile",
        {
            "fullName": "Mara Q. Feather",
            "phone": "+49 30 1234567",
            "linkedinUrl": "https://www.linkedin.com/in/mara",
        },
    )

    assert response.status_code == 200, response.content
    assert response.json()["fullName"] == "Mara Q. Feather"
    copy = Candidate.objects.get(email="mara@example.test")
    assert (copy.full_name, copy.phone, copy.linkedin_url) == (
        "Mara Q. Feather",
        "+49301234567",  # stored in E.164, the form matching by phone relies on
        "https://www.linkedin.com/in/mara",
    )


def test_password_reset_does_not_reveal_who_has_an_account(anon, django_capture_on_commit_callbacks):
    register(anon)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        known = anon.post("/api/v1/candidates/password-reset", {"email": "mara@example.test"})
        unknown = anon.post("/api/v1/candidates/password-reset", {"email": "nobody@example.test"})

    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert [m.to for m in mail.outbox] == [["mara@example.test"]]


def test_a_reset_link_sets_a_new_password_once_and_ends_old_sessions(
    anon, django_capture_on_commit_callbacks
):
    old_session = register(anon).json()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        anon.post("/api/v1/candidates/password-reset", {"email": "mara@example.test"})
    path = link_in(mail.outbox[0]).removeprefix("http://127.0.0.1:8000")
    assert anon.get(path).status_code == 200  # the link opens: it is still good
    uid, token = re.search(r"uid=([^&]+)&token=(\S+)", path).groups()
    new_password = "a-brand-new-passphrase-42"

    changed = anon.post(
        "/api/v1/candidates/password-reset/confirm", {"uid": uid, "token": token, "newPassword": new_password}
    )

    assert changed.status_code == 200, changed.content
    again = anon.post(
        "/api/v1/candidates/password-reset/confirm", {"uid": uid, "token": token, "newPassword": new_password}
    )
    assert_envelope(again, 400, "invalid_token")
    assert_envelope(
        anon.post("/api/v1/candidates/refresh", {"refreshToken": old_session["refreshToken"]}), 401
    )
    login = anon.post("/api/v1/candidates/login", {"email": "mara@example.test", "password": new_password})
    assert login.status_code == 200


def test_candidate_refresh_rotates_and_logout_revokes(anon):
    session = register(anon).json()
    rotated = anon.post("/api/v1/candidates/refresh", {"refreshToken": session["refreshToken"]})
    assert rotated.status_code == 200
    assert_envelope(anon.post("/api/v1/candidates/refresh", {"refreshToken": session["refreshToken"]}), 401)
    client = signed_in(rotated.json()["accessToken"])
    assert (
        client.post("/api/v1/candidates/logout", {"refreshToken": rotated.json()["refreshToken"]}).status_code
        == 204
    )
    assert_envelope(
        anon.post("/api/v1/candidates/refresh", {"refreshToken": rotated.json()["refreshToken"]}), 401
    )


def test_refresh_tokens_do_not_cross_realms(anon, alice):
    candidate = register(anon).json()
    assert_envelope(anon.post("/api/v1/auth/refresh", {"refreshToken": candidate["refreshToken"]}), 401)
    assert_envelope(anon.post("/api/v1/candidates/refresh", {"refreshToken": alice.refresh_token}), 401)


def _operations(security_scheme: str):
    """Every (method, path) of the schema that accepts ``security_scheme``, ids filled with random UUIDs."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            schemes = {name for entry in operation.get("security", []) for name in entry}
            if security_scheme in schemes:
                yield method, re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)


def test_a_candidate_token_opens_no_employer_route(anon):
    token = register(anon).json()["accessToken"]
    client = signed_in(token)
    operations = list(_operations("bearerAuth"))
    assert len(operations) > 20
    for method, path in operations:
        response = getattr(client, method)(path, {}, format="json")
        assert response.status_code == 401, (method, path, response.status_code)


def test_an_employer_token_opens_no_candidate_route(alice):
    operations = list(_operations("candidateBearerAuth"))
    assert {path for _, path in operations} >= {"/api/v1/candidates/me", "/api/v1/candidates/me/applications"}
    for method, path in operations:
        response = getattr(alice.client, method)(path, {}, format="json")
        assert response.status_code == 401, (method, path, response.status_code)
    api_key = alice.api_key_client()
    for method, path in operations:
        assert getattr(api_key, method)(path, {}, format="json").status_code == 401, (method, path)
