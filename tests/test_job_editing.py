"""One way to change a job: the API and the operators' admin both keep the rubric in step, in one transaction."""

import pytest
from django.urls import reverse

from scoring.models import JobReview, JobRubric
from webhooks.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client, django_user_model):
    user = django_user_model.objects.create_superuser(email="ops@hiresscope.test", password="x" * 12)
    client.force_login(user)
    return client


def _admin_form(job, **changes) -> dict:
    form = {
        "title": job.title,
        "department": job.department,
        "location": job.location,
        "employment_type": job.employment_type,
        "description": job.description,
        "required_skills": '["Python"]',
        "nice_to_have_skills": "[]",
        "languages": "[]",
        "status": job.status,
        "board": str(job.board_id),
        "created_by": "",
    }
    return {**form, **changes}


def test_an_admin_edit_of_the_description_re_extracts_the_rubric_and_reviews_it(operator, alice, job_factory):
    job = job_factory(tenant=alice.tenant, required_skills=["Python"], description="We need Python. " * 5)
    before = JobRubric.objects.filter(job=job).count()

    response = operator.post(
        reverse("admin:jobs_job_change", args=[job.id]),
        _admin_form(job, description="We need Python and Kubernetes, with five years of Go. " * 3),
    )

    assert response.status_code == 302, response.content[:2000]
    job.refresh_from_db()
    assert "Kubernetes" in job.description
    assert JobRubric.objects.filter(job=job).count() == before + 1
    assert JobReview.objects.filter(job=job, trigger="DESCRIPTION_CHANGED").exists()
    assert Event.objects.filter(tenant_id=alice.tenant.id, type="job.updated").exists()


def test_a_job_and_its_rubric_fail_together(alice, monkeypatch):
    """A rubric extraction that fails leaves no job behind: the API answers an error and nothing is half-made."""
    from jobs.models import Job
    from scoring import services

    def broken(**kwargs):
        raise RuntimeError("extraction failed")

    monkeypatch.setattr(services, "rubric_sync", broken)
    alice.client.raise_request_exception = False
    response = alice.client.post(
        "/api/v1/jobs", {"title": "Data engineer", "description": "Python and SQL. " * 10}, format="json"
    )

    assert response.status_code == 500
    assert not Job.objects.filter(tenant=alice.tenant).exists()
    assert not Event.objects.filter(tenant_id=alice.tenant.id, type="job.created").exists()
