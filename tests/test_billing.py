"""Plans, subscriptions (trial, read-only, payment), usage and limits, credits and their headers."""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from accounts.actors import Actor
from accounts.models import ApiKey, Membership, MembershipRole
from accounts.services import api_key_create, employer_tokens_issue
from billing import services
from billing.models import (
    Invoice,
    InvoiceStatus,
    Plan,
    Subscription,
    SubscriptionStatus,
    UsageCounter,
    UsageEvent,
    UsageMetric,
    add_months,
)
from billing.selectors import CreditBalance, credit_balance
from candidates.models import Application, ProcessingStatus
from candidates.pipeline import application_parse
from demo.content import DEMO_CANDIDATES, render_cv
from hiresscope.authentication import ApiKeyAuthentication, EmployerJWTAuthentication
from hiresscope.permissions import HasActionPermission
from hiresscope.viewsets import TenantScopedAPIView, TenantScopedViewSet
from tests.conftest import assert_envelope
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db

CV_TEXT = next(c for c in DEMO_CANDIDATES if c.full_name == "Mara Quillfeather").cv_text
JOB = {"title": "Backend engineer", "description": "Python and Django services.", "status": "ACTIVE"}


@pytest.fixture
def key_client(alice):
    """alice's API-key client, made while her trial runs (a test may end it afterwards)."""
    return alice.api_key_client()


def put_on_plan(tenant, **limits) -> Plan:
    """Move ``tenant`` to a fresh plan with these limits (the others unlimited)."""
    plan = Plan.objects.create(
        code=f"test-{uuid.uuid4().hex[:8]}", name="Test", monthly_price=Decimal("10.00"), **limits
    )
    services.subscription_change_plan(tenant_id=tenant.id, plan_code=plan.code, by=Actor.process("test"))
    return plan


def expire_trial(tenant) -> None:
    Subscription.objects.filter(tenant=tenant).update(trial_ends_at=timezone.now() - timedelta(seconds=1))


def usage(persona) -> dict:
    response = persona.client.get("/api/v1/billing/usage")
    assert response.status_code == 200, response.content
    return response.json()


# -- plans ------------------------------------------------------------------------------------------


def test_the_plans_are_public_and_seeded_as_a_ladder_with_unlimited_marked(anon):
    response = anon.get("/api/v1/billing/plans")

    assert response.status_code == 200
    plans = response.json()
    assert [p["code"] for p in plans] == ["trial", "starter", "growth", "enterprise"]
    prices = [Decimal(p["monthlyPrice"]) for p in plans]
    assert prices == sorted(prices) and prices[0] == 0
    assert {p["currency"] for p in plans} == {"USD"}
    trial, starter, growth, enterprise = plans
    assert trial["isTrial"] and trial["trialDays"] == 3 and not starter["isTrial"]
    assert set(growth["limits"]) == {
        "cvUploadsPerPeriod",
        "activeJobs",
        "seats",
        "apiKeys",
        "webhooks",
        "assessments",
        "creditsPerPeriod",
    }
    assert starter["limits"]["cvUploadsPerPeriod"] < growth["limits"]["cvUploadsPerPeriod"]
    assert enterprise["unlimited"] is True and set(enterprise["limits"].values()) == {None}
    assert growth["unlimited"] is False and "api_access" in growth["features"]


def test_plans_hidden_by_an_operator_are_not_listed(anon):
    Plan.objects.filter(code="starter").update(is_public=False)

    assert "starter" not in [p["code"] for p in anon.get("/api/v1/billing/plans").json()]


# -- subscription: trial, read-only, payment --------------------------------------------------------


def test_signup_starts_a_three_day_trial_seen_in_usage_and_me(alice):
    body = usage(alice)

    subscription = alice.tenant.subscription
    assert body["subscriptionStatus"] == "TRIALING"
    assert body["subscription"]["plan"] == {"code": "trial", "name": "Free trial"}
    assert body["subscription"]["readOnly"] is False
    assert (
        timedelta(days=3) - timedelta(minutes=1)
        < subscription.trial_ends_at - timezone.now()
        <= timedelta(days=3)
    )
    assert body["periodEnd"] == body["subscription"]["trialEndsAt"]
    assert body["cvUploads"] == {"used": 0, "limit": 100, "remaining": 100}
    me = alice.client.get("/api/v1/auth/me").json()["tenant"]
    assert me["subscriptionStatus"] == "TRIALING" and me["trialEndsAt"] == body["subscription"]["trialEndsAt"]


def test_after_the_trial_reads_work_and_writes_answer_403_subscription_inactive(
    alice, key_client, job_factory
):
    job = job_factory(tenant=alice.tenant)
    expire_trial(alice.tenant)

    assert alice.client.get("/api/v1/jobs").status_code == 200
    assert alice.client.get(f"/api/v1/jobs/{job.id}").status_code == 200
    for client in (alice.client, key_client):
        refused = client.post("/api/v1/jobs", JOB, format="json")
        body = assert_envelope(refused, 403, "subscription_inactive")
        assert body["details"] == {"subscriptionStatus": "EXPIRED"}
        assert "read-only" in body["message"] and "/billing/plans" in body["message"]
    assert_envelope(alice.client.patch(f"/api/v1/jobs/{job.id}", {"title": "x"}, format="json"), 403)
    assert_envelope(
        alice.client.post("/api/v1/api-keys", {"name": "k"}, format="json"), 403, "subscription_inactive"
    )
    assert alice.client.get("/api/v1/auth/me").json()["tenant"]["subscriptionStatus"] == "EXPIRED"
    assert usage(alice)["subscription"]["readOnly"] is True


def test_a_read_only_tenant_can_still_pay_log_out_and_revoke_keys(alice, key_client):
    key_id = alice.client.get("/api/v1/api-keys").json()["results"][0]["id"]
    expire_trial(alice.tenant)

    invoice = alice.client.post("/api/v1/billing/invoices", {"planCode": "growth"}, format="json")
    assert invoice.status_code == 201, invoice.content
    assert alice.client.delete(f"/api/v1/api-keys/{key_id}").status_code == 204
    assert alice.client.post("/api/v1/referrals/generate").status_code == 200
    assert (
        alice.client.post(
            "/api/v1/auth/logout", {"refreshToken": alice.refresh_token}, format="json"
        ).status_code
        == 204
    )


def test_paying_an_invoice_makes_an_expired_tenant_active_for_a_month(alice):
    expire_trial(alice.tenant)
    invoice_id = alice.client.post("/api/v1/billing/invoices", {"planCode": "growth"}, format="json").json()[
        "id"
    ]

    services.invoice_mark_paid(invoice_id=invoice_id, reference="SEPA 123", by=Actor.process("test"))

    subscription = Subscription.objects.get(tenant=alice.tenant)
    assert subscription.status == SubscriptionStatus.ACTIVE and subscription.plan.code == "growth"
    assert subscription.current_period_end == add_months(subscription.current_period_start, 1)
    assert alice.client.post("/api/v1/jobs", JOB, format="json").status_code == 201
    body = usage(alice)
    assert body["subscriptionStatus"] == "ACTIVE" and body["subscription"]["plan"]["code"] == "growth"
    assert body["cvUploads"]["limit"] == 2000
    invoices = alice.client.get("/api/v1/billing/invoices").json()["results"]
    assert [(i["status"], i["paymentInstructions"]) for i in invoices] == [("PAID", None)]


def test_an_invoice_is_for_owners_and_admins_of_a_paid_plan_and_replaces_the_open_one(alice, bob):
    first = alice.client.post("/api/v1/billing/invoices", {"planCode": "starter", "months": 3}, format="json")
    second = alice.client.post("/api/v1/billing/invoices", {"planCode": "growth"}, format="json")

    assert first.status_code == second.status_code == 201
    body = second.json()
    assert body["status"] == "OPEN" and body["amount"] == "199.00" and body["currency"] == "USD"
    assert body["number"] in body["paymentInstructions"] and "199.00" in body["paymentInstructions"]
    assert first.json()["amount"] == "147.00" and first.json()["months"] == 3
    assert Invoice.objects.get(id=first.json()["id"]).status == InvoiceStatus.VOID
    assert [i["id"] for i in alice.client.get("/api/v1/billing/invoices").json()["results"]] == [
        body["id"],
        first.json()["id"],
    ]
    assert bob.client.get("/api/v1/billing/invoices").json()["count"] == 0  # another tenant's invoices
    for plan_code in ("platinum", "trial"):
        refused = alice.client.post("/api/v1/billing/invoices", {"planCode": plan_code}, format="json")
        assert assert_envelope(refused, 400, "validation_error")["fields"] == {
            "planCode": ["Unknown plan; see GET /billing/plans."]
        }
    assert_envelope(alice.api_key_client().post("/api/v1/billing/invoices", {"planCode": "growth"}), 403)


def test_a_recruiter_cannot_choose_the_plan(alice, django_user_model):
    recruiter = django_user_model.objects.create_user(email="rex@acme.test", password="x" * 12)
    Membership.objects.create(tenant=alice.tenant, user=recruiter, role=MembershipRole.RECRUITER)
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {employer_tokens_issue(user=recruiter, tenant=alice.tenant).access_token}"
    )

    assert_envelope(
        client.post("/api/v1/billing/invoices", {"planCode": "growth"}, format="json"),
        403,
        "permission_denied",
    )


def test_marking_paid_twice_activates_once_and_a_paid_invoice_cannot_be_voided(alice):
    invoice = services.invoice_create(tenant_id=alice.tenant.id, plan_code="growth", by=Actor.process("test"))

    services.invoice_mark_paid(invoice_id=invoice.id, by=Actor.process("test"))
    end = Subscription.objects.get(tenant=alice.tenant).current_period_end
    services.invoice_mark_paid(invoice_id=invoice.id, by=Actor.process("test"))

    assert Subscription.objects.get(tenant=alice.tenant).current_period_end == end
    with pytest.raises(services.DomainError) as refused:
        services.invoice_void(invoice_id=invoice.id, by=Actor.process("test"))
    assert refused.value.code == "invoice_paid"


def test_renewing_the_same_plan_extends_the_period_a_new_plan_starts_one(alice):
    services.invoice_mark_paid(
        invoice_id=services.invoice_create(
            tenant_id=alice.tenant.id, plan_code="growth", by=Actor.process("test")
        ).id,
        by=Actor.process("test"),
    )
    first = Subscription.objects.get(tenant=alice.tenant)

    services.invoice_mark_paid(
        invoice_id=services.invoice_create(
            tenant_id=alice.tenant.id, plan_code="growth", by=Actor.process("test")
        ).id,
        by=Actor.process("test"),
    )
    renewed = Subscription.objects.get(tenant=alice.tenant)
    services.invoice_mark_paid(
        invoice_id=services.invoice_create(
            tenant_id=alice.tenant.id, plan_code="starter", by=Actor.process("test")
        ).id,
        by=Actor.process("test"),
    )
    switched = Subscription.objects.get(tenant=alice.tenant)

    assert renewed.current_period_start == first.current_period_start
    assert renewed.current_period_end == add_months(first.current_period_end, 1)
    assert switched.plan.code == "starter" and switched.current_period_start > first.current_period_start


def test_an_ended_paid_period_is_past_due_and_writable_for_the_grace_then_expired(alice, settings):
    settings.BILLING_GRACE_DAYS = 7
    now = timezone.now()
    Subscription.objects.filter(tenant=alice.tenant).update(
        status=SubscriptionStatus.ACTIVE,
        current_period_start=now - timedelta(days=31),
        current_period_end=now - timedelta(days=1),
    )

    assert usage(alice)["subscriptionStatus"] == "PAST_DUE"
    assert alice.client.post("/api/v1/jobs", JOB, format="json").status_code == 201

    Subscription.objects.filter(tenant=alice.tenant).update(
        current_period_start=now - timedelta(days=38), current_period_end=now - timedelta(days=8)
    )
    assert usage(alice)["subscriptionStatus"] == "EXPIRED"
    assert_envelope(alice.client.post("/api/v1/jobs", JOB, format="json"), 403, "subscription_inactive")


def test_the_sweep_writes_down_what_time_changed_and_nothing_else(alice, bob, settings):
    settings.BILLING_GRACE_DAYS = 7
    now = timezone.now()
    expire_trial(alice.tenant)
    Subscription.objects.filter(tenant=bob.tenant).update(
        status=SubscriptionStatus.ACTIVE,
        current_period_start=now - timedelta(days=31),
        current_period_end=now - timedelta(days=1),
    )

    assert services.subscriptions_sweep() == 2
    assert services.subscriptions_sweep() == 0

    assert Subscription.objects.get(tenant=alice.tenant).status == SubscriptionStatus.EXPIRED
    assert Subscription.objects.get(tenant=bob.tenant).status == SubscriptionStatus.PAST_DUE


def test_a_canceled_subscription_is_read_only_until_paid_again(alice):
    services.subscription_cancel(tenant_id=alice.tenant.id, by=Actor.process("test"))

    assert_envelope(alice.client.post("/api/v1/jobs", JOB, format="json"), 403, "subscription_inactive")
    services.invoice_mark_paid(
        invoice_id=services.invoice_create(
            tenant_id=alice.tenant.id, plan_code="starter", by=Actor.process("test")
        ).id,
        by=Actor.process("test"),
    )
    assert alice.client.post("/api/v1/jobs", JOB, format="json").status_code == 201


def test_a_tenant_made_outside_sign_up_gets_its_trial_on_first_use():
    tenant = TenantFactory()

    subscription = services.subscription_for(tenant_id=tenant.id)
    assert subscription.status == SubscriptionStatus.TRIALING and subscription.plan.is_trial
    assert services.subscription_for(tenant_id=tenant.id).pk == subscription.pk


def test_months_and_usage_windows():
    assert add_months(datetime(2025, 1, 31, 9, tzinfo=UTC), 1) == datetime(2025, 2, 28, 9, tzinfo=UTC)
    assert add_months(datetime(2024, 11, 30, tzinfo=UTC), 3) == datetime(2025, 2, 28, tzinfo=UTC)
    start = datetime(2025, 1, 15, 12, tzinfo=UTC)
    subscription = Subscription(
        status=SubscriptionStatus.ACTIVE, current_period_start=start, current_period_end=add_months(start, 3)
    )
    # Three paid months are three monthly metering windows.
    assert subscription.usage_window(datetime(2025, 1, 20, tzinfo=UTC)) == (start, add_months(start, 1))
    assert subscription.usage_window(datetime(2025, 3, 15, 11, tzinfo=UTC)) == (
        add_months(start, 1),
        add_months(start, 2),
    )
    assert subscription.usage_window(datetime(2025, 3, 15, 12, tzinfo=UTC))[0] == add_months(start, 2)


# -- limits -----------------------------------------------------------------------------------------


def test_jobs_are_metered_once_and_active_jobs_are_held_to_the_plan(alice, bob):
    plan = put_on_plan(alice.tenant, active_jobs=2)
    first = alice.client.post("/api/v1/jobs", JOB, format="json")
    alice.client.post("/api/v1/jobs", JOB, format="json")
    draft = alice.client.post("/api/v1/jobs", {**JOB, "status": "DRAFT"}, format="json")

    refused = alice.client.post("/api/v1/jobs", JOB, format="json")
    body = assert_envelope(refused, 403, "plan_limit_exceeded")
    assert body["details"] == {"limit": "activeJobs", "allowed": 2, "used": 2, "plan": plan.code}
    assert_envelope(
        alice.client.patch(f"/api/v1/jobs/{draft.json()['id']}", {"status": "ACTIVE"}, format="json"),
        403,
        "plan_limit_exceeded",
    )
    assert (
        alice.client.patch(
            f"/api/v1/jobs/{first.json()['id']}", {"status": "CLOSED"}, format="json"
        ).status_code
        == 200
    )
    assert (
        alice.client.patch(
            f"/api/v1/jobs/{draft.json()['id']}", {"status": "ACTIVE"}, format="json"
        ).status_code
        == 200
    )

    body = usage(alice)
    assert body["jobsCreated"] == {"used": 3, "limit": None, "remaining": None}
    assert body["activeJobs"] == {"used": 2, "limit": 2, "remaining": 0}
    assert usage(bob)["jobsCreated"]["used"] == 0  # usage is per tenant
    assert not services.usage_consume(
        tenant_id=alice.tenant.id, metric=UsageMetric.JOB_CREATED, source_id=first.json()["id"]
    )


def test_api_keys_are_held_to_the_plan_and_a_zero_limit_is_not_on_the_plan(alice):
    put_on_plan(alice.tenant, api_keys=1)
    created = alice.client.post("/api/v1/api-keys", {"name": "one"}, format="json")

    body = assert_envelope(
        alice.client.post("/api/v1/api-keys", {"name": "two"}, format="json"), 403, "plan_limit_exceeded"
    )
    assert body["details"]["limit"] == "apiKeys"
    alice.client.delete(f"/api/v1/api-keys/{created.json()['id']}")
    assert alice.client.post("/api/v1/api-keys", {"name": "two"}, format="json").status_code == 201

    put_on_plan(alice.tenant, api_keys=0)
    body = assert_envelope(
        alice.client.post("/api/v1/api-keys", {"name": "x"}, format="json"), 403, "feature_not_on_plan"
    )
    assert "not included" in body["message"]


def test_usage_consume_counts_a_source_once_and_refuses_past_the_limit_leaving_nothing(alice):
    put_on_plan(alice.tenant, cv_uploads_per_period=2)
    tenant_id = alice.tenant.id

    assert services.usage_consume(tenant_id=tenant_id, metric=UsageMetric.CV_UPLOAD, source_id="a")
    assert not services.usage_consume(tenant_id=tenant_id, metric=UsageMetric.CV_UPLOAD, source_id="a")
    assert services.usage_consume(tenant_id=tenant_id, metric=UsageMetric.CV_UPLOAD, source_id="b")
    with pytest.raises(services.PlanLimitExceeded) as refused:
        services.usage_consume(tenant_id=tenant_id, metric=UsageMetric.CV_UPLOAD, source_id="c")

    assert refused.value.details["limit"] == "cvUploadsPerPeriod" and "periodEnd" in refused.value.details
    assert UsageCounter.objects.get(tenant=alice.tenant, metric=UsageMetric.CV_UPLOAD).used == 2
    assert not UsageEvent.objects.filter(source_id="c").exists()
    assert usage(alice)["cvUploads"] == {"used": 2, "limit": 2, "remaining": 0}


def test_a_cv_upload_needs_a_credit_left_to_be_scored_with(alice):
    put_on_plan(alice.tenant, credits_per_period=1)
    services.credit_consume(tenant_id=alice.tenant.id, source_id="scored-before")

    with pytest.raises(services.PlanLimitExceeded) as refused:
        services.usage_consume(tenant_id=alice.tenant.id, metric=UsageMetric.CV_UPLOAD, source_id="next")
    assert refused.value.details["limit"] == "creditsPerPeriod"


def test_usage_counters_start_again_in_the_next_months_window(alice):
    plan = put_on_plan(alice.tenant, cv_uploads_per_period=1)
    invoice = services.invoice_create(
        tenant_id=alice.tenant.id, plan_code=plan.code, months=2, by=Actor.process("test")
    )
    services.invoice_mark_paid(invoice_id=invoice.id, by=Actor.process("test"))
    now = timezone.now()
    second_month = services.subscription_for(tenant_id=alice.tenant.id).usage_window(now)[1] + timedelta(
        seconds=1
    )

    assert services.usage_consume(tenant_id=alice.tenant.id, metric="CV_UPLOAD", source_id="m1", now=now)
    with pytest.raises(services.PlanLimitExceeded):
        services.usage_consume(tenant_id=alice.tenant.id, metric="CV_UPLOAD", source_id="m1-b", now=now)
    assert services.usage_consume(
        tenant_id=alice.tenant.id, metric="CV_UPLOAD", source_id="m2", now=second_month
    )


def _upload(persona, job, email: str):
    return persona.client.post(
        f"/api/v1/jobs/{job.id}/applications",
        {"file": SimpleUploadedFile("cv.pdf", render_cv(CV_TEXT, "pdf")), "email": email, "fullName": "Mara"},
        format="multipart",
    )


def test_cv_uploads_are_metered_and_held_to_the_plan_over_http(alice, job_factory):
    put_on_plan(alice.tenant, cv_uploads_per_period=2)
    job = job_factory(tenant=alice.tenant)

    statuses = [_upload(alice, job, f"p{i}@x.test").status_code for i in range(2)]
    refused = _upload(alice, job, "p3@x.test")

    assert statuses == [202, 202]
    assert assert_envelope(refused, 403, "plan_limit_exceeded")["details"]["limit"] == "cvUploadsPerPeriod"
    assert usage(alice)["cvUploads"] == {"used": 2, "limit": 2, "remaining": 0}
    assert Application.objects.count() == 2


def test_a_bulk_upload_reports_the_plan_limit_per_file(alice, job_factory):
    put_on_plan(alice.tenant, cv_uploads_per_period=2)
    job = job_factory(tenant=alice.tenant)
    files = [SimpleUploadedFile(f"cv{i}.txt", f"{CV_TEXT}\nRef {i}".encode()) for i in range(3)]

    body = alice.client.post(
        f"/api/v1/jobs/{job.id}/applications/bulk", {"files": files}, format="multipart"
    ).json()

    assert (body["accepted"], body["rejected"]) == (2, 1)
    assert [(r["statusCode"], r["code"]) for r in body["results"] if not r["accepted"]] == [
        (403, "plan_limit_exceeded")
    ]


def test_a_read_only_tenant_takes_no_public_applications(alice, anon, job_factory):
    job = job_factory(tenant=alice.tenant, status="ACTIVE", is_public=True)
    expire_trial(alice.tenant)

    response = anon.post(
        f"/api/v1/apply/{job.slug}",
        {
            "file": SimpleUploadedFile("cv.pdf", render_cv(CV_TEXT, "pdf")),
            "email": "m@x.test",
            "fullName": "M",
            "consent": True,
        },
        format="multipart",
    )

    assert_envelope(response, 403, "subscription_inactive")


# -- credits ----------------------------------------------------------------------------------------


def test_scoring_a_cv_costs_one_assess_credit_charged_to_the_uploading_key_once(
    alice, key_client, job_factory, django_capture_on_commit_callbacks
):
    job = job_factory(tenant=alice.tenant)
    with django_capture_on_commit_callbacks(execute=True):
        uploaded = key_client.post(
            f"/api/v1/jobs/{job.id}/applications",
            {
                "file": SimpleUploadedFile("cv.pdf", render_cv(CV_TEXT, "pdf")),
                "email": "m@x.test",
                "fullName": "M",
            },
            format="multipart",
        )
    application = Application.objects.get(id=uploaded.json()["id"])
    assert application.processing_status == ProcessingStatus.SCORED

    # A re-score of the same application (retry, stale engine) does not charge again.
    assert not services.credit_consume(tenant_id=alice.tenant.id, source_id=application.id)
    assert usage(alice)["credits"] == {"used": 1, "limit": 100, "remaining": 99}
    event = UsageEvent.objects.get(metric=UsageMetric.ASSESS)
    assert event.credits == 1 and event.source_id == str(application.id)
    assert key_client.get("/api/v1/jobs")["X-Credits-Remaining"] == "99"


def test_the_assess_credit_is_charged_to_the_api_key_that_uploaded_the_cv(
    alice, key_client, job_factory, django_capture_on_commit_callbacks
):
    job = job_factory(tenant=alice.tenant)
    with django_capture_on_commit_callbacks(execute=True):
        key_client.post(
            f"/api/v1/jobs/{job.id}/applications",
            {
                "file": SimpleUploadedFile("cv.pdf", render_cv(CV_TEXT, "pdf")),
                "email": "m@x.test",
                "fullName": "M",
            },
            format="multipart",
        )

    listed = key_client.get("/api/v1/jobs")
    assert (listed["X-Credits-Used"], listed["X-Credits-Used-Assess"], listed["X-Credits-Remaining"]) == (
        "1",
        "1",
        "99",
    )


def test_a_cv_reaching_scoring_without_credits_fails_clearly_and_is_not_charged(
    alice, job_factory, django_capture_on_commit_callbacks
):
    put_on_plan(alice.tenant, credits_per_period=1)
    job = job_factory(tenant=alice.tenant)
    application_id = _upload(alice, job, "m@x.test").json()["id"]  # queued; its processing waits
    services.credit_consume(tenant_id=alice.tenant.id, source_id="another-cv")

    with django_capture_on_commit_callbacks(execute=True):
        application_parse(application_id=application_id)

    application = Application.objects.get(id=application_id)
    assert (application.processing_status, application.failure_code) == (
        ProcessingStatus.FAILED,
        "credits_exhausted",
    )
    assert "credits" in application.failure_reason.lower() and application.score is None
    assert (
        not UsageEvent.objects.filter(source_id=application_id).exclude(metric=UsageMetric.CV_UPLOAD).exists()
    )


def test_every_api_key_response_carries_the_credit_headers(alice, bob, key_client):
    other_key = alice.api_key_client()
    first_key = ApiKey.objects.for_tenant(alice.tenant).order_by("created_at").first()
    for source in ("a1", "a2"):
        services.usage_consume(
            tenant_id=alice.tenant.id, metric=UsageMetric.ASSESS, source_id=source, api_key_id=first_key.id
        )
    services.usage_consume(
        tenant_id=alice.tenant.id, metric=UsageMetric.JOB_CREATED, source_id="j", api_key_id=first_key.id
    )

    ok = key_client.get("/api/v1/jobs")
    missing = key_client.get(f"/api/v1/jobs/{uuid.uuid4()}")
    elsewhere = other_key.get("/api/v1/jobs")

    for response in (ok, missing):
        assert (
            response["X-Credits-Used"],
            response["X-Credits-Used-Assess"],
            response["X-Credits-Remaining"],
        ) == (
            "2",
            "2",
            "98",
        )
    assert missing.status_code == 404
    # Used is per key; remaining is the tenant's.
    assert (elsewhere["X-Credits-Used"], elsewhere["X-Credits-Remaining"]) == ("0", "98")
    assert "X-Credits-Used" not in alice.client.get("/api/v1/jobs")  # a session, not an API key
    assert bob.api_key_client().get("/api/v1/jobs")["X-Credits-Remaining"] == "100"
    put_on_plan(alice.tenant)  # every limit unlimited
    assert key_client.get("/api/v1/jobs")["X-Credits-Remaining"] == "-1"


def test_the_credit_headers_cost_one_query(alice, django_assert_num_queries):
    api_key, _ = api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="k")
    services.credit_consume(tenant_id=alice.tenant.id, source_id="s")

    with django_assert_num_queries(1):
        balance = credit_balance(tenant_id=alice.tenant.id, api_key_id=api_key.id)
    assert balance == CreditBalance(used=0, used_assess=0, remaining=99)


# -- one guard for every route ------------------------------------------------------------------------


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_every_tenant_route_that_writes_checks_the_subscription():
    """A write route taking a tenant credential inherits a tenant-scoped base, whose sealed
    HasActionPermission refuses writes of read-only tenants, or says why not with ``subscription_exempt``."""
    tenant_auth = (EmployerJWTAuthentication, ApiKeyAuthentication)
    checked, unguarded = 0, []
    for route, callback in _walk(get_resolver().url_patterns):
        view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        if view_class is None or not route.startswith("api/v1/"):
            continue
        authenticators = getattr(
            view_class, "authentication_classes", api_settings.DEFAULT_AUTHENTICATION_CLASSES
        )
        if not any(issubclass(a, tenant_auth) for a in authenticators):
            continue
        actions = getattr(callback, "actions", None) or {m: m for m in ("post", "put", "patch", "delete")}
        writes = [m for m in actions if m.upper() not in SAFE_METHODS and hasattr(view_class, actions[m])]
        if not writes or getattr(view_class, "subscription_exempt", False):
            continue
        checked += 1
        sealed = issubclass(view_class, (TenantScopedViewSet, TenantScopedAPIView))
        if not sealed or HasActionPermission not in view_class.permission_classes:
            unguarded.append(route)
    assert checked >= 10
    assert unguarded == []


def test_admin_pages_and_actions(alice, client, django_user_model):
    operator = django_user_model.objects.create_superuser(email="ops@hiresscope.test", password="x" * 12)
    client.force_login(operator)
    subscription = Subscription.objects.get(tenant=alice.tenant)
    growth = Plan.objects.get(code="growth")

    changed = client.post(
        reverse("admin:billing_subscription_change", args=[subscription.pk]), {"plan": growth.pk}
    )
    subscription.refresh_from_db()
    assert (subscription.plan, subscription.status) == (growth, SubscriptionStatus.TRIALING)
    issued = client.post(
        reverse("admin:billing_subscription_changelist"),
        {"action": "issue_invoice", "_selected_action": [subscription.pk]},
    )
    invoice = Invoice.objects.get(tenant=alice.tenant)
    paid = client.post(
        reverse("admin:billing_invoice_changelist"), {"action": "mark_paid", "_selected_action": [invoice.pk]}
    )

    assert changed.status_code == issued.status_code == paid.status_code == 302
    subscription.refresh_from_db()
    assert (invoice.plan, subscription.status) == (growth, SubscriptionStatus.ACTIVE)
    for name in ("plan", "subscription", "invoice", "referral", "referralcode", "usagecounter"):
        assert client.get(reverse(f"admin:billing_{name}_changelist")).status_code == 200


def test_the_schema_documents_403_on_every_tenant_write_but_the_exempt_ones():
    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]

    for path, method in (
        ("/api/v1/jobs", "post"),
        ("/api/v1/jobs/{id}", "patch"),
        ("/api/v1/api-keys", "post"),
    ):
        assert "subscription_inactive" in paths[path][method]["responses"]["403"]["description"], (
            path,
            method,
        )
    # Revoking stays possible on a read-only subscription; its 403 is only for who may not manage keys.
    revoke_403 = paths["/api/v1/api-keys/{id}"]["delete"]["responses"]["403"]["description"]
    assert "subscription_inactive" not in revoke_403 and "permission_denied" in revoke_403
