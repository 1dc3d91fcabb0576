"""Inputs an outside fuzzer found to cause 500s: each is now a 400 envelope or is handled correctly."""

import pytest
from django.core import mail
from django.db import transaction
from rest_framework.test import APIClient

from accounts.actors import Actor
from accounts.services import api_key_create
from candidates.services.submission import application_receipt_send
from hiresscope import http
from hiresscope.parsers import MAX_JSON_DEPTH
from jobs.models import Job
from tests import factories
from tests.conftest import assert_envelope
from tests.webhook_receiver import Receiver
from webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from webhooks.services import event_record


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 500, 5000, 100_000])
def test_json_nested_too_deep_is_a_400_without_login(db, depth):
    response = APIClient().post("/api/v1/auth/login", _nested(depth), content_type="application/json")

    body = assert_envelope(response, 400, "parse_error")
    assert "nested deeper" in body["message"]


def test_json_within_the_depth_limit_reaches_validation(db):
    body = {"email": "a@b.test", "password": "x", "extra": [[[["fine"]]]]}

    response = APIClient().post("/api/v1/auth/login", body, format="json")

    assert response.status_code == 401


def test_hrflow_json_query_parameters_nested_too_deep_are_a_400(alice):
    _, key = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="hrflow")
    response = APIClient().get(
        "/api/v1/jobs/scoring",
        {"board_keys": _nested(3000), "profile_key": "x", "source_key": "y"},
        HTTP_X_API_KEY=key,
        HTTP_X_USER_EMAIL=alice.user.email,
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("board_keys")


@pytest.mark.parametrize("value", [2**63, 2**31, -1, 10**30])
def test_salaries_outside_an_integer_column_are_a_400(alice, value):
    job = {"title": "Backend Engineer", "description": "Python and Django.", "salaryMin": value}

    body = assert_envelope(alice.client.post("/api/v1/jobs", job, format="json"), 400, "validation_error")

    assert "salaryMin" in body["fields"]


def test_the_largest_integer_salary_is_stored(alice):
    job = {"title": "Backend Engineer", "description": "Python.", "salaryMax": 2**31 - 1}

    response = alice.client.post("/api/v1/jobs", job, format="json")

    assert response.status_code == 201
    assert Job.objects.get(pk=response.json()["id"]).salary_max == 2**31 - 1


def test_options_on_a_nested_route_describes_the_route(alice):
    job = factories.JobFactory(tenant=alice.tenant)

    response = alice.client.options(f"/api/v1/jobs/{job.pk}/rubric")

    assert response.status_code == 200
    assert "PUT" in response.json()["allowedMethods"]


@pytest.mark.parametrize(
    "title", ["Backend\nEngineer", "Backend\r\nEngineer", "Tab\there", "A\u2028B", "Bell\x07"]
)
def test_line_breaks_and_control_characters_in_a_title_are_a_400(alice, title):
    job = {"title": title, "description": "Python.\nDjango.\n"}

    body = assert_envelope(alice.client.post("/api/v1/jobs", job, format="json"), 400, "validation_error")

    assert "title" in body["fields"]


def test_a_line_break_in_a_company_name_is_a_400_at_signup(db):
    signup = {
        "email": "new@corp.test",
        "password": "a-long-password-1",
        "fullName": "New Person",
        "companyName": "Corp\nBcc: victim@example.com",
    }

    body = assert_envelope(APIClient().post("/api/v1/auth/signup", signup, format="json"), 400)

    assert "companyName" in body["fields"]


def test_a_receipt_is_sent_even_if_a_title_holds_a_line_break(alice):
    # A title written around the API (the admin, an old row) must not break every receipt for its job.
    job = factories.JobFactory(tenant=alice.tenant, title="Backend\nEngineer")
    application = factories.ApplicationFactory(job=job, tenant=alice.tenant)

    assert application_receipt_send(application_id=application.pk) is True

    assert mail.outbox[-1].subject == f"Your application for Backend Engineer at {alice.tenant.name}"


def test_a_webhook_url_with_non_ascii_in_its_path_is_called_percent_encoded(alice, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    receiver = Receiver()
    try:
        url = f"http://127.0.0.1:{receiver.port}/hööks/ünïcode?name=José"
        created = alice.client.post(
            "/api/v1/webhooks", {"url": url, "events": ["job.created"]}, format="json"
        )
        assert created.status_code == 201

        response = alice.client.post(f"/api/v1/webhooks/{created.json()['id']}/test")

        assert response.status_code == 200
        assert response.json()["status"] == DeliveryStatus.SUCCEEDED
        assert receiver.requests[0].path == "/h%C3%B6%C3%B6ks/%C3%BCn%C3%AFcode?name=Jos%C3%A9"
    finally:
        receiver.close()


def test_an_unexpected_send_failure_is_a_logged_attempt_that_is_retried(
    alice, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    created = alice.client.post(
        "/api/v1/webhooks", {"url": "http://127.0.0.1:9/hook", "events": ["*"]}, format="json"
    )
    assert created.status_code == 201

    def explode(*args, **kwargs):  # stands for any failure we did not foresee below the wrapper
        raise UnicodeEncodeError("ascii", "é", 0, 1, "ordinal not in range(128)")

    monkeypatch.setattr(http, "post", explode)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event_record(tenant_id=alice.tenant.id, type="job.created", data={"jobId": "j-1", "status": "DRAFT"})

    delivery = WebhookDelivery.objects.get(endpoint_id=created.json()["id"])
    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert not attempt.succeeded and attempt.error.startswith("internal:")
    assert delivery.status == DeliveryStatus.PENDING and delivery.next_attempt_at is not None


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/jobs/{job}/applications?search=a%00b",
        "/api/v1/jobs/{job}/applications?skill=py%00thon",
        "/api/v1/jobs/public?company=a%00",
        "/api/v1/talent-pool?search=%00",
        "/api/v1/talent-pool/suggest/{job}?department=%00",
        "/api/v1/jobs/{job}/applications?ordering=score%00",
        "/api/v1/jobs?page=1%00",
    ],
)
def test_nul_in_a_query_parameter_is_a_400_not_a_database_error(alice, url):
    # PostgreSQL refuses NUL in text; it must never get that far.
    job = factories.JobFactory(tenant=alice.tenant, status="ACTIVE", is_public=True)

    response = alice.client.get(url.format(job=job.pk))

    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert_envelope(response, 400)
