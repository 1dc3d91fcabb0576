"""``GET /candidates/:id``, matching one person across applications (email, then phone), merge and undo."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.models import Application, Candidate, CandidateMerge, TalentPoolEntry
from candidates.services.people import candidate_upsert
from tests.conftest import assert_envelope
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db

CV = "Ann Example\nPython developer since 2015: Django services, PostgreSQL, REST APIs, Docker on AWS.\n"


def upload(persona, job, *, email, phone="", capture):
    payload = {"file": SimpleUploadedFile("cv.txt", CV.encode()), "email": email, "fullName": "Ann Example"}
    if phone:
        payload["phone"] = phone
    with capture(execute=True):
        response = persona.client.post(f"/api/v1/jobs/{job.id}/applications", payload, format="multipart")
    assert response.status_code == 202, response.content
    return Application.objects.get(id=response.json()["id"])


def detail(persona, candidate):
    return persona.client.get(f"/api/v1/candidates/{candidate.id}")


def merge(persona, survivor, absorbed):
    return persona.client.post(
        f"/api/v1/candidates/{survivor.id}/merge", {"candidateId": str(absorbed.id)}, format="json"
    )


def undo(persona, merge_id):
    return persona.client.post(f"/api/v1/candidate-merges/{merge_id}/undo")


# -- detail -------------------------------------------------------------------------------------------------
def test_detail_shows_the_person_every_application_their_scores_and_pool_entry(alice, job_factory):
    person = CandidateFactory(
        tenant=alice.tenant, phone="+442079460123", linkedin_url="https://www.linkedin.com/in/ann"
    )
    older = ApplicationFactory(job=job_factory(tenant=alice.tenant, title="Backend"), candidate=person)
    newer = ApplicationFactory(
        job=job_factory(tenant=alice.tenant, title="Platform"), candidate=person, scored=True, score=77
    )
    newer.job.deleted_at = newer.created_at
    newer.job.save()
    entry = TalentPoolEntry.objects.create(
        tenant=alice.tenant, candidate=person, department="Engineering", note="Strong on Django", score=77
    )

    response = detail(alice, person)

    assert response.status_code == 200, response.content
    body = response.json()
    assert {k: body[k] for k in ("id", "fullName", "email", "phone", "linkedinUrl", "mergedIntoId")} == {
        "id": str(person.id),
        "fullName": person.full_name,
        "email": person.email,
        "phone": "+442079460123",
        "linkedinUrl": "https://www.linkedin.com/in/ann",
        "mergedIntoId": None,
    }
    assert body["createdAt"] and "sourceKey" in body
    assert [a["id"] for a in body["applications"]] == [str(newer.id), str(older.id)]
    assert body["applications"][0] == {
        "id": str(newer.id),
        "jobId": str(newer.job_id),
        "jobTitle": "Platform",
        "jobDeleted": True,
        "status": "NEW",
        "processingStatus": "SCORED",
        "score": 77,
        "createdAt": body["applications"][0]["createdAt"],
    }
    assert body["applications"][1]["score"] is None and body["applications"][1]["jobDeleted"] is False
    assert body["talentPool"]["id"] == str(entry.id)
    assert (
        body["talentPool"]["note"] == "Strong on Django" and body["talentPool"]["department"] == "Engineering"
    )
    assert body["merges"] == []


def test_detail_query_count_is_pinned_whatever_the_history(alice, job_factory, django_assert_num_queries):
    person = CandidateFactory(tenant=alice.tenant)
    for _ in range(8):
        ApplicationFactory(job=job_factory(tenant=alice.tenant), candidate=person, scored=True)
    TalentPoolEntry.objects.create(tenant=alice.tenant, candidate=person)
    for _ in range(3):
        other = CandidateFactory(tenant=alice.tenant)
        CandidateMerge.objects.create(tenant=alice.tenant, survivor=person, absorbed=other)

    # Credential (2), the candidate, then one query each: applications with jobs, pool, merges x2.
    with django_assert_num_queries(7):
        body = detail(alice, person).json()

    assert len(body["applications"]) == 8 and len(body["merges"]) == 3


def test_another_tenants_candidate_is_the_same_404_as_a_missing_one(alice, bob):
    person = CandidateFactory(tenant=alice.tenant)

    theirs = assert_envelope(detail(bob, person), 404, "not_found")
    missing = assert_envelope(detail(bob, Candidate(id=uuid.uuid4())), 404, "not_found")

    assert theirs["message"] == missing["message"] == "Candidate not found."


def test_blind_review_redacts_who_the_person_is(alice):
    alice.tenant.blind_review = True
    alice.tenant.save()
    person = CandidateFactory(tenant=alice.tenant, phone="+442079460123", linkedin_url="https://x.test/in/a")

    body = detail(alice, person).json()

    assert body["fullName"] is body["email"] is body["phone"] is body["linkedinUrl"] is None
    assert body["id"] == str(person.id)


# -- one person across applications: email, then phone --------------------------------------------------------
def test_the_same_phone_links_an_application_without_an_email_to_its_person(
    alice, job_factory, django_capture_on_commit_callbacks
):
    first = upload(
        alice,
        job_factory(tenant=alice.tenant),
        email="ann@old.test",
        phone="+44 20 7946 0123",
        capture=django_capture_on_commit_callbacks,
    )
    person = Candidate.objects.get()
    assert person.phone == "+442079460123"  # stored in E.164

    # A record that has no email yet (a bulk CV showing only a phone) is found by its number.
    phone_only = CandidateFactory(tenant=alice.tenant, email="", phone="+441134960000")
    assert (
        candidate_upsert(tenant=alice.tenant, email="", full_name="B", phone="0044 113 496 0000")
        == phone_only
    )
    assert first.candidate_id == person.pk


def test_two_different_emails_are_two_people_even_with_one_phone(
    alice, job_factory, django_capture_on_commit_callbacks
):
    # An agency's switchboard or a family line on two CVs: linking them would lose one person's application.
    first = upload(
        alice,
        job_factory(tenant=alice.tenant),
        email="ann@old.test",
        phone="+44 20 7946 0123",
        capture=django_capture_on_commit_callbacks,
    )
    second = upload(
        alice,
        job_factory(tenant=alice.tenant),
        email="ben@new.test",
        phone="0044 (20) 7946-0123",
        capture=django_capture_on_commit_callbacks,
    )

    assert second.candidate_id != first.candidate_id
    assert Candidate.objects.filter(phone="+442079460123").count() == 2


def test_the_email_decides_before_the_phone(alice, job_factory, django_capture_on_commit_callbacks):
    phone_owner = CandidateFactory(tenant=alice.tenant, phone="+442079460123")
    email_owner = CandidateFactory(tenant=alice.tenant, email="ann@x.test", phone="")

    application = upload(
        alice,
        job_factory(tenant=alice.tenant),
        email="ANN@x.test",
        phone="+44 20 7946 0123",
        capture=django_capture_on_commit_callbacks,
    )

    assert application.candidate_id == email_owner.id != phone_owner.id


@pytest.mark.parametrize(
    "phone", ["020 7946 0123", "+44 20 7946 012"], ids=["no-country-code", "not-a-valid-number"]
)
def test_a_phone_that_names_no_country_is_never_matched(
    alice, job_factory, phone, django_capture_on_commit_callbacks
):
    CandidateFactory(tenant=alice.tenant, phone=phone)

    application = upload(
        alice,
        job_factory(tenant=alice.tenant),
        email="ann@new.test",
        phone=phone,
        capture=django_capture_on_commit_callbacks,
    )

    assert Candidate.objects.count() == 2
    assert application.candidate.phone == phone  # stored as written: it has no E.164 form


def test_a_phone_shared_by_two_people_matches_nobody(alice, job_factory, django_capture_on_commit_callbacks):
    one = CandidateFactory(tenant=alice.tenant, phone="+442079460123")
    two = CandidateFactory(tenant=alice.tenant, phone="+442079460123")

    application = upload(
        alice,
        job_factory(tenant=alice.tenant),
        email="ann@new.test",
        phone="+44 20 7946 0123",
        capture=django_capture_on_commit_callbacks,
    )

    assert application.candidate_id not in (one.id, two.id)


def test_another_tenants_candidate_is_never_matched_by_phone(
    alice, bob, job_factory, django_capture_on_commit_callbacks
):
    CandidateFactory(tenant=bob.tenant, phone="+442079460123")

    application = upload(
        alice,
        job_factory(tenant=alice.tenant),
        email="ann@new.test",
        phone="+44 20 7946 0123",
        capture=django_capture_on_commit_callbacks,
    )

    assert application.candidate.tenant_id == alice.tenant.id


def test_a_cv_without_contact_details_is_matched_by_the_phone_it_shows(
    alice, job_factory, django_capture_on_commit_callbacks
):
    person = CandidateFactory(tenant=alice.tenant, email="", phone="+442079460123")
    job = job_factory(tenant=alice.tenant)
    text = "Ann Example\nPhone: +44 20 7946 0123\n" + CV
    files = {"files": [SimpleUploadedFile("ann.txt", text.encode())]}

    with django_capture_on_commit_callbacks(execute=True):
        response = alice.client.post(f"/api/v1/jobs/{job.id}/applications/bulk", files, format="multipart")

    assert response.status_code == 202, response.content
    assert Application.objects.get().candidate_id == person.id


def test_an_email_merged_away_leads_to_the_surviving_record(
    alice, job_factory, django_capture_on_commit_callbacks
):
    survivor = CandidateFactory(tenant=alice.tenant, email="ann@new.test")
    absorbed = CandidateFactory(tenant=alice.tenant, email="ann@old.test")
    assert merge(alice, survivor, absorbed).status_code == 201

    application = upload(
        alice,
        job_factory(tenant=alice.tenant),
        email="ann@old.test",
        capture=django_capture_on_commit_callbacks,
    )

    assert application.candidate_id == survivor.id


# -- merge and undo ------------------------------------------------------------------------------------------------
@pytest.fixture
def two_records(alice, job_factory):
    """One person twice: the survivor applied to one job, the absorbed record to two others and is pooled."""
    survivor = CandidateFactory(tenant=alice.tenant, email="ann@new.test")
    absorbed = CandidateFactory(tenant=alice.tenant, email="ann@old.test")
    own = ApplicationFactory(job=job_factory(tenant=alice.tenant), candidate=survivor, scored=True)
    moved = [
        ApplicationFactory(job=job_factory(tenant=alice.tenant), candidate=absorbed, scored=True)
        for _ in range(2)
    ]
    entry = TalentPoolEntry.objects.create(tenant=alice.tenant, candidate=absorbed, department="Data")
    return survivor, absorbed, own, moved, entry


def test_merge_moves_the_applications_and_pool_entry_and_is_recorded(alice, two_records):
    survivor, absorbed, own, moved, entry = two_records

    response = merge(alice, survivor, absorbed)

    assert response.status_code == 201, response.content
    body = response.json()
    record = body["merge"]
    assert record["survivorId"] == str(survivor.id) and record["absorbedId"] == str(absorbed.id)
    assert sorted(record["movedApplicationIds"]) == sorted(str(a.id) for a in moved)
    assert record["movedPoolEntryIds"] == [str(entry.id)] and record["undoneAt"] is None
    assert {a["id"] for a in body["survivor"]["applications"]} == {str(own.id), *(str(a.id) for a in moved)}
    assert body["survivor"]["talentPool"]["id"] == str(entry.id)
    assert body["survivor"]["merges"][0]["id"] == record["id"]
    gone = detail(alice, absorbed).json()
    assert gone["mergedIntoId"] == str(survivor.id) and gone["applications"] == []
    assert gone["merges"][0]["id"] == record["id"]
    pool = alice.client.get("/api/v1/talent-pool").json()["results"]
    assert [item["candidateId"] for item in pool] == [str(survivor.id)]


def test_the_survivors_own_pool_entry_wins_and_the_absorbed_one_stays_hidden(alice, two_records):
    survivor, absorbed, _, _, entry = two_records
    own_entry = TalentPoolEntry.objects.create(tenant=alice.tenant, candidate=survivor, department="Eng")

    record = merge(alice, survivor, absorbed).json()["merge"]

    assert record["movedPoolEntryIds"] == []
    assert TalentPoolEntry.objects.get(id=entry.id).candidate_id == absorbed.id
    pool = alice.client.get("/api/v1/talent-pool").json()["results"]
    assert [item["id"] for item in pool] == [str(own_entry.id)]


def test_undo_moves_exactly_the_recorded_rows_back_and_only_once(alice, two_records, job_factory):
    survivor, absorbed, own, moved, entry = two_records
    merge_id = merge(alice, survivor, absorbed).json()["merge"]["id"]
    later = ApplicationFactory(job=job_factory(tenant=alice.tenant), candidate=survivor)  # after the merge

    response = undo(alice, merge_id)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["merge"]["undoneAt"]
    assert {a["id"] for a in body["survivor"]["applications"]} == {str(own.id), str(later.id)}
    assert {a["id"] for a in body["absorbed"]["applications"]} == {str(a.id) for a in moved}
    assert body["absorbed"]["mergedIntoId"] is None
    assert body["absorbed"]["talentPool"]["id"] == str(entry.id) and body["survivor"]["talentPool"] is None
    assert CandidateMerge.objects.get(id=merge_id).undone_by == alice.user
    assert_envelope(undo(alice, merge_id), 409, "merge_already_undone")


def test_undo_leaves_alone_what_is_no_longer_on_the_survivor(alice, two_records):
    survivor, absorbed, _, moved, entry = two_records
    merge_id = merge(alice, survivor, absorbed).json()["merge"]["id"]
    assert alice.client.delete(f"/api/v1/talent-pool/{entry.id}").status_code == 204

    body = undo(alice, merge_id).json()

    assert body["absorbed"]["talentPool"] is None
    assert len(body["absorbed"]["applications"]) == len(moved)


def test_a_record_can_be_merged_again_after_its_merge_was_undone(alice, two_records):
    survivor, absorbed, *_ = two_records
    undo(alice, merge(alice, survivor, absorbed).json()["merge"]["id"])

    assert merge(alice, survivor, absorbed).status_code == 201


def test_merging_two_applications_to_one_job_is_409_naming_the_job(alice, two_records):
    survivor, absorbed, own, *_ = two_records
    ApplicationFactory(job=own.job, candidate=absorbed)

    body = assert_envelope(merge(alice, survivor, absorbed), 409, "merge_conflict")

    assert body["details"]["jobIds"] == [str(own.job_id)]
    assert own.job.title in body["message"]
    assert Candidate.objects.get(id=absorbed.id).merged_into is None


def test_a_record_merged_away_cannot_take_part_in_another_merge(alice, two_records):
    survivor, absorbed, *_ = two_records
    third = CandidateFactory(tenant=alice.tenant)
    merge(alice, survivor, absorbed)

    assert_envelope(merge(alice, third, absorbed), 409, "merge_conflict")
    assert_envelope(merge(alice, absorbed, third), 409, "merge_conflict")


def test_a_record_cannot_absorb_itself(alice, two_records):
    survivor, *_ = two_records

    body = assert_envelope(merge(alice, survivor, survivor), 400, "validation_error")

    assert "candidateId" in body["fields"]


def test_merge_and_undo_across_tenants_are_404(alice, bob, two_records):
    survivor, absorbed, *_ = two_records
    theirs = CandidateFactory(tenant=bob.tenant)
    merge_id = merge(alice, survivor, absorbed).json()["merge"]["id"]

    assert_envelope(merge(alice, survivor, theirs), 404, "not_found")
    assert_envelope(merge(bob, theirs, absorbed), 404, "not_found")
    assert_envelope(undo(bob, merge_id), 404, "not_found")
    assert_envelope(merge(alice, survivor, Candidate(id=uuid.uuid4())), 404, "not_found")
    assert CandidateMerge.objects.get(id=merge_id).undone_at is None
    assert detail(alice, absorbed).json()["mergedIntoId"] == str(survivor.id)
