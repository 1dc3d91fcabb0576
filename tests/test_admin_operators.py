"""Operators in the admin: who may reach it (operators, never tenant members), and the one-step actions
(extend a trial, change a plan, redeliver webhooks) over the same services the API and the dashboard use."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.actors import Actor
from accounts.models import AuditActorKind, AuditEntry, Membership, User
from billing import services as billing_services
from billing.models import Subscription, SubscriptionStatus
from hiresscope.exceptions import DomainError
from tests.conftest import PASSWORD, assert_envelope
from tests.factories import UserFactory
from tests.webhook_receiver import Receiver
from webhooks.models import DeliveryStatus, WebhookDelivery
from webhooks.services import event_record

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = reverse("admin:login")


@pytest.fixture
def ops_user(django_user_model) -> User:
    return django_user_model.objects.create_superuser(email="ops@hiresscope.test", password=PASSWORD)


@pytest.fixture
def operator(ops_user) -> Client:
    client = Client()
    client.force_login(ops_user)
    return client


def flashes(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def changelist(model: str) -> str:
    return reverse(f"admin:{model}_changelist")


# -- who may reach the admin ----------------------------------------------------------------------------
def test_a_member_signed_in_to_the_dashboard_gets_the_admin_login_page_not_the_admin(alice):
    # Given alice signed in to the dashboard (the same Django session the admin reads)
    client = Client()
    signed_in = client.post(reverse("dashboard:login"), {"email": "alice@acme.test", "password": PASSWORD})
    assert signed_in.status_code == 302 and client.get(reverse("dashboard:home")).status_code == 200

    # When she opens the admin, or a page inside it
    for url in (reverse("admin:index"), changelist("accounts_user"), changelist("accounts_auditentry")):
        response = client.get(url)
        # Then she is sent to the admin's sign-in, which does not let her in either
        assert response.status_code == 302 and response["Location"].startswith(ADMIN_LOGIN), url
    login_page = client.get(ADMIN_LOGIN)
    assert login_page.status_code == 200 and b"not authorized" in login_page.content
    assert b"site-name" in login_page.content and b"Select user to change" not in login_page.content


def test_a_staff_account_that_is_also_a_member_is_refused_even_when_signed_in(alice):
    # Given data from before the rule: alice made staff directly in the database
    User.objects.filter(pk=alice.user.pk).update(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(User.objects.get(pk=alice.user.pk))

    assert client.get(reverse("admin:index"))["Location"].startswith(ADMIN_LOGIN)
    # and the admin's own password form refuses her, saying why
    client.logout()
    refused = client.post(ADMIN_LOGIN, {"username": "alice@acme.test", "password": PASSWORD})
    assert refused.status_code == 200 and b"separate account" in refused.content
    assert client.get(reverse("admin:index")).status_code == 302


def test_an_operator_without_memberships_signs_in_and_uses_the_admin(ops_user):
    client = Client()
    response = client.post(
        ADMIN_LOGIN, {"username": ops_user.email, "password": PASSWORD, "next": reverse("admin:index")}
    )
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(changelist("accounts_user")).status_code == 200


def test_a_staff_account_cannot_join_a_team_through_an_invitation(
    alice, settings, django_capture_on_commit_callbacks
):
    # Given an invitation to the address of an operator account
    settings.PUBLIC_BASE_URL = "http://testserver"
    UserFactory(email="ops@example.test", password=PASSWORD, is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        alice.client.post(
            "/api/v1/team/invitations", {"email": "ops@example.test", "role": "RECRUITER"}, format="json"
        )
    token = re.search(r"/team/join/(?P<token>[\w-]+)", mail.outbox[-1].body)["token"]

    # When the operator proves the account and accepts
    response = Client().post(
        "/api/v1/team/invitations/accept",
        {"token": token, "password": PASSWORD},
        content_type="application/json",
    )

    # Then it is refused, and nobody joined
    assert_envelope(response, 403, "operator_account")
    assert not Membership.objects.filter(user__email="ops@example.test").exists()


def test_the_user_admin_refuses_making_a_member_an_operator(operator, alice):
    url = reverse("admin:accounts_user_change", args=[alice.user.pk])
    form = {
        "email": alice.user.email,
        "full_name": alice.user.full_name,
        "is_active": "on",
        "is_staff": "on",
    }

    response = operator.post(url, form)

    assert response.status_code == 200 and b"separate account" in response.content
    alice.user.refresh_from_db()
    assert not alice.user.is_staff
    # A person who belongs to no tenant can be made an operator
    other = UserFactory(email="new-ops@example.test")
    form.update(email=other.email, full_name="New Ops")
    assert operator.post(reverse("admin:accounts_user_change", args=[other.pk]), form).status_code == 302
    other.refresh_from_db()
    assert other.is_staff


def test_the_membership_admin_refuses_an_operator_as_member(operator, ops_user, alice):
    response = operator.post(
        reverse("admin:accounts_membership_add"),
        {"user": ops_user.pk, "tenant": alice.tenant.pk, "role": "VIEWER"},
    )

    assert response.status_code == 200 and b"operator account" in response.content
    assert not Membership.objects.filter(user=ops_user).exists()


# -- the audit log --------------------------------------------------------------------------------------
def test_the_audit_log_is_read_only_and_filters_by_tenant_action_actor_and_date(operator, alice, bob):
    entry = AuditEntry.objects.filter(tenant=alice.tenant, action="tenant.created").get()
    url = changelist("accounts_auditentry")

    page = operator.get(url).content.decode()
    assert "tenant.created" in page and "Add audit entry" not in page
    for query in (
        {"tenant__id__exact": alice.tenant.pk},
        {"action": "tenant.created"},
        {"actor_kind__exact": AuditActorKind.MEMBER},
        {"created_at__gte": (timezone.now() - timedelta(days=1)).isoformat()},
        {"q": "Acme"},
    ):
        response = operator.get(url, query)
        assert response.status_code == 200 and str(entry.pk) in response.content.decode(), query
    only_acme = operator.get(url, {"tenant__id__exact": alice.tenant.pk}).context["cl"].result_list
    assert {e.tenant_id for e in only_acme} == {alice.tenant.pk}

    detail = operator.get(reverse("admin:accounts_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200 and b'name="action"' not in detail.content  # a view, not a form
    assert operator.get(reverse("admin:accounts_auditentry_add")).status_code == 403
    assert operator.get(reverse("admin:accounts_auditentry_delete", args=[entry.pk])).status_code == 403
    operator.post(url, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


# -- billing: extend a trial, change a plan -------------------------------------------------------------
def test_extend_trial_asks_for_the_days_then_extends_each_selected_trial(operator, ops_user, alice, bob):
    subscriptions = Subscription.objects.filter(tenant__in=[alice.tenant, bob.tenant])
    ends = {s.tenant_id: s.trial_ends_at for s in subscriptions}
    selection = {"action": "extend_trial", "_selected_action": [s.pk for s in subscriptions]}

    # The changelist's action first shows the form, with the tenants it will change
    form_page = operator.post(changelist("billing_subscription"), selection)
    assert form_page.status_code == 200 and b"Days to add" in form_page.content
    assert b"Acme" in form_page.content and b"Globex" in form_page.content
    # An invalid answer shows the form again, and changes nothing
    invalid = operator.post(changelist("billing_subscription"), {**selection, "apply": "yes", "days": "0"})
    assert invalid.status_code == 200 and b"errorlist" in invalid.content

    done = operator.post(changelist("billing_subscription"), {**selection, "apply": "yes", "days": "10"})

    assert done.status_code == 302
    for subscription in Subscription.objects.filter(tenant__in=[alice.tenant, bob.tenant]):
        assert subscription.trial_ends_at == ends[subscription.tenant_id] + timedelta(days=10)
        assert subscription.current_period_end == subscription.trial_ends_at
    entry = AuditEntry.objects.get(tenant=alice.tenant, action="subscription.trial_extended")
    assert entry.actor_label == ops_user.email and entry.details["days"] == 10


def test_an_ended_trial_extended_opens_again_from_today_and_a_paid_plan_is_refused(operator, alice, bob):
    now = timezone.now()
    Subscription.objects.filter(tenant=alice.tenant).update(
        status=SubscriptionStatus.EXPIRED, trial_ends_at=now - timedelta(days=5),
        current_period_end=now - timedelta(days=5), current_period_start=now - timedelta(days=19),
    )  # fmt: skip
    billing_services.subscription_grant(
        tenant_id=bob.tenant.id, plan_code="growth", months=1, by=Actor.process("test")
    )
    selection = {
        "action": "extend_trial",
        "_selected_action": list(Subscription.objects.values_list("pk", flat=True)),
        "apply": "yes",
        "days": "7",
    }

    response = operator.post(changelist("billing_subscription"), selection)

    reopened = Subscription.objects.get(tenant=alice.tenant)
    assert reopened.status == SubscriptionStatus.TRIALING and reopened.is_writable()
    assert abs(reopened.trial_ends_at - (now + timedelta(days=7))) < timedelta(minutes=1)
    assert Subscription.objects.get(tenant=bob.tenant).status == SubscriptionStatus.ACTIVE
    assert any("Globex: Only a trial can be extended" in m for m in flashes(response))


def test_extend_trial_service_refuses_out_of_range_days(alice):
    with pytest.raises(DomainError) as refused:
        billing_services.subscription_extend_trial(
            tenant_id=alice.tenant.id, days=400, by=Actor.process("test")
        )
    assert refused.value.code == "validation_error" and "days" in refused.value.fields


def test_change_plan_in_one_step_from_subscriptions_and_from_tenants(operator, ops_user, alice, bob):
    subscription = Subscription.objects.get(tenant=alice.tenant)
    form_page = operator.post(
        changelist("billing_subscription"), {"action": "change_plan", "_selected_action": [subscription.pk]}
    )
    assert form_page.status_code == 200 and b"Move to plan" in form_page.content

    operator.post(
        changelist("billing_subscription"),
        {"action": "change_plan", "_selected_action": [subscription.pk], "apply": "yes", "plan": "growth"},
    )
    # The tenant page offers the same action, on tenants
    operator.post(
        changelist("accounts_tenant"),
        {"action": "change_plan", "_selected_action": [bob.tenant.pk], "apply": "yes", "plan": "starter"},
    )

    assert Subscription.objects.get(tenant=alice.tenant).plan.code == "growth"
    assert Subscription.objects.get(tenant=bob.tenant).plan.code == "starter"
    changed = AuditEntry.objects.get(tenant=alice.tenant, action="subscription.plan_changed")
    assert changed.actor_label == ops_user.email and changed.details["to"] == "growth"
    # Trial status and period are untouched by a plan change
    assert Subscription.objects.get(tenant=alice.tenant).status == SubscriptionStatus.TRIALING


def test_extend_trial_from_the_tenant_page(operator, alice):
    before = Subscription.objects.get(tenant=alice.tenant).trial_ends_at
    form_page = operator.post(
        changelist("accounts_tenant"), {"action": "extend_trial", "_selected_action": [alice.tenant.pk]}
    )
    assert form_page.status_code == 200 and b"Acme" in form_page.content

    operator.post(
        changelist("accounts_tenant"),
        {"action": "extend_trial", "_selected_action": [alice.tenant.pk], "apply": "yes", "days": "3"},
    )

    assert Subscription.objects.get(tenant=alice.tenant).trial_ends_at == before + timedelta(days=3)


# -- webhooks: redeliver --------------------------------------------------------------------------------
@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def test_redeliver_selected_deliveries_sends_the_same_message_again(
    operator, alice, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True  # the receiver listens on loopback
    created = alice.client.post("/api/v1/webhooks", {"url": receiver.url, "events": ["*"]}, format="json")
    endpoint_id = created.json()["id"]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        event_record(tenant_id=alice.tenant.id, type="job.created", data={"jobId": "j-1", "status": "DRAFT"})
    delivery = WebhookDelivery.objects.get()
    assert len(receiver.requests) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post(
            changelist("webhooks_webhookdelivery"), {"action": "redeliver", "_selected_action": [delivery.pk]}
        )

    assert response.status_code == 302 and any("Redelivering 1" in m for m in flashes(response))
    assert len(receiver.requests) == 2
    assert receiver.requests[0].headers["webhook-id"] == receiver.requests[1].headers["webhook-id"]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempt_count == 2
    # A disabled endpoint refuses, with the reason shown, and nothing is queued
    alice.client.patch(f"/api/v1/webhooks/{endpoint_id}", {"enabled": False}, format="json")
    with django_capture_on_commit_callbacks(execute=True) as queued:
        refused = operator.post(
            changelist("webhooks_webhookdelivery"), {"action": "redeliver", "_selected_action": [delivery.pk]}
        )
    assert any("enable it before redelivering" in m for m in flashes(refused)) and queued == []
    assert len(receiver.requests) == 2
