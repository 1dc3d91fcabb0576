"""The jobs pages: list, create, edit with the optimizer's findings, rubric editing and its live preview,
publish/close, and deletion with the talent-pool step. Each page: who may see it, who may act, another
company's job is a 404, a service's refusal is a message."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import MembershipRole
from candidates.models import Application, ApplicationStatus, TalentPoolEntry
from jobs.models import Job, JobStatus
from scoring import engine
from scoring.models import JobReview, JobRubric
from scoring.preview import rubric_preview
from scoring.services import rubric_get
from tests import factories

VIEWER, RECRUITER, ADMIN = MembershipRole.VIEWER, MembershipRole.RECRUITER, MembershipRole.ADMIN
TODAY = datetime.date(2026, 1, 1)

JOB_FORM = {
    "title": "Data Engineer",
    "description": (
        "You will build data pipelines in Python and SQL, own our Airflow jobs and work with analysts. "
        "What you'll do: design pipelines, review code, keep data correct."
    ),
    "department": "Data",
    "location": "Berlin",
    "employment_type": "FULL_TIME",
    "required_skills": "Python, SQL, python",
    "nice_to_have_skills": "Airflow",
    "min_years_experience": "2",
    "education_level": "",
    "languages": "English",
    "salary_min": "",
    "salary_max": "",
    "salary_currency": "",
    "latitude": "",
    "longitude": "",
    "is_public": "on",
    "status": "DRAFT",
}


def job_of(company, **fields) -> Job:
    return factories.JobFactory(tenant=company.tenant, **fields)


def scored(job, **fields) -> Application:
    return factories.ApplicationFactory(job=job, scored=True, **fields)


def cv_application(job, *, name: str, skills: str, score: int) -> Application:
    """A scored application with a real parsed profile, as the pipeline leaves it."""
    text = f"{name}\n{name.split()[0].lower()}@example.test\nSkills: {skills}\nExperience\nDeveloper, Acme 2016-2025\n"
    return factories.ApplicationFactory(
        job=job,
        scored=True,
        score=score,
        parsed_profile=engine.parse_cv(text, today=TODAY).to_dict(),
        candidate=factories.CandidateFactory(tenant=job.tenant, full_name=name),
    )


def rubric_rows(rows: list[dict], *, prefix: str = "rubric") -> dict:
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        defaults = {"kind": "MUST_HAVE", "category": "SKILL", "weight": "1"}
        for key, value in {**defaults, **row}.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


# -- list ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", [MembershipRole.OWNER, ADMIN, RECRUITER, VIEWER])
def test_the_list_shows_each_job_with_its_pipeline_for_every_role(acme, role):
    job = job_of(acme, title="Backend Engineer")
    scored(job, score=91, status=ApplicationStatus.SHORTLISTED)
    scored(job, score=40, status=ApplicationStatus.SHORTLISTED)
    scored(job, score=12, status=ApplicationStatus.REJECTED)

    response = acme.client(role).get(reverse("dashboard:jobs"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Backend Engineer" in page and ">91<" in page
    figures = response.context["page"][0].figures
    assert figures["stages"][ApplicationStatus.SHORTLISTED] == 2 and figures["total"] == 3
    assert ("New job" in page) is (role != VIEWER)


def test_the_list_costs_the_same_queries_for_many_jobs(acme, django_assert_max_num_queries):
    client = acme.client()
    for n in range(12):
        scored(job_of(acme, title=f"Job {n}"))
    with django_assert_max_num_queries(8):  # session, user, membership x2, count, page, figures, pending
        response = client.get(reverse("dashboard:jobs"))
    assert len(response.context["page"]) == 12


def test_the_list_filters_by_status_and_search_and_returns_the_table_to_htmx(acme):
    job_of(acme, title="Backend Engineer", status=JobStatus.ACTIVE)
    job_of(acme, title="Designer", status=JobStatus.CLOSED)
    client = acme.client()

    closed = client.get(reverse("dashboard:jobs"), {"status": "CLOSED"})
    found = client.get(reverse("dashboard:jobs"), {"q": "backend"}, HTTP_HX_REQUEST="true")

    assert [j.title for j in closed.context["page"]] == ["Designer"]
    assert [j.title for j in found.context["page"]] == ["Backend Engineer"]
    assert "<html" not in found.content.decode() and "<table" in found.content.decode()


def test_a_new_company_is_invited_to_post_its_first_job_and_a_viewer_is_not(acme):
    assert "Post your first job" in acme.client().get(reverse("dashboard:jobs")).content.decode()
    assert "Post your first job" not in acme.client(VIEWER).get(reverse("dashboard:jobs")).content.decode()


def test_a_filter_without_match_says_so(acme):
    job_of(acme)
    page = acme.client().get(reverse("dashboard:jobs"), {"q": "zzz"}).content.decode()
    assert "No job matches" in page and "Post your first job" not in page


def test_the_list_shows_another_companys_jobs_never(acme, globex):
    job_of(globex, title="Globex secret job")
    assert "Globex secret job" not in acme.client().get(reverse("dashboard:jobs")).content.decode()


def test_the_list_offers_the_apply_link_of_open_public_jobs(acme):
    job = job_of(acme, status=JobStatus.ACTIVE, is_public=True)
    page = acme.client().get(reverse("dashboard:jobs")).content.decode()
    assert f"/jobs/{job.slug}/apply/" in page and 'data-copy="#apply-link-' in page


# -- create --------------------------------------------------------------------------------------------
def test_creating_a_job_extracts_its_rubric_and_reviews_it(acme):
    response = acme.client(RECRUITER).post(reverse("dashboard:job_create"), JOB_FORM)

    job = Job.objects.get(tenant=acme.tenant, title="Data Engineer")
    assert response.status_code == 302 and response["Location"] == reverse(
        "dashboard:job_edit", args=[job.id]
    )
    assert job.required_skills == ["Python", "SQL"] and job.status == JobStatus.DRAFT
    assert JobRubric.objects.filter(job=job).exists() and JobReview.objects.filter(job=job).exists()


def test_the_create_page_is_refused_to_a_viewer(acme):
    client = acme.client(VIEWER)
    assert client.get(reverse("dashboard:job_create")).status_code == 403
    assert client.post(reverse("dashboard:job_create"), JOB_FORM).status_code == 403
    assert not Job.objects.filter(tenant=acme.tenant).exists()


def test_a_refusal_of_the_service_shows_on_the_form(acme):
    response = acme.client().post(
        reverse("dashboard:job_create"), {**JOB_FORM, "salary_min": "90000", "salary_max": "50000"}
    )
    assert response.status_code == 400
    assert "Must not exceed salaryMax." in response.content.decode()
    assert not Job.objects.filter(tenant=acme.tenant).exists()


def test_checking_the_description_without_javascript_saves_nothing(acme):
    response = acme.client().post(
        reverse("dashboard:job_create"), {**JOB_FORM, "description": "We need a young ninja.", "check": "1"}
    )
    assert response.status_code == 200
    assert "young" in response.content.decode() and "not saved" in response.content.decode()
    assert not Job.objects.filter(tenant=acme.tenant).exists()


def test_the_findings_follow_the_description_as_a_fragment(acme):
    response = acme.client().post(
        reverse("dashboard:job_review_draft"),
        {"title": "Dev", "description": "We need a young rockstar."},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page and "young" in page
    assert not JobReview.objects.exists()
    assert acme.client(VIEWER).post(reverse("dashboard:job_review_draft"), {"title": "x"}).status_code == 403


# -- edit ----------------------------------------------------------------------------------------------
def test_the_edit_page_shows_the_form_the_findings_and_the_rubric(acme):
    job = job_of(acme)
    page = acme.client(RECRUITER).get(reverse("dashboard:job_edit", args=[job.id])).content.decode()
    assert 'hx-trigger="keyup changed delay:800ms"' in page
    assert "Save changes" in page and "Save the rubric" in page and "Publish" not in page  # ACTIVE: close
    assert "Close" in page and 'value="Python"' in page


def test_a_viewer_reads_the_edit_page_without_a_save_button_and_cannot_post(acme):
    job = job_of(acme)
    client = acme.client(VIEWER)

    page = client.get(reverse("dashboard:job_edit", args=[job.id])).content.decode()

    assert "Save changes" not in page and "Save the rubric" not in page and "Delete" not in page
    assert "disabled" in page
    posts = [
        ("dashboard:job_edit", JOB_FORM),
        ("dashboard:job_status", {"status": "CLOSED"}),
        ("dashboard:job_rubric", rubric_rows([{"name": "Go"}])),
        ("dashboard:job_rubric_preview", rubric_rows([{"name": "Go"}])),
        ("dashboard:job_rubric_reset", {}),
        ("dashboard:job_delete", {}),
        ("dashboard:job_delete_confirm", {}),
    ]
    for name, data in posts:
        assert client.post(reverse(name, args=[job.id]), data).status_code == 403, name
    job.refresh_from_db()
    assert job.status == JobStatus.ACTIVE and job.deleted_at is None and job.title == "Backend Engineer"


def test_editing_saves_only_what_changed(acme):
    job = job_of(acme)
    form = {**JOB_FORM, "title": "Senior Backend Engineer"}
    form.pop("status")

    response = acme.client().post(reverse("dashboard:job_edit", args=[job.id]), form)

    job.refresh_from_db()
    assert response.status_code == 302 and job.title == "Senior Backend Engineer"
    assert job.required_skills == ["Python", "SQL"]


def test_saving_an_unchanged_job_changes_nothing(acme):
    job = job_of(acme, description="Line one about Python.\nLine two about Django.")
    form = {
        **{name: "" for name in JOB_FORM if name != "status"},
        "title": job.title,
        "description": job.description.replace("\n", "\r\n"),  # as a browser sends it
        "employment_type": job.employment_type,
        "required_skills": ", ".join(job.required_skills),
        "nice_to_have_skills": ", ".join(job.nice_to_have_skills),
        "min_years_experience": "3",
        "is_public": "on",
    }
    updated = job.updated_at

    response = acme.client().post(reverse("dashboard:job_edit", args=[job.id]), form, follow=True)

    assert "Nothing changed." in response.content.decode()
    job.refresh_from_db()
    assert job.updated_at == updated


@pytest.mark.parametrize(
    "name", ["dashboard:job_edit", "dashboard:job_status", "dashboard:job_rubric", "dashboard:job_delete"]
)
def test_another_companys_job_is_a_404(acme, globex, name):
    job = job_of(globex)
    client = acme.client()
    if name == "dashboard:job_edit":
        assert client.get(reverse(name, args=[job.id])).status_code == 404
    assert client.post(reverse(name, args=[job.id]), {"status": "CLOSED"}).status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.ACTIVE and job.deleted_at is None


# -- publish / close -----------------------------------------------------------------------------------
def test_publishing_and_closing_move_the_status(acme):
    job = job_of(acme, status=JobStatus.DRAFT)
    client = acme.client(RECRUITER)

    client.post(reverse("dashboard:job_status", args=[job.id]), {"status": "ACTIVE"})
    job.refresh_from_db()
    assert job.status == JobStatus.ACTIVE
    page = client.get(reverse("dashboard:job_edit", args=[job.id])).content.decode()
    assert "Copy apply link" in page and "Published" in page

    client.post(reverse("dashboard:job_status", args=[job.id]), {"status": "CLOSED"})
    job.refresh_from_db()
    assert job.status == JobStatus.CLOSED


def test_a_plan_limit_on_publishing_is_a_message(acme, monkeypatch):
    from billing import services as billing_services
    from hiresscope.exceptions import DomainError

    def refuse(**kwargs):
        raise DomainError("Your plan allows 1 active job.", code="plan_limit_exceeded")

    monkeypatch.setattr(billing_services, "plan_allowance_check", refuse)
    job = job_of(acme, status=JobStatus.DRAFT)

    response = acme.client().post(
        reverse("dashboard:job_status", args=[job.id]), {"status": "ACTIVE"}, follow=True
    )

    assert response.status_code == 200 and "Your plan allows 1 active job." in response.content.decode()
    job.refresh_from_db()
    assert job.status == JobStatus.DRAFT


# -- rubric ----------------------------------------------------------------------------------------------
def test_saving_the_rubric_makes_an_employer_version(acme):
    job = job_of(acme)
    before = rubric_get(job=job).version

    response = acme.client().post(
        reverse("dashboard:job_rubric", args=[job.id]),
        {
            **rubric_rows(
                [
                    {"name": "Python", "knockout": "on"},
                    {"name": "Go", "kind": "NICE_TO_HAVE"},
                    {"category": "SKILL", "any_of": "AWS, GCP"},
                ]
            ),
            "action": "save",
        },
    )

    rubric = rubric_get(job=job)
    assert response.status_code == 302 and rubric.version == before + 1 and rubric.source == "EMPLOYER"
    names = {item["name"]: item for item in rubric.rubric["requirements"]}
    assert names["Python"]["knockout"] is True and names["Go"]["kind"] == "NICE_TO_HAVE"
    assert any(item.get("anyOf") for item in rubric.rubric["requirements"])


def test_an_invalid_rubric_is_shown_not_saved(acme):
    job = job_of(acme)
    before = rubric_get(job=job).version
    response = acme.client().post(
        reverse("dashboard:job_rubric", args=[job.id]),
        {**rubric_rows([{"name": "Python"}, {"name": "python"}]), "action": "save"},
    )
    assert response.status_code == 400 and "repeats the requirement" in response.content.decode()
    assert rubric_get(job=job).version == before


def test_a_row_with_one_alternative_is_refused_on_its_row(acme):
    job = job_of(acme)
    response = acme.client().post(
        reverse("dashboard:job_rubric", args=[job.id]), {**rubric_rows([{"any_of": "AWS"}]), "action": "save"}
    )
    assert response.status_code == 400 and "Give two or more alternatives" in response.content.decode()


def test_resetting_the_rubric_reads_it_from_the_job_again(acme):
    job = job_of(acme)
    client = acme.client()
    client.post(
        reverse("dashboard:job_rubric", args=[job.id]), {**rubric_rows([{"name": "Go"}]), "action": "save"}
    )
    client.post(reverse("dashboard:job_rubric_reset", args=[job.id]))
    assert rubric_get(job=job).source == "EXTRACTED"


@pytest.fixture
def ranked_job(acme):
    """A job whose best-scored candidate lacks Kubernetes, and whose third has it."""
    job = job_of(acme)
    first = cv_application(job, name="Ada Lovelace", skills="Python, Django, PostgreSQL", score=90)
    second = cv_application(job, name="Grace Hopper", skills="Python, Django", score=80)
    third = cv_application(job, name="Linus Torvalds", skills="Python, Kubernetes, Docker", score=70)
    return job, first, second, third


def test_the_preview_moves_a_candidate_when_a_requirement_becomes_a_knock_out(acme, ranked_job):
    job, first, _second, third = ranked_job
    rubric_before = list(JobRubric.objects.filter(job=job).values_list("version", flat=True))
    draft = {
        "requirements": [
            {"kind": "MUST_HAVE", "category": "SKILL", "name": "Kubernetes", "knockout": True},
            {"kind": "MUST_HAVE", "category": "SKILL", "name": "Python"},
        ]
    }

    rows = rubric_preview(tenant=acme.tenant, job=job, rubric_data=draft)

    by_id = {row.application.id: row for row in rows}
    assert by_id[third.id].new_rank == 1 and by_id[third.id].old_rank == 3
    assert by_id[first.id].new_rank > 1 and by_id[first.id].knocked_out == ("Kubernetes",)
    # Nothing saved: the stored scores and the rubric versions are as they were.
    assert (
        Application.objects.get(id=first.id).score == 90 and Application.objects.get(id=third.id).score == 70
    )
    assert list(JobRubric.objects.filter(job=job).values_list("version", flat=True)) == rubric_before


def test_the_live_preview_is_a_fragment_with_arrows_and_saves_nothing(acme, ranked_job):
    job, *_ = ranked_job
    version = rubric_get(job=job).version
    data = rubric_rows([{"name": "Kubernetes", "knockout": "on"}, {"name": "Python"}])

    response = acme.client().post(
        reverse("dashboard:job_rubric_preview", args=[job.id]), data, HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert "▲" in page and "▼" in page and "Linus Torvalds" in page
    assert rubric_get(job=job).version == version


def test_the_preview_without_javascript_renders_the_whole_page(acme, ranked_job):
    job, *_ = ranked_job
    data = {**rubric_rows([{"name": "Kubernetes", "knockout": "on"}]), "action": "preview"}
    response = acme.client().post(reverse("dashboard:job_rubric", args=[job.id]), data)
    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page and "up 2" in page


def test_the_preview_hides_names_under_blind_review(acme, ranked_job):
    job, *_ = ranked_job
    acme.tenant.blind_review = True
    acme.tenant.save(update_fields=["blind_review"])
    data = rubric_rows([{"name": "Kubernetes", "knockout": "on"}])
    page = (
        acme.client()
        .post(reverse("dashboard:job_rubric_preview", args=[job.id]), data, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "Linus" not in page and "Applicant 3" in page


def test_an_invalid_draft_previews_as_an_error(acme, ranked_job):
    job, *_ = ranked_job
    data = rubric_rows([{"name": "Python"}, {"name": "Python"}])
    response = acme.client().post(
        reverse("dashboard:job_rubric_preview", args=[job.id]), data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "repeats the requirement" in response.content.decode()


# -- delete with the talent-pool step ------------------------------------------------------------------------
def test_deleting_offers_the_best_candidates_and_saves_the_ones_chosen(acme, settings):
    settings.TALENT_POOL_MIN_SCORE = 60
    job = job_of(acme)
    keep = scored(job, score=88)
    skip = scored(job, score=75)
    scored(job, score=20)
    client = acme.client(RECRUITER)

    deleted = client.post(reverse("dashboard:job_delete", args=[job.id]))
    step = client.get(deleted["Location"])
    done = client.post(deleted["Location"], {"candidate_ids": [str(keep.candidate_id)]})

    assert deleted["Location"] == reverse("dashboard:job_delete_confirm", args=[job.id])
    assert step.status_code == 200 and [r["score"] for r in step.context["offered"]] == [88, 75]
    assert done.status_code == 302 and done["Location"] == reverse("dashboard:jobs")
    assert list(TalentPoolEntry.objects.values_list("candidate_id", flat=True)) == [keep.candidate_id]
    job.refresh_from_db()
    assert job.deleted_at and job.deletion_confirmed_at
    assert skip.candidate_id not in set(TalentPoolEntry.objects.values_list("candidate_id", flat=True))
    assert client.get(reverse("dashboard:job_edit", args=[job.id])).status_code == 404


def test_a_deletion_left_half_way_is_offered_again_on_the_list(acme):
    job = job_of(acme, title="Half deleted")
    client = acme.client()
    client.post(reverse("dashboard:job_delete", args=[job.id]))

    page = client.get(reverse("dashboard:jobs")).content.decode()

    assert reverse("dashboard:job_delete_confirm", args=[job.id]) in page
    assert (
        reverse("dashboard:job_delete_confirm", args=[job.id])
        not in acme.client(VIEWER).get(reverse("dashboard:jobs")).content.decode()
    )


def test_a_candidate_not_offered_is_refused_on_the_form(acme, settings):
    settings.TALENT_POOL_MIN_SCORE = 60
    job = job_of(acme)
    low = scored(job, score=10)
    client = acme.client()
    client.post(reverse("dashboard:job_delete", args=[job.id]))

    response = client.post(
        reverse("dashboard:job_delete_confirm", args=[job.id]), {"candidate_ids": [str(low.candidate_id)]}
    )

    assert response.status_code == 400
    job.refresh_from_db()
    assert job.deletion_confirmed_at is None


def test_the_talent_pool_step_of_a_live_or_confirmed_job_goes_elsewhere(acme, globex):
    job = job_of(acme)
    client = acme.client()
    assert client.get(reverse("dashboard:job_delete_confirm", args=[job.id]))["Location"] == reverse(
        "dashboard:job_edit", args=[job.id]
    )
    client.post(reverse("dashboard:job_delete", args=[job.id]))
    client.post(reverse("dashboard:job_delete_confirm", args=[job.id]), {})
    again = client.post(reverse("dashboard:job_delete_confirm", args=[job.id]), {}, follow=True)
    assert "already confirmed" in again.content.decode()
    other = job_of(globex)
    assert client.get(reverse("dashboard:job_delete_confirm", args=[other.id])).status_code == 404
    assert acme.client(VIEWER).get(reverse("dashboard:job_delete_confirm", args=[job.id])).status_code == 403
