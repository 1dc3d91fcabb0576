"""The settings pages: team, API keys, plan and billing, referrals, company settings, audit log.

Each page is tried with every role against the permission map (hiresscope.permissions): it renders for
the roles that may read it, hides the controls a role may not use, and refuses (403) their actions
anyway. Another company's ids are 404s; a service's refusal is a message or a form error, never a 500.
Webhooks have their own module (test_settings_webhooks.py).
"""

import uuid

import pytest
from django.core import mail

from accounts.actors import Actor
from accounts.audit import audit_record
from accounts.models import ApiKey, AuditEntry, Membership, MembershipRole
from accounts.services import api_key_authenticate
from billing.models import Invoice, InvoiceStatus
from hiresscope.permissions import ROLE_PERMISSIONS, Perm
from teams.models import Invitation
from teams.services import api_key_issue, invitation_create

pytestmark = pytest.mark.django_db

ROLES = [MembershipRole.OWNER, MembershipRole.ADMIN, MembershipRole.RECRUITER, MembershipRole.VIEWER]
ANY_ID = uuid.uuid4()

# (method, url, the permission the matching API view declares)
ROUTES = [
    ("get", "/dashboard/settings/team/", Perm.MEMBERS_READ),
    ("post", "/dashboard/settings/team/invite/", Perm.MEMBERS_MANAGE),
    ("post", f"/dashboard/settings/team/members/{ANY_ID}/role/", Perm.MEMBERS_MANAGE),
    ("post", f"/dashboard/settings/team/members/{ANY_ID}/remove/", Perm.MEMBERS_MANAGE),
    ("post", f"/dashboard/settings/team/invitations/{ANY_ID}/resend/", Perm.MEMBERS_MANAGE),
    ("post", f"/dashboard/settings/team/invitations/{ANY_ID}/revoke/", Perm.MEMBERS_MANAGE),
    ("post", "/dashboard/settings/team/ownership/", Perm.OWNERSHIP_TRANSFER),
    ("get", "/dashboard/settings/api-keys/", Perm.API_KEYS_MANAGE),
    ("post", "/dashboard/settings/api-keys/", Perm.API_KEYS_MANAGE),
    ("post", f"/dashboard/settings/api-keys/{ANY_ID}/revoke/", Perm.API_KEYS_MANAGE),
    ("get", "/dashboard/settings/webhooks/", Perm.WEBHOOKS_READ),
    ("get", "/dashboard/settings/webhooks/new/", Perm.WEBHOOKS_MANAGE),
    ("post", "/dashboard/settings/webhooks/new/", Perm.WEBHOOKS_MANAGE),
    ("post", f"/dashboard/settings/webhooks/{ANY_ID}/", Perm.WEBHOOKS_MANAGE),
    ("post", f"/dashboard/settings/webhooks/{ANY_ID}/test/", Perm.WEBHOOKS_MANAGE),
    ("post", f"/dashboard/settings/webhooks/{ANY_ID}/rotate-secret/", Perm.WEBHOOKS_MANAGE),
    ("post", f"/dashboard/settings/webhooks/{ANY_ID}/delete/", Perm.WEBHOOKS_MANAGE),
    ("post", f"/dashboard/settings/webhooks/{ANY_ID}/deliveries/{ANY_ID}/redeliver/", Perm.WEBHOOKS_MANAGE),
    ("get", "/dashboard/settings/billing/", Perm.BILLING_READ),
    ("post", "/dashboard/settings/billing/", Perm.BILLING_MANAGE),
    ("get", "/dashboard/settings/referrals/", Perm.BILLING_READ),
    ("get", "/dashboard/settings/company/", Perm.SETTINGS_READ),
    ("post", "/dashboard/settings/company/", Perm.SETTINGS_MANAGE),
    ("get", "/dashboard/settings/audit-log/", Perm.AUDIT_READ),
]
READ_PAGES = [(url, perm) for method, url, perm in ROUTES if method == "get"]


@pytest.mark.parametrize("role", ROLES)
def test_every_route_follows_the_permission_map(acme, role):
    client = acme.client(role)
    for method, url, perm in ROUTES:
        response = getattr(client, method)(url)
        if perm in ROLE_PERMISSIONS[role]:
            assert response.status_code != 403, (role, method, url)
            if method == "get":
                assert response.status_code == 200, (role, url)
        else:
            assert response.status_code == 403, (role, method, url)


@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_offers_only_the_pages_the_role_may_open(acme, role):
    html = acme.client(role).get("/dashboard/").content.decode()
    for url, perm in READ_PAGES:
        if url.endswith("/new/"):
            continue
        assert (f'href="{url}"' in html) == (perm in ROLE_PERMISSIONS[role]), (role, url)


# -- team ------------------------------------------------------------------------------------------------
def test_the_team_page_lists_members_invitations_and_seats(acme):
    acme.member(MembershipRole.RECRUITER, email="rita@acme.test")
    invitation_create(
        tenant=acme.tenant, by=Actor.member(acme.owner), email="new@acme.test", role=MembershipRole.VIEWER
    )

    html = acme.client().get("/dashboard/settings/team/").content.decode()

    assert "rita@acme.test" in html and "new@acme.test" in html
    assert "3 of 3" in html  # the trial's seats: two members and one pending invitation
    assert "Transfer ownership" in html and "Send invitation" in html


def test_a_viewer_sees_the_team_without_any_control(acme):
    html = acme.client(MembershipRole.VIEWER).get("/dashboard/settings/team/").content.decode()
    assert "alice@acme.test" in html
    for control in ("Send invitation", "Remove", "Transfer ownership", "/role/"):
        assert control not in html


def test_an_admin_is_offered_no_owner_role_and_no_control_over_the_owner(acme):
    admin = acme.member(MembershipRole.ADMIN)
    html = acme.client(user=admin).get("/dashboard/settings/team/").content.decode()
    owner = Membership.objects.get(user=acme.owner)
    assert f"/members/{owner.id}/remove/" not in html
    assert 'value="OWNER"' not in html
    assert "Transfer ownership" not in html


def test_inviting_emails_a_link_and_is_audited(acme, django_capture_on_commit_callbacks):
    client = acme.client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/dashboard/settings/team/invite/", {"email": "Zed@Acme.test", "role": "RECRUITER"}
        )
    assert response.status_code == 302
    assert Invitation.objects.filter(tenant=acme.tenant, email="zed@acme.test", role="RECRUITER").exists()
    assert [m.to for m in mail.outbox] == [["zed@acme.test"]]
    assert AuditEntry.objects.filter(tenant=acme.tenant, action="member.invited").exists()
    assert "Invitation emailed to zed@acme.test" in client.get(response["Location"]).content.decode()


def test_an_invitation_past_the_seats_is_a_form_error(acme):
    for n in range(2):
        invitation_create(
            tenant=acme.tenant, by=Actor.member(acme.owner), email=f"p{n}@acme.test", role="VIEWER"
        )

    response = acme.client().post(
        "/dashboard/settings/team/invite/", {"email": "more@acme.test", "role": "VIEWER"}
    )

    assert response.status_code == 403
    assert "error-summary" in response.content.decode()
    assert not Invitation.objects.filter(email="more@acme.test").exists()


def test_a_role_above_your_own_is_refused_with_a_message(acme):
    admin = acme.member(MembershipRole.ADMIN)
    client = acme.client(user=admin)
    response = client.post("/dashboard/settings/team/invite/", {"email": "boss@acme.test", "role": "OWNER"})
    assert response.status_code == 400  # not a choice the form offers an admin
    rita = Membership.objects.get(user=acme.member(MembershipRole.RECRUITER))
    prefix = f"m{rita.pk.hex[:8]}"
    response = client.post(
        f"/dashboard/settings/team/members/{rita.id}/role/", {f"{prefix}-role": "OWNER"}, follow=True
    )
    assert "above your own" in response.content.decode()
    rita.refresh_from_db()
    assert rita.role == MembershipRole.RECRUITER


def test_changing_a_role_and_removing_a_member(acme):
    rita = Membership.objects.get(user=acme.member(MembershipRole.RECRUITER))
    client = acme.client()
    prefix = f"m{rita.pk.hex[:8]}"

    client.post(f"/dashboard/settings/team/members/{rita.id}/role/", {f"{prefix}-role": "ADMIN"})
    rita.refresh_from_db()
    assert rita.role == MembershipRole.ADMIN

    response = client.post(f"/dashboard/settings/team/members/{rita.id}/remove/", follow=True)
    assert not Membership.objects.filter(pk=rita.pk).exists()
    assert "was removed" in response.content.decode()


def test_the_last_owner_cannot_be_removed_and_is_told_why(acme):
    owner = Membership.objects.get(user=acme.owner)
    response = acme.client().post(f"/dashboard/settings/team/members/{owner.id}/remove/", follow=True)
    assert response.status_code == 200
    assert "at least one owner" in response.content.decode()
    assert Membership.objects.filter(pk=owner.pk).exists()


def test_resending_and_revoking_an_invitation(acme):
    invitation = invitation_create(
        tenant=acme.tenant, by=Actor.member(acme.owner), email="inv@acme.test", role="VIEWER"
    )
    client = acme.client()

    resent = client.post(f"/dashboard/settings/team/invitations/{invitation.id}/resend/", follow=True)
    assert "new link was emailed" in resent.content.decode()
    client.post(f"/dashboard/settings/team/invitations/{invitation.id}/revoke/")
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    # Revoked, it is no longer an open invitation: nothing to resend.
    assert client.post(f"/dashboard/settings/team/invitations/{invitation.id}/resend/").status_code == 404


def test_ownership_transfer(acme):
    rita = Membership.objects.get(user=acme.member(MembershipRole.ADMIN))
    acme.client().post("/dashboard/settings/team/ownership/", {"member": str(rita.id)})
    rita.refresh_from_db()
    assert rita.role == MembershipRole.OWNER
    assert Membership.objects.get(user=acme.owner).role == MembershipRole.ADMIN


def test_another_companys_member_and_invitation_are_404(acme, globex):
    theirs = Membership.objects.get(user=globex.owner)
    invitation = invitation_create(
        tenant=globex.tenant, by=Actor.member(globex.owner), email="x@globex.test", role="VIEWER"
    )
    client = acme.client()
    assert client.post(f"/dashboard/settings/team/members/{theirs.id}/remove/").status_code == 404
    assert client.post(f"/dashboard/settings/team/members/{theirs.id}/role/", {}).status_code == 404
    assert client.post(f"/dashboard/settings/team/invitations/{invitation.id}/revoke/").status_code == 404
    assert client.post("/dashboard/settings/team/ownership/", {"member": str(theirs.id)}).status_code == 302
    assert Membership.objects.get(pk=theirs.pk).role == MembershipRole.OWNER


# -- API keys --------------------------------------------------------------------------------------------
def test_a_new_key_is_shown_once_and_works(acme):
    client = acme.client()
    response = client.post("/dashboard/settings/api-keys/", {"name": "Greenhouse sync", "scope": "READ"})

    assert response.status_code == 200
    html = response.content.decode()
    api_key = ApiKey.objects.get(tenant=acme.tenant, name="Greenhouse sync")
    raw_key = next(part for part in html.split('"') if part.startswith(api_key.prefix) and len(part) > 30)
    assert api_key_authenticate(raw_key=raw_key) == api_key
    assert api_key.scope == "READ"
    assert response["Cache-Control"] == "no-store"
    assert raw_key not in str(dict(client.session))
    listed = client.get("/dashboard/settings/api-keys/").content.decode()
    assert "Greenhouse sync" in listed and raw_key not in listed


def test_revoking_a_key(acme):
    api_key, _ = api_key_issue(tenant=acme.tenant, by=Actor.member(acme.owner), name="Old")
    response = acme.client().post(f"/dashboard/settings/api-keys/{api_key.id}/revoke/", follow=True)
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert "is revoked" in response.content.decode()
    assert "Revoked" in response.content.decode()  # still listed, marked


def test_a_key_past_the_plan_is_a_form_error(acme):
    for n in range(5):  # the trial allows five active keys
        api_key_issue(tenant=acme.tenant, by=Actor.member(acme.owner), name=f"k{n}")
    response = acme.client().post("/dashboard/settings/api-keys/", {"name": "one more", "scope": "FULL"})
    assert response.status_code == 403
    assert "error-summary" in response.content.decode()
    assert not ApiKey.objects.filter(name="one more").exists()


def test_another_companys_key_is_404(acme, globex):
    theirs, _ = api_key_issue(tenant=globex.tenant, by=Actor.member(globex.owner), name="Theirs")
    assert acme.client().post(f"/dashboard/settings/api-keys/{theirs.id}/revoke/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


# -- billing and referrals -------------------------------------------------------------------------------
def test_the_billing_page_shows_plan_meters_and_invoices(acme):
    html = acme.client(MembershipRole.VIEWER).get("/dashboard/settings/billing/").content.decode()
    assert "Free trial" in html and "Trialing" in html
    assert "<meter" in html and 'id="meter-credits"' in html and 'id="meter-seats"' in html
    assert "Issue invoice" not in html  # a viewer cannot choose a plan


def test_choosing_a_plan_issues_an_invoice(acme):
    response = acme.client().post(
        "/dashboard/settings/billing/", {"plan_code": "growth", "months": 2}, follow=True
    )
    invoice = Invoice.objects.get(tenant=acme.tenant)
    assert (invoice.plan.code, invoice.months, invoice.status) == ("growth", 2, InvoiceStatus.OPEN)
    html = response.content.decode()
    assert invoice.number in html and "starts as soon as it is paid" in html


def test_the_trial_cannot_be_bought(acme):
    response = acme.client().post("/dashboard/settings/billing/", {"plan_code": "trial", "months": 1})
    assert response.status_code == 400
    assert not Invoice.objects.exists()


def test_the_referral_page_gives_the_same_link_each_time(acme):
    client = acme.client(MembershipRole.RECRUITER)
    first = client.get("/dashboard/settings/referrals/").content.decode()
    second = client.get("/dashboard/settings/referrals/").content.decode()
    assert "?ref=" in first and 'data-copy="#referral-link"' in first
    link = first.split('id="referral-link" type="text" value="')[1].split('"')[0]
    assert link in second


# -- company settings ------------------------------------------------------------------------------------
def test_changing_the_company_settings_is_audited(acme):
    response = acme.client().post(
        "/dashboard/settings/company/", {"blind_review": "on", "candidate_retention_months": 12}
    )
    assert response.status_code == 302
    acme.tenant.refresh_from_db()
    assert acme.tenant.blind_review is True and acme.tenant.candidate_retention_months == 12
    entry = AuditEntry.objects.get(tenant=acme.tenant, action="settings.updated")
    assert entry.details["blindReview"] == {"from": False, "to": True}


def test_a_retention_out_of_bounds_is_a_field_error(acme):
    response = acme.client().post("/dashboard/settings/company/", {"candidate_retention_months": 500})
    assert response.status_code == 400
    assert "field--error" in response.content.decode()
    acme.tenant.refresh_from_db()
    assert acme.tenant.candidate_retention_months == 24


def test_a_recruiter_reads_the_settings_without_a_form(acme):
    html = acme.client(MembershipRole.RECRUITER).get("/dashboard/settings/company/").content.decode()
    assert "Blind review" in html and "24 months" in html
    assert '<form method="post" action="/dashboard/settings/company/"' not in html


# -- audit log -------------------------------------------------------------------------------------------
def test_the_audit_log_lists_and_filters(acme):
    rita = acme.member(MembershipRole.ADMIN)
    api_key_issue(tenant=acme.tenant, by=Actor.member(acme.owner), name="By Alice")
    api_key_issue(tenant=acme.tenant, by=Actor.member(rita), name="By Rita")
    invitation_create(tenant=acme.tenant, by=Actor.member(acme.owner), email="q@acme.test", role="VIEWER")
    client = acme.client()

    everything = client.get("/dashboard/settings/audit-log/").content.decode()
    assert "api_key.created" in everything and "member.invited" in everything

    by_rita = client.get(f"/dashboard/settings/audit-log/?actor={rita.id}").content.decode()
    assert "By Rita" in by_rita and "By Alice" not in by_rita
    invites = client.get("/dashboard/settings/audit-log/?action=member.invited").content.decode()
    assert "q@acme.test" in invites and "By Alice" not in invites
    future = client.get("/dashboard/settings/audit-log/?since=2999-01-01").content.decode()
    assert "No entries match" in future


def test_the_audit_log_answers_htmx_with_the_rows_only(acme):
    response = acme.client().get("/dashboard/settings/audit-log/?action=x", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="audit-entries">') and "<html" not in html


def test_the_audit_log_shows_only_this_company(acme, globex):
    api_key_issue(tenant=globex.tenant, by=Actor.member(globex.owner), name="Globex key")
    assert "Globex key" not in acme.client().get("/dashboard/settings/audit-log/").content.decode()


def test_the_audit_log_pages(acme, django_assert_max_num_queries):
    for n in range(55):
        audit_record(tenant=acme.tenant, by=Actor.member(acme.owner), action="test.entry", details={"n": n})
    client = acme.client()
    with django_assert_max_num_queries(15):
        first = client.get("/dashboard/settings/audit-log/").content.decode()
    assert "Page 1 of 2" in first and 'rel="next"' in first
    assert "Page 2 of 2" in client.get("/dashboard/settings/audit-log/?page=2").content.decode()
