"""The audit trail: what is recorded, who may read it, filters, append-only, retention, the admin."""

from datetime import timedelta
from datetime import timezone as dt_timezone

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.actors import Actor
from accounts.audit import audit_purge, audit_record
from accounts.models import AuditEntry, Membership
from tests.conftest import PASSWORD, assert_envelope

pytestmark = pytest.mark.django_db


def actions(tenant) -> list[str]:
    return list(AuditEntry.objects.for_tenant(tenant).order_by("created_at").values_list("action", flat=True))


@pytest.fixture
def member(alice, django_capture_on_commit_callbacks, settings):
    """A new member of alice's team with ``role``: (membership, authenticated client)."""
    settings.PUBLIC_BASE_URL = "http://testserver"

    def _member(email: str, role: str):
        from django.core import mail

        from tests.test_teams import accept, bearer, invite, last_token

        invite(alice, email, role, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            session = accept(last_token(email), fullName="M", password=PASSWORD).json()
        mail.outbox.clear()
        return Membership.objects.get(user__email=email), bearer(session["accessToken"])

    return _member


def test_team_changes_are_audited(alice, member):
    carol, _ = member("carol@example.test", "RECRUITER")
    alice.client.patch(f"/api/v1/team/members/{carol.id}", {"role": "ADMIN"}, format="json")
    alice.client.post("/api/v1/team/ownership-transfer", {"memberId": str(carol.id)}, format="json")
    owner_client = alice.client  # alice is an admin now; carol the owner
    alice_member = Membership.objects.get(user=alice.user)
    assert alice_member.role == "ADMIN"
    dave, _ = member("dave@example.test", "VIEWER")
    owner_client.delete(f"/api/v1/team/members/{dave.id}")

    assert actions(alice.tenant) == [
        "tenant.created",
        "member.invited",
        "member.joined",
        "member.role_changed",
        "ownership.transferred",
        "member.invited",
        "member.joined",
        "member.removed",
    ]
    changed = AuditEntry.objects.get(action="member.role_changed")
    assert changed.details == {"email": "carol@example.test", "from": "RECRUITER", "to": "ADMIN"}
    assert changed.actor_kind == "MEMBER" and changed.actor_user_id == alice.user.id
    assert changed.actor_label == "alice@acme.test" and changed.ip == "127.0.0.1"
    assert changed.target_type == "member" and changed.target_id == str(carol.id)
    joined = AuditEntry.objects.filter(action="member.joined").order_by("created_at").first()
    assert joined.actor_user_id == carol.user_id


def test_api_keys_settings_and_webhooks_are_audited(alice):
    key = alice.client.post("/api/v1/api-keys", {"name": "ATS"}, format="json").json()
    alice.client.delete(f"/api/v1/api-keys/{key['id']}")
    alice.client.patch(
        "/api/v1/tenant/settings", {"blindReview": True, "candidateRetentionMonths": 24}, format="json"
    )
    hook = alice.client.post(
        "/api/v1/webhooks", {"url": "https://93.184.215.14/hook", "events": ["job.created"]}, format="json"
    ).json()
    alice.client.patch(f"/api/v1/webhooks/{hook['id']}", {"events": ["*"]}, format="json")
    alice.client.post(f"/api/v1/webhooks/{hook['id']}/rotate-secret")
    alice.client.delete(f"/api/v1/webhooks/{hook['id']}")

    assert actions(alice.tenant)[1:] == [
        "api_key.created",
        "api_key.revoked",
        "settings.updated",
        "webhook_endpoint.created",
        "webhook_endpoint.updated",
        "webhook_endpoint.secret_rotated",
        "webhook_endpoint.deleted",
    ]
    settings_entry = AuditEntry.objects.get(action="settings.updated")
    # Only what changed, old → new (retention was already 24).
    assert settings_entry.details == {"blindReview": {"from": False, "to": True}}
    created = AuditEntry.objects.get(action="api_key.created")
    assert created.details["name"] == "ATS" and key.get("key", "") not in str(created.details)
    assert AuditEntry.objects.get(action="webhook_endpoint.updated").details == {
        "events": {"from": ["job.created"], "to": ["*"]}
    }


def test_an_api_keys_own_actions_name_the_key(alice):
    key_client = alice.api_key_client()
    hook = key_client.post(
        "/api/v1/webhooks", {"url": "https://93.184.215.14/h", "events": ["*"]}, format="json"
    )
    assert hook.status_code == 201
    entry = AuditEntry.objects.get(action="webhook_endpoint.created")
    assert entry.actor_kind == "API_KEY" and entry.api_key_id is not None
    assert entry.actor_user_id == alice.user.id and entry.actor_label.startswith("API key test key")


def test_login_from_a_new_device_is_audited_once(alice):
    def login(agent: str, ip: str):
        client = APIClient(HTTP_USER_AGENT=agent, REMOTE_ADDR=ip)
        return client.post(
            "/api/v1/auth/login", {"email": "alice@acme.test", "password": PASSWORD}, format="json"
        )

    assert login("Firefox/130", "203.0.113.7").status_code == 200
    assert login("Firefox/130", "203.0.113.99").status_code == 200  # same /24: the same device
    assert login("Safari/17", "203.0.113.7").status_code == 200
    assert login("Firefox/130", "198.51.100.7").status_code == 200

    entries = AuditEntry.objects.filter(action="auth.login_new_device").order_by("created_at")
    assert [(e.details["userAgent"], e.ip) for e in entries] == [
        ("Firefox/130", "203.0.113.7"),
        ("Safari/17", "203.0.113.7"),
        ("Firefox/130", "198.51.100.7"),
    ]


def test_audit_log_lists_newest_first_with_filters(alice, bob, member):
    carol, _ = member("carol@example.test", "RECRUITER")
    key = alice.client.post("/api/v1/api-keys", {"name": "ATS"}, format="json").json()
    audit_record(tenant=bob.tenant, by=Actor.member(bob.user), action="member.invited", target_type="x")

    everything = alice.client.get("/api/v1/audit-log").json()
    assert [e["action"] for e in everything["results"]] == [
        "api_key.created",
        "member.joined",
        "member.invited",
        "tenant.created",
    ]
    first = everything["results"][0]
    assert first["actor"] == {
        "kind": "MEMBER",
        "userId": str(alice.user.id),
        "apiKeyId": None,
        "label": "alice@acme.test",
    }
    assert first["targetType"] == "api_key" and first["targetId"] == key["id"] and first["ip"] == "127.0.0.1"

    def listed(**params):
        response = alice.client.get("/api/v1/audit-log", params)
        assert response.status_code == 200, response.content
        return [e["action"] for e in response.json()["results"]]

    assert listed(action="member.invited") == ["member.invited"]
    assert listed(actor=str(carol.user_id)) == ["member.joined"]
    assert listed(targetType="api_key", targetId=key["id"]) == ["api_key.created"]
    joined_at = AuditEntry.objects.get(action="member.joined").created_at
    assert listed(since=joined_at.isoformat()) == ["api_key.created", "member.joined"]
    assert listed(until=joined_at.isoformat()) == ["member.invited", "tenant.created"]
    assert_envelope(alice.client.get("/api/v1/audit-log", {"since": "yesterday"}), 400)
    # Bob's tenant sees only its own entry.
    assert [e["action"] for e in bob.client.get("/api/v1/audit-log").json()["results"]] == [
        "member.invited",
        "tenant.created",
    ]


def test_audit_log_times_with_any_offset_are_compared_in_utc(alice):
    """Python reads offsets up to ±23:59 and PostgreSQL only up to ±15:59: the filter hands it UTC."""
    entry = AuditEntry.objects.get(tenant=alice.tenant, action="tenant.created")
    far_offset = entry.created_at.astimezone(dt_timezone(timedelta(hours=17, minutes=3))).isoformat()

    since = alice.client.get("/api/v1/audit-log", {"since": far_offset})
    assert since.status_code == 200, since.content
    assert [e["action"] for e in since.json()["results"]] == ["tenant.created"]
    assert alice.client.get("/api/v1/audit-log", {"since": "0595-01-29T00:02:56+17:03"}).status_code == 200
    # A moment with no UTC equivalent (before year 1 once the offset is taken off) is the client's error.
    assert_envelope(alice.client.get("/api/v1/audit-log", {"until": "0001-01-01T00:30:00+17:03"}), 400)


def test_audit_log_is_for_owners_and_admins(alice, member):
    _, admin = member("adam@example.test", "ADMIN")
    _, recruiter = member("rita@example.test", "RECRUITER")
    assert admin.get("/api/v1/audit-log").status_code == 200
    assert_envelope(recruiter.get("/api/v1/audit-log"), 403, "permission_denied")
    assert_envelope(alice.api_key_client().get("/api/v1/audit-log"), 403, "permission_denied")
    assert_envelope(APIClient().get("/api/v1/audit-log"), 401)


def test_audit_log_refused_to_viewers(alice, settings, django_capture_on_commit_callbacks):
    from accounts.services import employer_tokens_issue
    from tests.factories import MembershipFactory
    from tests.test_teams import bearer

    viewer = MembershipFactory(tenant=alice.tenant, role="VIEWER")
    token = employer_tokens_issue(user=viewer.user, tenant=alice.tenant)
    assert_envelope(bearer(str(token.access_token)).get("/api/v1/audit-log"), 403, "permission_denied")


def test_audit_log_query_count_is_flat(alice, django_assert_max_num_queries):
    for n in range(30):
        audit_record(tenant=alice.tenant, by=Actor.member(alice.user), action=f"test.{n}")
    with django_assert_max_num_queries(5):
        assert alice.client.get("/api/v1/audit-log", {"pageSize": 50}).json()["count"] == 31


def test_entries_are_append_only(alice):
    entry = AuditEntry.objects.for_tenant(alice.tenant).get()
    entry.action = "rewritten"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="rewritten")
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql", reason="PostgreSQL trigger"
)
def test_postgresql_refuses_updates_at_the_database(alice):
    from django.db import DatabaseError, connection, transaction

    entry = AuditEntry.objects.for_tenant(alice.tenant).get()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditentry SET action = 'x' WHERE id = %s", [entry.pk])


def test_retention_purge(alice, settings):
    settings.AUDIT_RETENTION_DAYS = 10
    old = audit_record(tenant=alice.tenant, by=Actor.process("test"), action="old.thing")
    AuditEntry.objects.filter(pk=old.pk).purge()  # stand-in for time passing: recreate it older
    AuditEntry.objects.create(
        tenant=alice.tenant, actor_kind="SYSTEM", actor_label="system", action="old.thing",
        created_at=timezone.now() - timedelta(days=11),
    )  # fmt: skip

    assert audit_purge() == 1
    assert actions(alice.tenant) == ["tenant.created"]
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "accounts.tasks.audit_purge" in schedule


def test_the_admin_is_read_only(alice, client, django_user_model):
    operator = django_user_model.objects.create_superuser(email="ops@hiresscope.test", password="x" * 12)
    client.force_login(operator)
    entry = AuditEntry.objects.for_tenant(alice.tenant).get()

    assert client.get(reverse("admin:accounts_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_auditentry_add")).status_code == 403
    detail = client.get(reverse("admin:accounts_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert (
        client.post(reverse("admin:accounts_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_device_that_signed_up_or_joined_is_not_new_at_its_first_login(anon):
    client = APIClient(HTTP_USER_AGENT="Edge/120", REMOTE_ADDR="192.0.2.10")
    signup = {"email": "sam@initech.test", "password": PASSWORD, "fullName": "Sam", "companyName": "Initech"}
    assert client.post("/api/v1/auth/signup", signup, format="json").status_code == 201
    login = client.post(
        "/api/v1/auth/login", {"email": "sam@initech.test", "password": PASSWORD}, format="json"
    )
    assert login.status_code == 200
    assert not AuditEntry.objects.filter(action="auth.login_new_device").exists()
