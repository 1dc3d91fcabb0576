"""Team notes on an application: @mentions of members only (by email, or by a unique local part), the
email on commit to everyone mentioned but the author, the API (shape, roles, tenancy) and erasure."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.actors import Actor
from accounts.models import AuditEntry, Membership, MembershipRole
from accounts.services import employer_tokens_issue
from candidates import privacy
from candidates.models import ApplicationNote
from candidates.services.notes import mention_tokens, mentioned_members, note_add
from hiresscope.exceptions import DomainError, NotFoundError
from tests.conftest import assert_envelope
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(alice, job_factory):
    return ApplicationFactory(job=job_factory(tenant=alice.tenant), scored=True)


def member(persona, email: str, role: str = MembershipRole.RECRUITER):
    user = UserFactory(email=email)
    Membership.objects.create(tenant=persona.tenant, user=user, role=role)
    return user


def client_of(persona, user) -> APIClient:
    client = APIClient()
    access = employer_tokens_issue(user=user, tenant=persona.tenant).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


# -- mentions ---------------------------------------------------------------------------------------------------
def test_mention_tokens_are_read_after_a_space_and_not_inside_an_address():
    body = "Ask @dana@acme.test and @Fox. Mail me at x@acme.test, (@sam) or @dana@acme.test again."
    assert mention_tokens(body) == ["dana@acme.test", "fox", "sam"]


def test_only_current_members_are_mentioned_and_an_ambiguous_local_part_names_nobody(alice, bob):
    dana = member(alice, "dana@acme.test")
    member(alice, "sam@acme.test")
    member(alice, "sam@acme-labs.test")
    member(bob, "fox@globex.test")
    body = "@dana and @sam (two of them) and @fox@globex.test (another company) and @alice@acme.test"
    assert {user.email for user in mentioned_members(tenant=alice.tenant, body=body)} == {
        dana.email,
        "alice@acme.test",
    }


# -- the service ----------------------------------------------------------------------------------------------------
def test_note_add_emails_the_mentioned_on_commit_not_the_author(
    alice, application, django_capture_on_commit_callbacks
):
    member(alice, "dana@acme.test")
    with django_capture_on_commit_callbacks(execute=True):
        note = note_add(
            tenant=alice.tenant,
            application_id=application.id,
            by=Actor.member(alice.user),
            body=" @dana @alice hi ",
        )
    assert note.body == "@dana @alice hi" and note.author_label == alice.user.full_name
    assert [message.to for message in mail.outbox] == [["dana@acme.test"]]
    entry = AuditEntry.objects.get(action="application.note_added")
    assert entry.details == {"noteId": str(note.id), "mentions": 2}  # never the note's words


def test_a_member_who_left_before_the_email_is_not_sent_it(
    alice, application, django_capture_on_commit_callbacks
):
    dana = member(alice, "dana@acme.test")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        note_add(
            tenant=alice.tenant, application_id=application.id, by=Actor.member(alice.user), body="@dana"
        )
    Membership.objects.filter(user=dana).delete()
    for callback in callbacks:
        callback()
    assert mail.outbox == []


def test_note_add_refuses_empty_and_too_long_notes_and_other_tenants(alice, bob, application):
    by = Actor.member(alice.user)
    with pytest.raises(DomainError) as empty:
        note_add(tenant=alice.tenant, application_id=application.id, by=by, body="  \n ")
    assert empty.value.code == "validation_error" and "body" in empty.value.fields
    with pytest.raises(DomainError):
        note_add(tenant=alice.tenant, application_id=application.id, by=by, body="x" * 5001)
    with pytest.raises(NotFoundError):
        note_add(tenant=bob.tenant, application_id=application.id, by=Actor.member(bob.user), body="hi")
    assert not ApplicationNote.objects.exists()


def test_erasure_deletes_the_notes_about_the_person(alice, application):
    note_add(tenant=alice.tenant, application_id=application.id, by=Actor.member(alice.user), body="Great")
    privacy._erase_records([application.candidate], reason="test")
    assert not ApplicationNote.objects.exists()


# -- the API --------------------------------------------------------------------------------------------------------
def test_post_and_list_notes(alice, application, django_capture_on_commit_callbacks):
    dana = member(alice, "dana@acme.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = alice.client.post(
            f"/api/v1/applications/{application.id}/notes",
            {"body": "Line one\n@dana line two"},
            format="json",
        )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["applicationId"] == str(application.id) and created["authorId"] == str(alice.user.id)
    assert created["mentions"] == [{"id": str(dana.id), "email": "dana@acme.test"}]
    assert set(created) == {"id", "applicationId", "author", "authorId", "body", "mentions", "createdAt"}
    listed = alice.client.get(f"/api/v1/applications/{application.id}/notes")
    assert listed.status_code == 200 and listed.json() == [created]
    assert len(mail.outbox) == 1


def test_a_viewer_reads_notes_but_cannot_post_one(alice, application):
    viewer = client_of(alice, member(alice, "val@acme.test", MembershipRole.VIEWER))
    assert viewer.get(f"/api/v1/applications/{application.id}/notes").status_code == 200
    response = viewer.post(f"/api/v1/applications/{application.id}/notes", {"body": "hi"}, format="json")
    assert_envelope(response, 403)
    assert not ApplicationNote.objects.exists()


def test_another_tenants_application_is_a_404(bob, application):
    assert_envelope(bob.client.get(f"/api/v1/applications/{application.id}/notes"), 404, "not_found")
    response = bob.client.post(f"/api/v1/applications/{application.id}/notes", {"body": "hi"}, format="json")
    assert_envelope(response, 404, "not_found")


def test_a_blank_or_oversized_body_is_a_validation_error(alice, application):
    for body in ({"body": ""}, {"body": "x" * 5001}, {}):
        response = alice.client.post(f"/api/v1/applications/{application.id}/notes", body, format="json")
        assert assert_envelope(response, 400, "validation_error")["fields"].get("body")
