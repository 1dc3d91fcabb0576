"""Every error under /api/ uses the one envelope, whichever layer produced it."""

import logging

import pytest
from django.test import Client

from tests.conftest import assert_envelope

pytestmark = pytest.mark.django_db


def test_validation_error_lists_fields_in_camel_case(alice):
    response = alice.client.post("/api/v1/jobs", {"title": "", "salaryMin": -1}, format="json")

    body = assert_envelope(response, 400, "validation_error")
    assert {"title", "description", "salaryMin"} <= set(body["fields"])
    assert body["error"] == "Bad Request"
    assert body["message"].startswith("Validation failed: ")


def test_unknown_url_under_api_is_a_404_envelope(alice):
    for path in ("/api/v1/nope", "/api/v2/jobs", "/api/v1/jobs/not-a-uuid"):
        assert_envelope(alice.client.get(path), 404, "not_found")
    assert_envelope(alice.client.post("/api/v1/nope", {}, format="json"), 404, "not_found")


def test_method_not_allowed_is_405(alice):
    response = alice.client.put("/api/v1/jobs", {}, format="json")

    assert_envelope(response, 405, "method_not_allowed")


def test_unsupported_request_media_type_is_415(alice):
    response = alice.client.post("/api/v1/jobs", data="<job/>", content_type="application/xml")

    assert_envelope(response, 415, "unsupported_media_type")


def test_malformed_json_is_400(alice):
    response = alice.client.post("/api/v1/jobs", data="{not json", content_type="application/json")

    assert_envelope(response, 400, "parse_error")


@pytest.mark.urls("tests.urls_with_failures")
def test_unhandled_error_in_an_api_view_is_a_500_envelope_without_leaks(db, caplog):
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR):
        response = client.get("/api/v1/test-explode")

    body = assert_envelope(response, 500, "internal_error")
    assert "hunter2" not in response.content.decode() and "Traceback" not in response.content.decode()
    logged = [r for r in caplog.records if r.name == "hiresscope.errors"]
    assert logged and logged[0].request_id == body["requestId"]


@pytest.mark.urls("tests.urls_with_failures")
def test_unhandled_error_outside_drf_is_a_500_envelope_too(db):
    client = Client(raise_request_exception=False)

    response = client.get("/api/v1/test-explode-django")

    assert_envelope(response, 500, "internal_error")
    assert "secret internal detail" not in response.content.decode()


def test_request_id_from_caller_is_echoed(anon):
    response = anon.get("/api/v1/jobs", HTTP_X_REQUEST_ID="trace-1234abcd")

    assert assert_envelope(response, 401)["requestId"] == "trace-1234abcd"
