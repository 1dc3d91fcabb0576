"""The people pages: every candidate (search), one person across all their applications (contact details
as blind review allows, merges, the talent pool), and the talent pool with its suggestions for a job.

Reads are the API's selectors (``candidate_list``, ``candidate_get_detail``, ``talent_pool_filter``,
``scoring.matching.rank_pool_for_job``); writes are its services (``talent_pool_add``,
``talent_pool_remove``, ``candidate_merge``, ``candidate_merge_undo``), under the same permissions
(``CANDIDATES_READ`` to look, ``CANDIDATES_WRITE`` to change).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from candidates.selectors import (
    application_get,
    candidate_duplicates,
    candidate_get,
    candidate_get_detail,
    candidate_identity,
    candidate_list,
    candidate_merge_get,
    candidates_by_id,
    refuse_identity_queries,
    talent_pool_entry_of_candidate,
    talent_pool_filter,
    talent_pool_list,
)
from candidates.services.people import candidate_merge, candidate_merge_undo
from candidates.services.talent_pool import talent_pool_add, talent_pool_remove
from dashboard.access import DashboardView
from dashboard.forms.people import (
    CandidateSearchForm,
    MergeForm,
    MergeUndoForm,
    PoolAddForm,
    PoolSearchForm,
    PoolSuggestForm,
)
from dashboard.nav import next_page
from hiresscope.exceptions import DomainError, NotFoundError
from hiresscope.permissions import Perm
from jobs.selectors import job_get, job_list
from scoring.matching import pool_department_for_job, rank_pool_for_job

PAGE_SIZE = 25
SUGGESTIONS_SHOWN = 20


def _page(request: HttpRequest, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _with_identity(rows, *, blind_review: bool, person=lambda row: row):
    """Pairs (row, identity): what each row may show of who the person is (blind review hides it)."""
    return [(row, candidate_identity(person(row), blind_review=blind_review)) for row in rows]


def _allowed_search(tenant, search: str, *, what: str) -> tuple[str, str]:
    """The search to run and, under blind review, why none is run (the API's 403, shown on the page)."""
    if not search:
        return "", ""
    try:
        refuse_identity_queries(tenant=tenant, query_params={"search": search}, what=what)
    except DomainError as exc:
        return "", exc.message
    return search, ""


def _candidate_url(candidate_id) -> str:
    return reverse("dashboard:candidate", kwargs={"candidate_id": candidate_id})


class CandidateListView(DashboardView):
    permissions = {"get": Perm.CANDIDATES_READ}

    def get(self, request: HttpRequest) -> HttpResponse:
        form = CandidateSearchForm(request.GET)
        search, refused = _allowed_search(
            self.tenant, form.cleaned_data["q"] if form.is_valid() else "", what="people"
        )
        page = _page(request, candidate_list(tenant=self.tenant, search=search))
        context = {
            "form": form,
            "search": search,
            "refused": refused,
            "page": page,
            "rows": _with_identity(page.object_list, blind_review=self.tenant.blind_review),
            "params": {"q": search},
        }
        template = (
            "dashboard/people/_candidate_results.html" if self.is_htmx else "dashboard/people/candidates.html"
        )
        return render(request, template, context)


class CandidateDetailView(DashboardView):
    permissions = {"get": Perm.CANDIDATES_READ}

    def get(self, request: HttpRequest, candidate_id) -> HttpResponse:
        candidate = candidate_get_detail(tenant=self.tenant, candidate_id=candidate_id)
        blind = self.tenant.blind_review
        applications = list(candidate.applications.all())
        merges = sorted(
            [*candidate.merges_received.all(), *candidate.merges_given.all()],
            key=lambda merge: (merge.created_at, str(merge.id)),
            reverse=True,
        )
        others = candidates_by_id(
            tenant=self.tenant,
            ids={merge.absorbed_id for merge in merges} | {merge.survivor_id for merge in merges},
        )
        pool_entries = list(candidate.pool_entries.all())
        live = candidate.merged_into_id is None and candidate.erased_at is None
        # Merge suggestions match on name and phone: under blind review they would say who the person is.
        duplicates = (
            candidate_duplicates(tenant=self.tenant, candidate=candidate) if live and not blind else []
        )
        context = {
            "candidate": candidate,
            "identity": candidate_identity(candidate, blind_review=blind),
            "applications": applications,
            "pool_entry": pool_entries[0] if pool_entries else None,
            "merges": [
                {
                    "merge": merge,
                    "received": merge.survivor_id == candidate.id,
                    "other": others.get(
                        merge.absorbed_id if merge.survivor_id == candidate.id else merge.survivor_id
                    ),
                }
                for merge in merges
            ],
            "live": live,
            "duplicates": _with_identity(duplicates, blind_review=blind),
            "pool_form": PoolAddForm(applications=applications),
        }
        return render(request, "dashboard/people/candidate.html", context)


class CandidatePoolAddView(DashboardView):
    permissions = {"post": Perm.CANDIDATES_WRITE}

    def post(self, request: HttpRequest, candidate_id) -> HttpResponse:
        candidate = candidate_get_detail(tenant=self.tenant, candidate_id=candidate_id)
        back = next_page(request, _candidate_url(candidate.id))
        form = PoolAddForm(request.POST, applications=list(candidate.applications.all()))
        if not form.is_valid():
            messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
            return redirect(back)
        try:
            application = None
            if form.cleaned_data["application"]:
                application = application_get(
                    tenant=self.tenant, application_id=form.cleaned_data["application"]
                )
            talent_pool_add(
                tenant=self.tenant,
                by=self.actor,
                candidate=candidate,
                application=application,
                **form.service_arguments(),
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Saved to the talent pool.")
        return redirect(back)


class CandidatePoolRemoveView(DashboardView):
    permissions = {"post": Perm.CANDIDATES_WRITE}

    def post(self, request: HttpRequest, candidate_id) -> HttpResponse:
        candidate = candidate_get(tenant=self.tenant, candidate_id=candidate_id)
        back = next_page(request, _candidate_url(candidate.id))
        try:
            talent_pool_remove(
                entry=talent_pool_entry_of_candidate(tenant=self.tenant, candidate_id=candidate.id),
                by=self.actor,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Removed from the talent pool. Their applications stay.")
        return redirect(back)


class CandidateMergeView(DashboardView):
    permissions = {"post": Perm.CANDIDATES_WRITE}

    def post(self, request: HttpRequest, candidate_id) -> HttpResponse:
        survivor = candidate_get(tenant=self.tenant, candidate_id=candidate_id)
        form = MergeForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose the record to merge into this one.")
            return redirect(_candidate_url(survivor.id))
        try:
            absorbed = candidate_get(tenant=self.tenant, candidate_id=form.cleaned_data["absorbed"])
            merge = candidate_merge(tenant=self.tenant, survivor=survivor, absorbed=absorbed, by=self.actor)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            moved = len(merge.moved_application_ids)
            messages.success(
                request,
                f"Merged: {moved} application{'s' if moved != 1 else ''} moved to this record. "
                "You can undo this below.",
            )
        return redirect(_candidate_url(survivor.id))


class CandidateMergeUndoView(DashboardView):
    permissions = {"post": Perm.CANDIDATES_WRITE}

    def post(self, request: HttpRequest, candidate_id) -> HttpResponse:
        candidate = candidate_get(tenant=self.tenant, candidate_id=candidate_id)
        form = MergeUndoForm(request.POST)
        try:
            if not form.is_valid():
                raise NotFoundError("Merge not found.")
            merge = candidate_merge_get(tenant=self.tenant, merge_id=form.cleaned_data["merge"])
            if candidate.id not in (merge.survivor_id, merge.absorbed_id):
                raise NotFoundError("Merge not found.")
            candidate_merge_undo(tenant=self.tenant, merge=merge, by=self.actor)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Merge undone: the moved applications are back on the other record.")
        return redirect(_candidate_url(candidate.id))


class TalentPoolView(DashboardView):
    permissions = {"get": Perm.CANDIDATES_READ}

    def get(self, request: HttpRequest) -> HttpResponse:
        blind = self.tenant.blind_review
        search_form = PoolSearchForm(request.GET)
        filters = search_form.cleaned_data if search_form.is_valid() else {"q": "", "department": ""}
        search, refused = _allowed_search(self.tenant, filters["q"], what="the pool")
        # The API's own narrowing, so the page and GET /talent-pool find the same people.
        entries = talent_pool_filter(tenant=self.tenant, department=filters["department"], search=search)
        page = _page(request, entries)
        pool_size = page.paginator.count if not (search or filters["department"]) else None
        if pool_size is None:
            pool_size = talent_pool_list(tenant=self.tenant).count()
        jobs = list(job_list(tenant=self.tenant).order_by("title")) if pool_size else []
        context = {
            "search_form": search_form,
            "page": page,
            "rows": _with_identity(
                page.object_list, blind_review=blind, person=lambda entry: entry.candidate
            ),
            "params": {
                "q": search,
                "department": filters["department"],
                "job": request.GET.get("job", ""),
                "suggest_department": request.GET.get("suggest_department", ""),
            },
            "filtered": bool(search or filters["department"]),
            "pool_size": pool_size,
            "refused": refused,
            **self._suggestions(request, jobs, blind),
        }
        return render(request, "dashboard/people/talent_pool.html", context)

    def _suggestions(self, request: HttpRequest, jobs: list, blind: bool) -> dict:
        """The pool ranked for the job chosen in the form (nothing until one is chosen, or with no pool)."""
        form = PoolSuggestForm(request.GET if request.GET.get("job") and jobs else None, jobs=jobs)
        if not form.is_bound or not form.is_valid():
            return {"suggest_form": form, "suggest_job": None, "suggestions": []}
        job = job_get(tenant=self.tenant, job_id=form.cleaned_data["job"])
        department = pool_department_for_job(job=job, requested=form.cleaned_data["suggest_department"])
        try:
            ranked = rank_pool_for_job(
                tenant=self.tenant, job=job, department=department, limit=SUGGESTIONS_SHOWN
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            ranked = []
        return {
            "suggest_form": form,
            "suggest_job": job,
            "suggest_department": department,
            "suggestions": [
                {
                    "suggestion": suggestion,
                    "identity": candidate_identity(suggestion.entry.candidate, blind_review=blind),
                    "matched": suggestion.must_haves("MET"),
                    "partial": suggestion.must_haves("PARTIAL"),
                    "missing": suggestion.must_haves("MISSING"),
                }
                for suggestion in ranked
            ],
        }


urlpatterns = [
    path("candidates/", CandidateListView.as_view(), name="candidates"),
    path("candidates/<uuid:candidate_id>/", CandidateDetailView.as_view(), name="candidate"),
    path("candidates/<uuid:candidate_id>/pool/", CandidatePoolAddView.as_view(), name="candidate_pool_add"),
    path(
        "candidates/<uuid:candidate_id>/pool/remove/",
        CandidatePoolRemoveView.as_view(),
        name="candidate_pool_remove",
    ),
    path("candidates/<uuid:candidate_id>/merge/", CandidateMergeView.as_view(), name="candidate_merge"),
    path(
        "candidates/<uuid:candidate_id>/merge/undo/",
        CandidateMergeUndoView.as_view(),
        name="candidate_merge_undo",
    ),
    path("talent-pool/", TalentPoolView.as_view(), name="talent_pool"),
]
