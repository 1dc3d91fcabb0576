"""The audit trail beyond the team (issue 16): stage moves, rubric edits, job deletions, exports,
merges and operators' billing actions each leave one entry naming the right kind of actor, ids only."""

import pytest
from django.contrib.auth import get_user_model

from accounts.actors import Actor
from accounts.models import AuditActorKind, AuditEntry
from billing import services as billing_services
from billing.models import InvoiceStatus, Plan
from jobs.services import job_restore
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db


def the_entry(tenant, action) -> AuditEntry:
    """The one entry of ``action`` in ``tenant``'s trail (fails on none or several)."""
    [entry] = AuditEntry.objects.filter(tenant=tenant, action=action)
    return entry


def test_a_stage_move_is_audited_with_the_key_and_without_the_reasons_text(alice, job_factory):
    application = ApplicationFactory(job=job_factory(tenant=alice.tenant), scored=True)
    client = alice.api_key_client()

    response = client.patch(
        f"/api/v1/applications/{application.id}/status",
        {"status": "REJECTED", "reason": "Ada Lovelace lacks Kubernetes"},
        format="json",
    )

    assert response.status_code == 200, response.content
    entry = the_entry(alice.tenant, "application.status_changed")
    assert entry.actor_kind == AuditActorKind.API_KEY and entry.actor_user_id == alice.user.pk
    assert entry.target_type == "application" and entry.target_id == str(application.id)
    assert entry.details["from"] == "NEW" and entry.details["to"] == "REJECTED"
    assert entry.details["hasReason"] is True and entry.details["jobId"] == str(application.job_id)
    assert "Lovelace" not in str(entry.details)  # the reason is erased with the person; the trail cannot be
    # Asking for the stage it is already in changes nothing and records nothing.
    client.patch(f"/api/v1/applications/{application.id}/status", {"status": "REJECTED"}, format="json")
    assert AuditEntry.objects.filter(action="application.status_changed").count() == 1


def test_rubric_override_and_reset_are_audited_with_their_versions(
    alice, job_factory, django_capture_on_commit_callbacks
):
    job = job_factory(tenant=alice.tenant, title="Backend Engineer", description="Python, Django and SQL.")
    rubric = alice.client.get(f"/api/v1/jobs/{job.id}/rubric").json()
    edited = [
        *rubric["requirements"],
        {"kind": "MUST_HAVE", "category": "SKILL", "name": "COBOL", "weight": 2},
    ]

    with django_capture_on_commit_callbacks(execute=True):
        put = alice.client.put(f"/api/v1/jobs/{job.id}/rubric", {"requirements": edited}, format="json")
        again = alice.client.put(f"/api/v1/jobs/{job.id}/rubric", {"requirements": edited}, format="json")
        reset = alice.client.delete(f"/api/v1/jobs/{job.id}/rubric")

    assert put.status_code == again.status_code == reset.status_code == 200, put.content
    overridden = the_entry(alice.tenant, "rubric.overridden")  # the same rubric again wrote no version
    assert overridden.actor_kind == AuditActorKind.MEMBER and overridden.actor_label == "alice@acme.test"
    assert overridden.target_id == str(job.id)
    assert overridden.details == {"version": put.json()["version"], "fromVersion": rubric["version"]}
    reset_entry = the_entry(alice.tenant, "rubric.reset")
    assert reset_entry.details == {"version": reset.json()["version"], "fromVersion": put.json()["version"]}


def test_job_deletion_restore_and_confirmation_are_audited(alice, job_factory):
    restored, confirmed = job_factory(tenant=alice.tenant), job_factory(tenant=alice.tenant)

    assert alice.client.delete(f"/api/v1/jobs/{restored.id}").status_code in (200, 204)
    job_restore(job=restored, by=Actor.process("support ticket 42"))
    assert alice.client.delete(f"/api/v1/jobs/{confirmed.id}").status_code in (200, 204)
    response = alice.client.post(
        f"/api/v1/jobs/{confirmed.id}/confirm-delete", {"candidateIds": []}, format="json"
    )

    assert response.status_code == 200, response.content
    deleted = AuditEntry.objects.filter(tenant=alice.tenant, action="job.deleted")
    assert sorted(e.target_id for e in deleted) == sorted([str(restored.id), str(confirmed.id)])
    assert {e.actor_kind for e in deleted} == {AuditActorKind.MEMBER}
    restore = the_entry(alice.tenant, "job.restored")
    assert restore.actor_kind == AuditActorKind.SYSTEM and restore.actor_label == "system: support ticket 42"
    assert restore.target_id == str(restored.id)
    confirmation = the_entry(alice.tenant, "job.deletion_confirmed")
    assert confirmation.target_id == str(confirmed.id) and confirmation.actor_kind == AuditActorKind.MEMBER


def test_an_export_is_audited_with_its_filters_but_not_a_name_search(alice, job_factory):
    job = job_factory(tenant=alice.tenant)
    ApplicationFactory(job=job, scored=True)
    client = alice.api_key_client()

    response = client.get(f"/api/v1/jobs/{job.id}/applications/export-csv?status=NEW&search=Ada&scoreMin=40")

    assert response.status_code == 200
    b"".join(response.streaming_content)
    entry = the_entry(alice.tenant, "applications.exported")
    assert entry.actor_kind == AuditActorKind.API_KEY and entry.target_id == str(job.id)
    assert entry.details == {
        "jobId": str(job.id),
        "filters": {"status": "NEW", "scoreMin": "40", "search": True},
    }
    assert entry.ip  # the client's address, as for the team's actions


def test_a_merge_and_its_undo_are_audited_with_ids_only(alice):
    survivor = CandidateFactory(tenant=alice.tenant, full_name="Ada Lovelace", email="ada@example.test")
    absorbed = CandidateFactory(tenant=alice.tenant, full_name="A. Lovelace", email="")

    merged = alice.client.post(
        f"/api/v1/candidates/{survivor.id}/merge", {"candidateId": str(absorbed.id)}, format="json"
    )
    assert merged.status_code in (200, 201), merged.content
    merge_id = merged.json()["merge"]["id"]
    assert alice.client.post(f"/api/v1/candidate-merges/{merge_id}/undo").status_code == 200

    merge_entry = the_entry(alice.tenant, "candidate.merged")
    assert merge_entry.actor_kind == AuditActorKind.MEMBER and merge_entry.target_id == str(survivor.id)
    assert merge_entry.details["mergeId"] == merge_id and merge_entry.details["absorbedId"] == str(
        absorbed.id
    )
    undo_entry = the_entry(alice.tenant, "candidate.merge_undone")
    assert undo_entry.details == {
        "mergeId": merge_id,
        "survivorId": str(survivor.id),
        "absorbedId": str(absorbed.id),
    }
    for entry in (merge_entry, undo_entry):
        assert "Lovelace" not in str(entry.details) and "ada@" not in str(entry.details)


def test_operators_billing_actions_are_audited(alice):
    operator = get_user_model().objects.create_user(
        email="ops@hirescope.test", password="x-correct-horse", full_name="Ops", is_staff=True
    )
    by = Actor.member(operator)  # what the admin passes
    tenant_id = alice.tenant.id
    other = Plan.objects.exclude(pk=billing_services.subscription_for(tenant_id=tenant_id).plan_id).first()

    billing_services.subscription_change_plan(tenant_id=tenant_id, plan_code=other.code, by=by)
    billing_services.subscription_grant(tenant_id=tenant_id, plan_code="growth", months=1, by=by)
    paid = billing_services.invoice_create(tenant_id=tenant_id, plan_code="growth", by=by)
    billing_services.invoice_mark_paid(invoice_id=paid.id, by=Actor.process("payment webhook"))
    voided = billing_services.invoice_create(tenant_id=tenant_id, plan_code="growth", by=by)
    billing_services.invoice_void(invoice_id=voided.id, by=by)
    billing_services.subscription_cancel(tenant_id=tenant_id, by=by)

    changed = the_entry(alice.tenant, "subscription.plan_changed")
    assert changed.actor_kind == AuditActorKind.MEMBER and changed.actor_label == "ops@hirescope.test"
    assert changed.details["to"] == other.code
    assert the_entry(alice.tenant, "subscription.granted").details == {"plan": "growth", "months": 1}
    payment = the_entry(alice.tenant, "invoice.paid")
    assert payment.actor_kind == AuditActorKind.SYSTEM and payment.target_id == str(paid.id)
    assert payment.details["number"] == paid.number
    assert the_entry(alice.tenant, "invoice.voided").target_id == str(voided.id)
    assert the_entry(alice.tenant, "subscription.canceled").actor_kind == AuditActorKind.MEMBER
    voided.refresh_from_db()
    assert voided.status == InvoiceStatus.VOID


def test_an_api_key_cannot_issue_an_invoice_and_a_viewer_cannot_either(alice):
    from accounts.models import ApiKey, Membership, MembershipRole
    from hiresscope.exceptions import DomainError

    alice.api_key_client()
    key = ApiKey.objects.get(tenant=alice.tenant)
    with pytest.raises(DomainError):
        billing_services.invoice_create(tenant_id=alice.tenant.id, plan_code="growth", by=Actor.key(key))
    viewer = get_user_model().objects.create_user(
        email="v@acme.test", password="x-correct-horse", full_name="V"
    )
    Membership.objects.create(tenant=alice.tenant, user=viewer, role=MembershipRole.VIEWER)
    with pytest.raises(DomainError):
        billing_services.invoice_create(
            tenant_id=alice.tenant.id, plan_code="growth", by=Actor.member(viewer)
        )
