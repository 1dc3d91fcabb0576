"""Getting in: sign-up (with a referral), sign-in, sign-out, password reset, several companies, and the
sealed base view that checks the permission map on every dashboard page."""

import re

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Membership, MembershipRole
from billing.models import Referral
from billing.services import referral_code_get_or_create
from dashboard.access import SESSION_TENANT, DashboardView
from hiresscope.permissions import Perm
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_signed_out_visitor_is_sent_to_sign_in():
    response = Client().get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/login/?next=/dashboard/"


def test_sign_up_starts_the_trial_and_signs_in():
    client = Client()
    response = client.post(
        "/dashboard/signup/",
        {
            "company_name": "Initech",
            "full_name": "Pam Poovey",
            "email": "pam@initech.test",
            "password": PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    membership = Membership.objects.get(user__email="pam@initech.test")
    assert membership.role == MembershipRole.OWNER
    assert client.session[SESSION_TENANT] == str(membership.tenant_id)
    assert membership.tenant.subscription.status == "TRIALING"


def test_the_referral_link_opens_sign_up_with_its_code_and_the_code_is_recorded(acme):
    code = referral_code_get_or_create(tenant_id=acme.tenant.id).code
    landing = Client().get(f"/signup?ref={code}", follow=True)
    assert landing.status_code == 200
    assert f'value="{code}"' in landing.content.decode()
    Client().post(
        "/dashboard/signup/",
        {
            "company_name": "Hooli",
            "full_name": "Gavin Belson",
            "email": "gavin@hooli.test",
            "password": PASSWORD,
            "referral_code": code,
        },
    )
    assert Referral.objects.filter(code=code, referred__name="Hooli").count() == 1


def test_an_unknown_referral_code_is_shown_on_its_field_and_nothing_is_created():
    response = Client().post(
        "/dashboard/signup/",
        {
            "company_name": "Hooli",
            "full_name": "G B",
            "email": "g@hooli.test",
            "password": PASSWORD,
            "referral_code": "NOPE",
        },
    )
    assert response.status_code == 400
    assert not Membership.objects.filter(user__email="g@hooli.test").exists()


def test_sign_in_and_out(acme):
    client = Client()
    bad = client.post("/dashboard/login/", {"email": "alice@acme.test", "password": "wrong-password"})
    assert bad.status_code == 400 and "Invalid email or password" in bad.content.decode()
    good = client.post(
        "/dashboard/login/", {"email": "alice@acme.test", "password": PASSWORD, "next": "/dashboard/team/"}
    )
    assert good.status_code == 302 and good["Location"] == "/dashboard/team/"
    assert client.get("/dashboard/").status_code == 200
    client.post("/dashboard/logout/")
    assert client.get("/dashboard/").status_code == 302


def test_next_never_leaves_the_dashboard(acme):
    response = Client().post(
        "/dashboard/login/", {"email": "alice@acme.test", "password": PASSWORD, "next": "https://evil.test/"}
    )
    assert response["Location"] == "/dashboard/"


def test_password_reset_by_email_link(acme, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/dashboard/password/forgot/", {"email": "alice@acme.test"})
    assert len(mail.outbox) == 1
    link = re.search(r"http\S+/dashboard/password/reset/\?\S+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path, {"password": "a-brand-new-passphrase"})
    assert response.status_code == 302
    assert Client().login(email="alice@acme.test", password="a-brand-new-passphrase")
    assert client.post("/" + path, {"password": "another-new-passphrase"}).status_code == 400  # works once


def test_a_candidate_account_gets_no_employer_reset_link(db, django_capture_on_commit_callbacks):
    from accounts.services import candidate_register

    candidate_register(email="cand@example.test", password=PASSWORD, full_name="Cand Idate")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/dashboard/password/forgot/", {"email": "cand@example.test"})
    assert mail.outbox == []


def test_switching_company(acme, globex):
    from tests import factories

    factories.MembershipFactory(tenant=globex.tenant, user=acme.owner, role=MembershipRole.VIEWER)
    client = acme.client()
    page = client.get("/dashboard/").content.decode()
    assert "Globex" in page and 'name="tenant"' in page
    client.post("/dashboard/switch-company/", {"tenant": str(globex.tenant.id)})
    assert client.session[SESSION_TENANT] == str(globex.tenant.id)
    assert "Viewer" in client.get("/dashboard/").content.decode()
    # A company the person does not belong to is refused, and the session stays where it was.
    client.post("/dashboard/switch-company/", {"tenant": "00000000-0000-0000-0000-000000000000"})
    client.post("/dashboard/switch-company/", {"tenant": "not-a-uuid"})
    assert client.session[SESSION_TENANT] == str(globex.tenant.id)


def test_a_removed_member_is_sent_away_at_once(acme):
    user = acme.member(MembershipRole.RECRUITER)
    client = acme.client(user=user)
    assert client.get("/dashboard/").status_code == 200
    Membership.objects.filter(user=user).delete()
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"] == "/dashboard/no-company/"
    assert client.get("/dashboard/no-company/").status_code == 403


def test_the_base_view_is_sealed():
    with pytest.raises(TypeError, match="declares no permission"):

        class Undeclared(DashboardView):
            def post(self, request):
                return None

    with pytest.raises(TypeError, match="dispatch"):

        class Overrides(DashboardView):
            permissions = {"get": Perm.JOBS_READ}

            def dispatch(self, request, *args, **kwargs):
                return None


def test_a_forms_next_stays_on_the_dashboard(acme):
    from tests import factories

    application = factories.ApplicationFactory(job=factories.JobFactory(tenant=acme.tenant), scored=True)
    client = acme.client()
    own = f"/dashboard/applications/{application.id}/"
    for wanted, lands in [
        (f"/dashboard/jobs/{application.job_id}/board/", f"/dashboard/jobs/{application.job_id}/board/"),
        ("https://evil.test/dashboard/", own),
        ("//evil.test/dashboard/", own),
        ("/admin/", own),
    ]:
        response = client.post(
            f"{own}status/", {"status": "SHORTLISTED" if lands != own else "NEW", "next": wanted}
        )
        assert response.status_code == 302 and response["Location"] == lands, wanted
