"""The people pages: candidates (list, search, one person across their applications), the talent pool
with its suggestions for a job, and the actions on people (save to / remove from the pool, merge, undo),
per role, across tenants and under blind review."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.actors import Actor
from accounts.models import MembershipRole
from candidates.api.people_serializers import CandidateDetailOutput
from candidates.intake import read_cv_upload
from candidates.models import Candidate, CandidateMerge, TalentPoolEntry
from candidates.selectors import PERSONAL_FIELDS, candidate_get_detail, candidate_identity
from candidates.services.people import candidate_merge
from candidates.services.submission import application_submit
from candidates.services.talent_pool import talent_pool_add
from demo.content import DEMO_CANDIDATES, render_cv
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory

pytestmark = pytest.mark.django_db

ROLES = [MembershipRole.OWNER, MembershipRole.ADMIN, MembershipRole.RECRUITER, MembershipRole.VIEWER]
WRITERS = [MembershipRole.OWNER, MembershipRole.ADMIN, MembershipRole.RECRUITER]
MISSING = "00000000-0000-0000-0000-000000000000"


def person_url(candidate) -> str:
    return f"/dashboard/candidates/{candidate.id}/"


def blind(company) -> None:
    company.tenant.blind_review = True
    company.tenant.save(update_fields=["blind_review"])


@pytest.fixture
def people(acme):
    """Two of acme's people: Ada (two applications, one scored 88) and Grace (one, queued)."""
    job = JobFactory(tenant=acme.tenant, title="Backend Engineer", department="Engineering")
    other = JobFactory(tenant=acme.tenant, title="Data Engineer", department="Data")
    ada = CandidateFactory(
        tenant=acme.tenant, full_name="Ada Lovelace", email="ada@example.test", phone="+4420"
    )
    grace = CandidateFactory(tenant=acme.tenant, full_name="Grace Hopper", email="grace@example.test")
    applications = {
        "ada_backend": ApplicationFactory(job=job, candidate=ada, scored=True, score=88),
        "ada_data": ApplicationFactory(job=other, candidate=ada, scored=True, score=41),
        "grace_backend": ApplicationFactory(job=job, candidate=grace),
    }
    return {"ada": ada, "grace": grace, "job": job, "other": other, **applications}


# -- candidates list --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_candidates_with_their_figures(acme, people, role):
    response = acme.client(role).get("/dashboard/candidates/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ada Lovelace" in page and "Grace Hopper" in page
    assert '<span class="score-pill">88</span>' in page  # Ada's best score
    assert person_url(people["ada"]) in page


def test_search_finds_by_name_or_email_and_htmx_gets_the_results_only(acme, people):
    client = acme.client()

    by_name = client.get("/dashboard/candidates/", {"q": "lovel"}).content.decode()
    by_email = client.get("/dashboard/candidates/", {"q": "grace@"}).content.decode()
    partial = client.get("/dashboard/candidates/", {"q": "ada"}, HTTP_HX_REQUEST="true").content.decode()

    assert "Ada Lovelace" in by_name and "Grace Hopper" not in by_name
    assert "Grace Hopper" in by_email and "Ada Lovelace" not in by_email
    assert "Ada Lovelace" in partial and "<html" not in partial and 'class="sidebar"' not in partial


def test_the_list_leaves_out_records_merged_away_and_other_tenants_people(acme, globex, people):
    CandidateFactory(tenant=globex.tenant, full_name="Hedy Lamarr")
    twin = CandidateFactory(tenant=acme.tenant, full_name="Ada Lovelace", email="ada.l@example.test")
    candidate_merge(tenant=acme.tenant, survivor=people["ada"], absorbed=twin, by=Actor.member(acme.owner))

    page = acme.client().get("/dashboard/candidates/").content.decode()

    assert "Hedy Lamarr" not in page
    assert person_url(twin) not in page and page.count("Ada Lovelace") == 1


def test_the_list_paginates(acme):
    for number in range(30):
        CandidateFactory(tenant=acme.tenant, full_name=f"Person {number:02d}")

    first = acme.client().get("/dashboard/candidates/").content.decode()
    second = acme.client().get("/dashboard/candidates/", {"page": 2}).content.decode()

    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert first.count('scope="row"') == 25 and second.count('scope="row"') == 5


def test_the_list_query_count_does_not_grow_with_people(acme):
    for number in range(5):
        ApplicationFactory(job=JobFactory(tenant=acme.tenant), scored=True, score=number)
    client = acme.client()
    client.get("/dashboard/candidates/")  # warm the session and the company's rows

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/dashboard/candidates/").status_code == 200
        return len(context.captured_queries)

    few = queries()
    for number in range(20):
        ApplicationFactory(job=JobFactory(tenant=acme.tenant), scored=True, score=number)
    assert queries() == few


def test_blind_review_hides_names_and_refuses_a_search_as_the_api_does(acme, people):
    blind(acme)

    page = acme.client().get("/dashboard/candidates/", {"q": "ada"}).content.decode()

    assert "Ada Lovelace" not in page and "ada@example.test" not in page
    assert "Blind review is on" in page
    assert "Candidate (blind review)" in page  # the rows are still listed, unnamed


def test_an_empty_company_is_told_what_will_appear(acme):
    page = acme.client().get("/dashboard/candidates/").content.decode()
    assert "No candidates yet" in page


# -- one person ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_a_person_shows_contact_details_and_every_application(acme, people, role):
    response = acme.client(role).get(person_url(people["ada"]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ada Lovelace" in page and "ada@example.test" in page and "+4420" in page
    assert "Backend Engineer" in page and "Data Engineer" in page
    assert '<span class="score-pill">88</span>' in page and '<span class="score-pill">41</span>' in page
    can_write = role in WRITERS
    assert ("Save to the talent pool" in page) is can_write


def test_another_tenants_person_or_a_missing_one_is_404(acme, globex, people):
    client = globex.client()
    assert client.get(person_url(people["ada"])).status_code == 404
    assert client.get(f"/dashboard/candidates/{MISSING}/").status_code == 404


def test_blind_review_hides_who_the_person_is_with_the_apis_rule(acme, people):
    blind(acme)

    page = acme.client().get(person_url(people["ada"])).content.decode()

    assert "Ada Lovelace" not in page and "ada@example.test" not in page and "+4420" not in page
    assert "Backend Engineer" in page and '<span class="score-pill">88</span>' in page
    # The API hides exactly the same fields (one function, candidate_identity, serves both).
    detail = candidate_get_detail(tenant=acme.tenant, candidate_id=people["ada"].id)
    served = CandidateDetailOutput(detail, context={"blind_review": True}).data
    assert {name: served[name] for name in PERSONAL_FIELDS} == candidate_identity(detail, blind_review=True)
    assert set(candidate_identity(detail, blind_review=True).values()) == {None}


def test_an_erased_person_is_shown_as_erased(acme, people):
    Candidate.objects.filter(pk=people["grace"].pk).update(
        erased_at="2026-01-02T00:00:00Z", full_name="", email=""
    )

    page = acme.client().get(person_url(people["grace"])).content.decode()

    assert "Erased candidate" in page and "was erased" in page


# -- talent pool actions ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", WRITERS)
def test_saving_a_person_with_an_application_remembers_its_job_and_score(acme, people, role):
    response = acme.client(role).post(
        f"/dashboard/candidates/{people['ada'].id}/pool/",
        {"application": str(people["ada_backend"].id), "department": "", "note": "Great fit for platform"},
        follow=True,
    )

    entry = TalentPoolEntry.objects.get(candidate=people["ada"])
    assert (entry.department, entry.score, entry.job_id) == ("Engineering", 88, people["job"].id)
    assert entry.note == "Great fit for platform"
    assert "Saved to the talent pool." in response.content.decode()


def test_saving_without_an_application_keeps_what_was_given(acme, people):
    acme.client().post(f"/dashboard/candidates/{people['grace'].id}/pool/", {"department": "Data"})

    entry = TalentPoolEntry.objects.get(candidate=people["grace"])
    assert (entry.department, entry.score, entry.job_id) == ("Data", None, None)


def test_a_viewer_may_not_change_the_pool_or_merge(acme, people):
    viewer = acme.client(MembershipRole.VIEWER)
    ada = people["ada"]

    assert viewer.post(f"/dashboard/candidates/{ada.id}/pool/", {}).status_code == 403
    assert viewer.post(f"/dashboard/candidates/{ada.id}/pool/remove/").status_code == 403
    assert (
        viewer.post(
            f"/dashboard/candidates/{ada.id}/merge/", {"absorbed": str(people["grace"].id)}
        ).status_code
        == 403
    )
    assert viewer.post(f"/dashboard/candidates/{ada.id}/merge/undo/", {"merge": MISSING}).status_code == 403
    assert not TalentPoolEntry.objects.exists() and not CandidateMerge.objects.exists()


def test_saving_someone_already_in_the_pool_is_a_message_not_an_error_page(acme, people):
    talent_pool_add(tenant=acme.tenant, by=Actor.member(acme.owner), candidate=people["ada"])

    response = acme.client().post(f"/dashboard/candidates/{people['ada'].id}/pool/", {}, follow=True)

    assert response.status_code == 200
    assert "already in the talent pool" in response.content.decode()


def test_pool_actions_on_another_tenants_person_are_404(acme, globex, people):
    client = globex.client()
    ada = people["ada"]
    assert client.post(f"/dashboard/candidates/{ada.id}/pool/", {}).status_code == 404
    assert client.post(f"/dashboard/candidates/{ada.id}/pool/remove/").status_code == 404
    assert client.post(f"/dashboard/candidates/{ada.id}/merge/", {"absorbed": str(ada.id)}).status_code == 404


def test_saving_with_another_tenants_application_is_refused_with_a_message(acme, globex, people):
    theirs = ApplicationFactory(job=JobFactory(tenant=globex.tenant), scored=True)

    response = acme.client().post(
        f"/dashboard/candidates/{people['ada'].id}/pool/", {"application": str(theirs.id)}, follow=True
    )

    assert response.status_code == 200 and not TalentPoolEntry.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_removing_from_the_pool_goes_back_to_the_page_it_came_from(acme, people):
    talent_pool_add(tenant=acme.tenant, by=Actor.member(acme.owner), candidate=people["ada"])

    response = acme.client(MembershipRole.RECRUITER).post(
        f"/dashboard/candidates/{people['ada'].id}/pool/remove/", {"next": "/dashboard/talent-pool/?q=ada"}
    )

    assert response.status_code == 302 and response["Location"] == "/dashboard/talent-pool/?q=ada"
    assert not TalentPoolEntry.objects.exists()
    assert people["ada"].applications.count() == 2


def test_removing_someone_not_in_the_pool_is_a_message(acme, people):
    response = acme.client().post(f"/dashboard/candidates/{people['ada'].id}/pool/remove/", follow=True)
    assert response.status_code == 200 and "not in the talent pool" in response.content.decode()


def test_an_offsite_next_is_ignored(acme, people):
    talent_pool_add(tenant=acme.tenant, by=Actor.member(acme.owner), candidate=people["ada"])
    response = acme.client().post(
        f"/dashboard/candidates/{people['ada'].id}/pool/remove/", {"next": "https://evil.test/dashboard/"}
    )
    assert response["Location"] == person_url(people["ada"])


# -- merges -------------------------------------------------------------------------------------------------------
def test_a_possible_duplicate_is_offered_and_merging_moves_its_applications(acme, people):
    twin = CandidateFactory(tenant=acme.tenant, full_name="ada lovelace", email="a.lovelace@example.test")
    ApplicationFactory(job=JobFactory(tenant=acme.tenant, title="Analyst"), candidate=twin)
    client = acme.client(MembershipRole.RECRUITER)

    page = client.get(person_url(people["ada"])).content.decode()
    assert f'value="{twin.id}"' in page and "a.lovelace@example.test" in page

    response = client.post(
        f"/dashboard/candidates/{people['ada'].id}/merge/", {"absorbed": str(twin.id)}, follow=True
    )

    assert "Merged: 1 application moved" in response.content.decode()
    assert people["ada"].applications.count() == 3
    twin.refresh_from_db()
    assert twin.merged_into_id == people["ada"].id
    # The absorbed record's page says where the person is now.
    assert "was merged into" in client.get(person_url(twin)).content.decode()


def test_undoing_a_merge_moves_the_applications_back(acme, people):
    twin = CandidateFactory(tenant=acme.tenant, full_name="Ada Lovelace", email="a.lovelace@example.test")
    ApplicationFactory(job=JobFactory(tenant=acme.tenant), candidate=twin)
    merge = candidate_merge(
        tenant=acme.tenant, survivor=people["ada"], absorbed=twin, by=Actor.member(acme.owner)
    )
    client = acme.client()
    assert "Undo merge" in client.get(person_url(people["ada"])).content.decode()

    response = client.post(
        f"/dashboard/candidates/{people['ada'].id}/merge/undo/", {"merge": str(merge.id)}, follow=True
    )

    assert "Merge undone" in response.content.decode()
    assert twin.applications.count() == 1 and people["ada"].applications.count() == 2
    again = client.post(
        f"/dashboard/candidates/{people['ada'].id}/merge/undo/", {"merge": str(merge.id)}, follow=True
    )
    assert again.status_code == 200 and "notice--error" in again.content.decode()


def test_a_refused_merge_is_a_message(acme, people):
    response = acme.client().post(
        f"/dashboard/candidates/{people['ada'].id}/merge/", {"absorbed": str(people["ada"].id)}, follow=True
    )
    assert response.status_code == 200 and "cannot be merged into itself" in response.content.decode()


def test_undoing_another_tenants_merge_or_one_of_another_person_is_refused(acme, globex, people):
    ours = CandidateFactory(tenant=globex.tenant)
    twin = CandidateFactory(tenant=globex.tenant)
    theirs = candidate_merge(
        tenant=globex.tenant, survivor=ours, absorbed=twin, by=Actor.member(globex.owner)
    )

    response = acme.client().post(
        f"/dashboard/candidates/{people['ada'].id}/merge/undo/", {"merge": str(theirs.id)}, follow=True
    )

    assert "Merge not found." in response.content.decode()
    assert CandidateMerge.objects.get(pk=theirs.pk).undone_at is None


def test_duplicates_are_not_offered_under_blind_review(acme, people):
    CandidateFactory(tenant=acme.tenant, full_name="Ada Lovelace", email="a.lovelace@example.test")
    blind(acme)
    page = acme.client().get(person_url(people["ada"])).content.decode()
    assert "a.lovelace@example.test" not in page and 'name="absorbed"' not in page


# -- the talent pool page -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_pool_and_only_writers_get_remove_buttons(acme, people, role):
    talent_pool_add(
        tenant=acme.tenant,
        by=Actor.member(acme.owner),
        candidate=people["ada"],
        application=people["ada_backend"],
    )

    response = acme.client(role).get("/dashboard/talent-pool/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ada Lovelace" in page and "Engineering" in page
    assert ("pool/remove/" in page) is (role in WRITERS)


def test_the_pool_filters_by_department_and_search_with_the_apis_filter(acme, people):
    by = Actor.member(acme.owner)
    talent_pool_add(tenant=acme.tenant, by=by, candidate=people["ada"], department="Engineering")
    talent_pool_add(tenant=acme.tenant, by=by, candidate=people["grace"], department="Data")
    client = acme.client()

    engineering = client.get("/dashboard/talent-pool/", {"department": "engineering"}).content.decode()
    searched = client.get("/dashboard/talent-pool/", {"q": "grace"}).content.decode()

    assert "Ada Lovelace" in engineering and "Grace Hopper" not in engineering
    assert "Grace Hopper" in searched and "Ada Lovelace" not in searched


def test_an_empty_pool_says_how_to_fill_it(acme):
    assert "The talent pool is empty" in acme.client().get("/dashboard/talent-pool/").content.decode()


def test_the_pool_under_blind_review_hides_names_and_refuses_search(acme, people):
    talent_pool_add(tenant=acme.tenant, by=Actor.member(acme.owner), candidate=people["ada"])
    blind(acme)

    page = acme.client().get("/dashboard/talent-pool/", {"q": "ada"}).content.decode()

    assert "Ada Lovelace" not in page and "Blind review is on" in page and "Candidate (blind review)" in page


@pytest.fixture
def pooled_cvs(acme, django_capture_on_commit_callbacks):
    """Three real CVs (strong, middling, weak for Python work) parsed and scored, saved to the pool."""
    old_job = JobFactory(tenant=acme.tenant, title="Engineer (2025)", department="Engineering")
    by = Actor.member(acme.owner)
    demo = {candidate.full_name.split()[0]: candidate for candidate in DEMO_CANDIDATES}
    for name in ("Mara", "Teodor", "Ambrose"):
        person = demo[name]
        cv = read_cv_upload(SimpleUploadedFile(f"cv.{person.kind}", render_cv(person.cv_text, person.kind)))
        with django_capture_on_commit_callbacks(execute=True):
            application = application_submit(
                tenant=acme.tenant, job=old_job, by=by, cv=cv, email=person.email, full_name=person.full_name
            )
        application.refresh_from_db()
        assert application.processing_status == "SCORED", application.failure_reason
        talent_pool_add(tenant=acme.tenant, by=by, candidate=application.candidate, application=application)
    return demo


def test_suggestions_for_a_job_are_ranked_with_the_engines_reasons(acme, pooled_cvs):
    job = JobFactory(tenant=acme.tenant, title="Python Engineer", department="Engineering")

    page = (
        acme.client(MembershipRole.VIEWER)
        .get("/dashboard/talent-pool/", {"job": str(job.id)})
        .content.decode()
    )

    suggestions = page.split('class="card-list suggestions"')[1].split("</ol>")[0]
    names = [pooled_cvs[name].full_name for name in ("Mara", "Teodor", "Ambrose")]
    positions = [suggestions.index(name) for name in names]
    assert positions == sorted(positions)  # best first, as the API ranks them
    assert "chip--met" in suggestions and "chip--missing" in suggestions


def test_suggestions_for_another_tenants_job_are_not_shown(acme, globex, pooled_cvs):
    theirs = JobFactory(tenant=globex.tenant)

    response = acme.client().get("/dashboard/talent-pool/", {"job": str(theirs.id)})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Select a valid choice" in page and 'class="card-list suggestions"' not in page
