import hashlib

import pytest
from rest_framework.test import APIClient

from accounts.models import ApiKey
from tests.conftest import assert_envelope

pytestmark = pytest.mark.django_db


def test_create_shows_the_key_once_and_stores_only_its_hash(alice):
    response = alice.client.post("/api/v1/api-keys", {"name": "ATS sync"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["key"].startswith("hsk_live_") and len(body["key"]) >= len("hsk_live_") + 43
    assert body["prefix"] == body["key"][: len(body["prefix"])]
    stored = ApiKey.objects.get(id=body["id"])
    assert stored.key_hash == hashlib.sha256(body["key"].encode()).hexdigest()
    assert body["key"] not in str(ApiKey.objects.filter(id=body["id"]).values().first())
    listed = alice.client.get("/api/v1/api-keys").json()["results"]
    assert [item["id"] for item in listed] == [body["id"]]
    assert "key" not in listed[0] and "keyHash" not in listed[0]


def test_a_key_authenticates_records_last_use_and_stops_after_revocation(alice):
    raw_key = alice.client.post("/api/v1/api-keys", {"name": "ATS"}, format="json").json()
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=raw_key["key"])

    assert client.get("/api/v1/jobs").status_code == 200
    assert ApiKey.objects.get(id=raw_key["id"]).last_used_at is not None

    assert alice.client.delete(f"/api/v1/api-keys/{raw_key['id']}").status_code == 204
    assert_envelope(client.get("/api/v1/jobs"), 401, "invalid_api_key")
    assert alice.client.get("/api/v1/api-keys").json()["count"] == 0


@pytest.mark.parametrize("raw_key", ["hsk_live_not-a-real-key", "sk_test_123", ""])
def test_unknown_keys_are_401(db, raw_key):
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=raw_key)

    assert_envelope(client.get("/api/v1/jobs"), 401)


def test_api_keys_cannot_manage_api_keys(alice):
    response = alice.api_key_client().post("/api/v1/api-keys", {"name": "escalation"}, format="json")

    assert_envelope(response, 403, "permission_denied")


def test_name_is_required(alice):
    body = assert_envelope(alice.client.post("/api/v1/api-keys", {}, format="json"), 400, "validation_error")
    assert "name" in body["fields"]
