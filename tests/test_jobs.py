import pytest

from jobs.models import Job
from tests.conftest import assert_envelope

pytestmark = pytest.mark.django_db

JOB = {
    "title": "Senior Backend Engineer",
    "description": "Python services for warehouse robots.",
    "department": "Engineering",
    "location": "Berlin",
    "latitude": 52.520008,
    "longitude": 13.404954,
    "employmentType": "FULL_TIME",
    "requiredSkills": ["Python", "Django", "python"],
    "niceToHaveSkills": ["AWS"],
    "minYearsExperience": 5,
    "educationLevel": "BACHELOR",
    "languages": ["English"],
    "salaryMin": 70000,
    "salaryMax": 90000,
    "salaryCurrency": "EUR",
    "status": "ACTIVE",
    "isPublic": True,
}


def test_create_and_get_a_job_with_every_field(alice):
    created = alice.client.post("/api/v1/jobs", JOB, format="json")

    assert created.status_code == 201, created.content
    body = created.json()
    assert body["requiredSkills"] == ["Python", "Django"]  # de-duplicated, case-insensitively
    assert body["slug"].startswith("senior-backend-engineer-")
    assert body["boardKey"].startswith("brd_")
    # Numbers are JSON numbers, not strings.
    assert (body["minYearsExperience"], body["latitude"], body["longitude"]) == (5, 52.520008, 13.404954)
    fetched = alice.client.get(f"/api/v1/jobs/{body['id']}").json()
    assert fetched == body
    assert Job.objects.get(id=body["id"]).created_by == alice.user


def test_list_filters_by_status_and_orders_newest_first(alice, job_factory):
    older = job_factory(tenant=alice.tenant, status="DRAFT", title="Older")
    newer = job_factory(tenant=alice.tenant, status="ACTIVE", title="Newer")

    all_jobs = alice.client.get("/api/v1/jobs").json()
    drafts = alice.client.get("/api/v1/jobs?status=DRAFT").json()

    assert [j["id"] for j in all_jobs["results"]] == [str(newer.id), str(older.id)]
    assert [j["id"] for j in drafts["results"]] == [str(older.id)]
    assert_envelope(alice.client.get("/api/v1/jobs?status=OPEN"), 400, "validation_error")
    assert_envelope(alice.client.get("/api/v1/jobs?ordering=salary"), 400, "validation_error")


def test_list_pagination(alice, job_factory):
    for _ in range(3):
        job_factory(tenant=alice.tenant)

    page = alice.client.get("/api/v1/jobs?pageSize=2&page=2").json()

    assert page["count"] == 3 and page["totalPages"] == 2 and len(page["results"]) == 1
    assert alice.client.get("/api/v1/jobs?pageSize=100").json()["pageSize"] == 100
    assert_envelope(alice.client.get("/api/v1/jobs?pageSize=500"), 400, "validation_error")


def test_list_query_count_does_not_grow_with_jobs(alice, job_factory, django_assert_max_num_queries):
    for _ in range(10):
        job_factory(tenant=alice.tenant)

    with django_assert_max_num_queries(4):
        assert alice.client.get("/api/v1/jobs").status_code == 200


def test_patch_is_partial_and_keeps_invariants(alice):
    job = alice.client.post("/api/v1/jobs", JOB, format="json").json()

    patched = alice.client.patch(f"/api/v1/jobs/{job['id']}", {"status": "CLOSED"}, format="json")
    assert patched.status_code == 200
    assert patched.json()["status"] == "CLOSED" and patched.json()["title"] == JOB["title"]

    inverted = alice.client.patch(f"/api/v1/jobs/{job['id']}", {"salaryMin": 100000}, format="json")
    assert "salaryMin" in assert_envelope(inverted, 400, "validation_error")["fields"]


def test_half_a_geo_point_is_refused(alice):
    response = alice.client.post("/api/v1/jobs", {**JOB, "longitude": None}, format="json")

    assert "latitude" in assert_envelope(response, 400)["fields"]


def test_soft_delete_hides_the_job_keeps_its_rows_and_lists_pool_candidates(alice):
    job = alice.client.post("/api/v1/jobs", JOB, format="json").json()

    response = alice.client.delete(f"/api/v1/jobs/{job['id']}")

    assert response.status_code == 200
    assert response.json()["talentPoolEligible"] == []
    assert response.json()["deletedAt"]
    assert Job.objects.get(id=job["id"]).deleted_at is not None
    assert_envelope(alice.client.get(f"/api/v1/jobs/{job['id']}"), 404, "not_found")
    assert alice.client.get("/api/v1/jobs").json()["count"] == 0


def test_public_jobs_lists_active_public_jobs_of_every_company(anon, alice, bob, job_factory):
    visible = job_factory(tenant=alice.tenant, status="ACTIVE", is_public=True)
    job_factory(tenant=alice.tenant, status="DRAFT", is_public=True)
    job_factory(tenant=alice.tenant, status="ACTIVE", is_public=False)
    other = job_factory(tenant=bob.tenant, status="ACTIVE", is_public=True)

    everyone = anon.get("/api/v1/jobs/public").json()
    acme = anon.get(f"/api/v1/jobs/public?company={alice.tenant.slug}").json()

    assert {j["id"] for j in everyone["results"]} == {str(visible.id), str(other.id)}
    assert [j["id"] for j in acme["results"]] == [str(visible.id)]
    assert acme["results"][0]["company"] == "Acme"
    assert "requiredSkills" in acme["results"][0] and "salaryMin" in acme["results"][0]
