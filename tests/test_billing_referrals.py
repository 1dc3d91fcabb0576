"""Referrals: one code per tenant, invitations recorded at sign-up, one free month per first payment."""

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from accounts.actors import Actor
from accounts.models import Tenant
from billing import services
from billing.models import Referral, Subscription, SubscriptionStatus, add_months
from tests.conftest import PASSWORD, assert_envelope

pytestmark = pytest.mark.django_db


def signup(anon, email: str, referral_code: str = ""):
    return anon.post(
        "/api/v1/auth/signup",
        {
            "email": email,
            "password": PASSWORD,
            "fullName": "New Owner",
            "companyName": f"Company of {email}",
            "referralCode": referral_code,
        },
        format="json",
    )


def pay(tenant_id, plan_code: str = "starter", months: int = 1):
    invoice = services.invoice_create(
        tenant_id=tenant_id, plan_code=plan_code, months=months, by=Actor.process("test")
    )
    return services.invoice_mark_paid(invoice_id=invoice.id, by=Actor.process("test"))


def stats(persona) -> dict:
    return persona.client.get("/api/v1/referrals/stats").json()


@override_settings(REFERRAL_SIGNUP_URL="https://app.hiresscope.test/signup")
def test_generate_returns_the_same_code_and_link_every_time(alice, bob):
    first = alice.client.post("/api/v1/referrals/generate")
    again = alice.api_key_client().post("/api/v1/referrals/generate")

    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    code = first.json()["code"]
    assert len(code) == 8 and code.isupper()
    assert first.json()["link"] == f"https://app.hiresscope.test/signup?ref={code}"
    assert bob.client.post("/api/v1/referrals/generate").json()["code"] != code


def test_signing_up_with_a_code_records_the_invitation(alice, bob, anon):
    code = alice.client.post("/api/v1/referrals/generate").json()["code"]

    response = signup(anon, "carol@initech.test", referral_code=f" {code.lower()} ")

    assert response.status_code == 201, response.content
    referral = Referral.objects.get()
    assert (referral.tenant_id, str(referral.referred_id)) == (
        alice.tenant.id,
        response.json()["tenant"]["id"],
    )
    assert stats(alice) == {"invited": 1, "converted": 0, "monthsEarned": 0}
    assert stats(bob) == {"invited": 0, "converted": 0, "monthsEarned": 0}


def test_an_unknown_code_fails_the_sign_up_and_creates_nothing(anon):
    body = assert_envelope(
        signup(anon, "carol@initech.test", referral_code="NOPE2345"), 400, "validation_error"
    )

    assert body["fields"] == {"referralCode": ["Unknown referral code."]}
    assert not Tenant.objects.filter(name__contains="carol").exists()


def test_the_first_payment_earns_the_paying_referrer_one_month_once(alice, anon):
    pay(alice.tenant.id)
    alice_end = Subscription.objects.get(tenant=alice.tenant).current_period_end
    code = alice.client.post("/api/v1/referrals/generate").json()["code"]
    referred_id = signup(anon, "carol@initech.test", referral_code=code).json()["tenant"]["id"]

    first = pay(referred_id)
    services.invoice_mark_paid(
        invoice_id=first.id, by=Actor.process("test")
    )  # the same payment reported twice
    pay(referred_id)  # a renewal is not a first payment

    assert Subscription.objects.get(tenant=alice.tenant).current_period_end == add_months(alice_end, 1)
    assert stats(alice) == {"invited": 1, "converted": 1, "monthsEarned": 1}


def test_a_referrer_without_a_paid_period_banks_the_month_for_its_first_one(alice, anon):
    code = alice.client.post("/api/v1/referrals/generate").json()["code"]
    pay(signup(anon, "carol@initech.test", referral_code=code).json()["tenant"]["id"])

    banked = Subscription.objects.get(tenant=alice.tenant)
    assert (banked.status, banked.free_months_pending) == (SubscriptionStatus.TRIALING, 1)
    assert alice.client.get("/api/v1/billing/usage").json()["subscription"]["freeMonthsPending"] == 1

    pay(alice.tenant.id)
    paid = Subscription.objects.get(tenant=alice.tenant)
    assert paid.free_months_pending == 0
    assert paid.current_period_end == add_months(paid.current_period_start, 2)


def test_an_operators_grant_is_not_a_payment_and_converts_nothing(alice, anon):
    code = alice.client.post("/api/v1/referrals/generate").json()["code"]
    referred_id = signup(anon, "carol@initech.test", referral_code=code).json()["tenant"]["id"]

    services.subscription_grant(tenant_id=referred_id, plan_code="growth", months=1, by=Actor.process("test"))

    assert stats(alice)["converted"] == 0
    assert Subscription.objects.get(tenant_id=referred_id).first_paid_at is None


def test_self_referral_and_a_second_referral_are_impossible(alice, bob):
    alice_code = services.referral_code_get_or_create(tenant_id=alice.tenant.id).code
    bob_code = services.referral_code_get_or_create(tenant_id=bob.tenant.id).code

    with pytest.raises(services.DomainError) as refused:
        services.referral_record(referred_tenant_id=alice.tenant.id, code=alice_code)
    assert refused.value.code == "self_referral"
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(tenant=alice.tenant, referred=alice.tenant, code=alice_code)

    services.referral_record(referred_tenant_id=bob.tenant.id, code=alice_code)
    assert (
        services.referral_record(referred_tenant_id=bob.tenant.id, code=alice_code).tenant_id
        == alice.tenant.id
    )
    services.referral_record(referred_tenant_id=alice.tenant.id, code=bob_code)  # referred once each
    assert Referral.objects.filter(referred=bob.tenant).count() == 1
    # bob was referred by alice: a second code does not make him referred twice.
    third = services.referral_code_get_or_create(tenant_id=Tenant.objects.create(name="C", slug="c").id).code
    assert services.referral_record(referred_tenant_id=bob.tenant.id, code=third).tenant_id == alice.tenant.id
