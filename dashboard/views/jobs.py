"""The jobs pages: the list with each job's pipeline, posting and editing a job beside the optimizer's
findings, its rubric with a live preview of how the best applications would move, publishing and closing,
and deleting with the talent-pool step.

Every write goes through the services the API calls: ``scoring.job_editing`` for a job (its rubric and
review follow), ``scoring.services.rubric_override``/``rubric_reset`` for the rubric,
``jobs.services.job_soft_delete`` and ``candidates.services.talent_pool.job_deletion_confirm`` for a
deletion. Reads need ``Perm.JOBS_READ``, writes ``Perm.JOBS_WRITE``, as ``jobs.api``/``scoring.api`` declare.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from candidates.models import ApplicationStatus
from candidates.selectors import job_pipeline_figures, talent_pool_eligible_for_job, talent_pool_min_score
from candidates.services.talent_pool import job_deletion_confirm
from dashboard.access import DashboardView, can_map
from dashboard.forms import add_domain_error
from dashboard.forms.jobs import (
    JobFilterForm,
    JobForm,
    JobStatusForm,
    RubricFormSet,
    RubricReadOnlyFormSet,
    TalentPoolChoiceForm,
    rubric_initial,
)
from hiresscope.exceptions import DomainError
from hiresscope.permissions import Perm
from jobs.models import Job, JobStatus
from jobs.selectors import job_deletions_pending, job_get, job_get_with_deleted, job_list
from jobs.services import job_soft_delete
from scoring import job_editing
from scoring import services as scoring_services
from scoring.preview import rubric_preview
from scoring.selectors import job_review_latest, rescore_run_latest

PAGE_SIZE = 25
READ = {"get": Perm.JOBS_READ}
WRITE = {"post": Perm.JOBS_WRITE}
READ_WRITE = {**READ, **WRITE}
# The API's camelCase field names in a service's refusal -> the form's fields.
JOB_FIELD_MAP = {
    "salaryMin": "salary_min",
    "salaryMax": "salary_max",
    "salaryCurrency": "salary_currency",
    "minYearsExperience": "min_years_experience",
}
STATUS_DONE = {
    JobStatus.ACTIVE: "Published: the job takes applications.",
    JobStatus.CLOSED: "Closed: the job takes no more applications.",
    JobStatus.DRAFT: "Back to draft.",
}


class JobViewMixin:
    def job(self, job_id) -> Job:
        return job_get(tenant=self.tenant, job_id=job_id)

    def writable(self) -> bool:
        return can_map(self.credential)["jobs_write"]


class JobListView(JobViewMixin, DashboardView):
    """``/dashboard/jobs/``: the jobs with status, applications per stage, best score and age."""

    permissions = READ

    def get(self, request: HttpRequest) -> HttpResponse:
        filters = JobFilterForm(request.GET)
        wanted = filters.cleaned_data if filters.is_valid() else {}
        status, search = wanted.get("status", ""), wanted.get("q", "")
        jobs = job_list(tenant=self.tenant, status=status, search=search).order_by("-created_at", "pk")
        page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
        figures = job_pipeline_figures(tenant=self.tenant, job_ids=[job.id for job in page])
        for job in page:
            job.figures = figures.get(job.id, {"total": 0, "best_score": None, "stages": {}})
            job.stage_counts = [job.figures["stages"].get(value, 0) for value in ApplicationStatus.values]
        filtered = bool(status or search)
        context = {
            "page": page,
            "filters": filters,
            "params": {"status": status, "q": search},
            "filtered": filtered,
            # Only an empty page asks whether the company has any job at all (the "first job" invitation).
            "has_jobs": bool(page.object_list) or (filtered and job_list(tenant=self.tenant).exists()),
            "stages": ApplicationStatus.choices,
        }
        if not self.is_htmx and self.writable():
            # A deletion left half-way (the talent pool not chosen) is offered again, not forgotten.
            context["pending_deletions"] = list(
                job_deletions_pending(tenant=self.tenant).order_by("-deleted_at")[:5]
            )
        template = "dashboard/jobs/_table.html" if self.is_htmx else "dashboard/jobs/list.html"
        return render(request, template, context)


class JobCreateView(DashboardView):
    """``/dashboard/jobs/new/``: post a job; the rubric is extracted and the description reviewed on save."""

    permissions = {"get": Perm.JOBS_WRITE, "post": Perm.JOBS_WRITE}

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(JobForm(review_url=reverse("dashboard:job_review_draft")))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = JobForm(request.POST, review_url=reverse("dashboard:job_review_draft"))
        if "check" in request.POST:  # the no-JavaScript way to see the findings: nothing is saved
            form.is_valid()
            return self.page(form, review=scoring_services.job_review_draft(fields=form.draft()))
        if form.is_valid():
            try:
                job = job_editing.job_create(tenant=self.tenant, by=self.actor, **form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc, field_map=JOB_FIELD_MAP)
            else:
                messages.success(
                    request, f"“{job.title}” is saved. Check the requirements read from it below."
                )
                return redirect("dashboard:job_edit", job_id=job.id)
        return self.page(form, status=400)

    def page(self, form: JobForm, *, review: dict | None = None, status: int = 200) -> HttpResponse:
        context = {"form": form, "review": review, "review_is_draft": review is not None, "writable": True}
        return render(self.request, "dashboard/jobs/create.html", context, status=status)


def edit_page(view, job: Job, *, status: int = 200, **parts) -> HttpResponse:
    """The job-and-rubric page; ``parts`` replace what a plain visit shows (a bound form, a draft review,
    a draft rubric with its preview), so each action re-renders it with its own answer."""
    writable = view.writable()
    rubric = scoring_services.rubric_get(job=job)
    review_url = reverse("dashboard:job_review_draft") if writable else ""
    form = parts.get("form") or JobForm(job=job, review_url=review_url)
    formset_class = RubricFormSet if writable else RubricReadOnlyFormSet
    formset = parts.get("formset") or formset_class(initial=rubric_initial(rubric.rubric), prefix="rubric")
    if not writable:  # shown as it is, nothing to submit
        for each in [form, *formset.forms]:
            for field in each.fields.values():
                field.disabled = True
    latest = job_review_latest(job=job)
    context = {
        "job": job,
        "form": form,
        "formset": formset,
        "rubric": rubric,
        "latest_rescore": rescore_run_latest(job=job),
        "review": parts.get("review") or (latest.report if latest else None),
        "review_is_draft": "review" in parts,
        "preview": parts.get("preview"),
        "preview_error": parts.get("preview_error"),
        "writable": writable,
        "blind": view.tenant.blind_review,
        "status_actions": status_actions(job),
    }
    return render(view.request, "dashboard/jobs/edit.html", context, status=status)


def status_actions(job: Job) -> list[tuple[str, str, str]]:
    """(target status, button label, button style) the job can move to from where it is."""
    return {
        JobStatus.DRAFT: [(JobStatus.ACTIVE, "Publish", "")],
        JobStatus.ACTIVE: [(JobStatus.CLOSED, "Close", "button--secondary")],
        JobStatus.CLOSED: [
            (JobStatus.ACTIVE, "Reopen", ""),
            (JobStatus.DRAFT, "Back to draft", "button--secondary"),
        ],
    }[job.status]


class JobEditView(JobViewMixin, DashboardView):
    """``/dashboard/jobs/<id>/edit/``: the job's fields beside the optimizer's findings, and its rubric."""

    permissions = READ_WRITE

    def get(self, request: HttpRequest, job_id) -> HttpResponse:
        return edit_page(self, self.job(job_id))

    def post(self, request: HttpRequest, job_id) -> HttpResponse:
        job = self.job(job_id)
        form = JobForm(request.POST, job=job, review_url=reverse("dashboard:job_review_draft"))
        if "check" in request.POST:
            form.is_valid()
            return edit_page(
                self, job, form=form, review=scoring_services.job_review_draft(fields=form.draft())
            )
        if form.is_valid():
            changes = form.changes(job)
            if not changes:  # no write, no event, no review: the page was saved as it was shown
                messages.info(request, "Nothing changed.")
                return redirect("dashboard:job_edit", job_id=job.id)
            try:
                job_editing.job_update(job=job, by=self.actor, **changes)
            except DomainError as exc:
                add_domain_error(form, exc, field_map=JOB_FIELD_MAP)
            else:
                messages.success(request, "Saved.")
                return redirect("dashboard:job_edit", job_id=job.id)
        return edit_page(self, self.job(job_id), form=form, status=400)


class JobReviewDraftView(DashboardView):
    """The optimizer's findings for the description being typed (htmx, as it changes); nothing is saved."""

    permissions = WRITE

    def post(self, request: HttpRequest) -> HttpResponse:
        form = JobForm(request.POST)
        form.is_valid()
        review = scoring_services.job_review_draft(fields=form.draft())
        return render(request, "dashboard/jobs/_review.html", {"review": review, "review_is_draft": True})


def posted_rubric(request: HttpRequest) -> tuple[RubricFormSet, dict | None]:
    formset = RubricFormSet(request.POST, prefix="rubric")
    return formset, (formset.rubric() if formset.is_valid() else None)


class JobRubricView(JobViewMixin, DashboardView):
    """Save the rubric (``PUT /jobs/:id/rubric``'s service) or, with ``action=preview``, only preview it."""

    permissions = WRITE

    def post(self, request: HttpRequest, job_id) -> HttpResponse:
        job = self.job(job_id)
        formset, rubric = posted_rubric(request)
        if rubric is None:
            return edit_page(self, job, formset=formset, status=400)
        try:
            if request.POST.get("action") == "preview":
                rows = rubric_preview(tenant=self.tenant, job=job, rubric_data=rubric)
                return edit_page(self, job, formset=formset, preview=rows)
            saved = scoring_services.rubric_override(job=job, rubric=rubric, by=self.actor)
        except DomainError as exc:
            return edit_page(self, job, formset=formset, preview_error=exc.message, status=400)
        messages.success(
            request, f"Rubric saved (version {saved.version}); the applications are being re-scored."
        )
        return redirect(reverse("dashboard:job_edit", kwargs={"job_id": job.id}) + "#rubric")


class JobRubricPreviewView(JobViewMixin, DashboardView):
    """The live preview (htmx, as the rubric form changes): old rank and score → new, nothing saved."""

    permissions = WRITE

    def post(self, request: HttpRequest, job_id) -> HttpResponse:
        job = self.job(job_id)
        formset, rubric = posted_rubric(request)
        context = {"job": job, "blind": self.tenant.blind_review, "preview": None, "preview_error": None}
        if rubric is None:
            context["preview_error"] = "Fix the rubric's highlighted rows to see a preview."
        else:
            try:
                context["preview"] = rubric_preview(tenant=self.tenant, job=job, rubric_data=rubric)
            except DomainError as exc:
                context["preview_error"] = exc.message
        if not self.is_htmx:
            return edit_page(
                self, job, formset=formset, **{k: context[k] for k in ("preview", "preview_error")}
            )
        return render(request, "dashboard/jobs/_rubric_preview.html", context)


class JobRubricResetView(JobViewMixin, DashboardView):
    """Drop the employer's rubric: back to the one read from the job (``DELETE /jobs/:id/rubric``)."""

    permissions = WRITE

    def post(self, request: HttpRequest, job_id) -> HttpResponse:
        job = self.job(job_id)
        try:
            scoring_services.rubric_reset(job=job, by=self.actor)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "The rubric is read from the job again.")
        return redirect(reverse("dashboard:job_edit", kwargs={"job_id": job.id}) + "#rubric")


class JobStatusView(JobViewMixin, DashboardView):
    """Publish, close, reopen: the status change ``PATCH /jobs/:id`` makes (plan limits held)."""

    permissions = WRITE

    def post(self, request: HttpRequest, job_id) -> HttpResponse:
        job = self.job(job_id)
        form = JobStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose draft, active or closed.")
        else:
            try:
                job_editing.job_update(job=job, by=self.actor, status=form.cleaned_data["status"])
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, STATUS_DONE[form.cleaned_data["status"]])
        return redirect("dashboard:job_edit", job_id=job.id)


class JobDeleteView(JobViewMixin, DashboardView):
    """Soft-delete the job (``DELETE /jobs/:id``), then the talent-pool step confirms it."""

    permissions = WRITE

    def post(self, request: HttpRequest, job_id) -> HttpResponse:
        job = job_soft_delete(job=self.job(job_id), by=self.actor)
        return redirect("dashboard:job_delete_confirm", job_id=job.id)


class JobDeleteConfirmView(DashboardView):
    """The talent-pool step of a deletion: the candidates worth keeping, the ones chosen saved, and the
    deletion confirmed (``POST /jobs/:id/confirm-delete``)."""

    permissions = {"get": Perm.JOBS_WRITE, "post": Perm.JOBS_WRITE}

    def deleted_job(self, job_id) -> Job | None:
        """The tenant's job, deleted or not (this step is for deleted ones; :meth:`elsewhere` sends the rest on)."""
        return job_get_with_deleted(tenant=self.tenant, job_id=job_id)

    def elsewhere(self, job: Job) -> HttpResponse | None:
        if job.deleted_at is None:
            return redirect("dashboard:job_edit", job_id=job.id)
        if job.deletion_confirmed_at is not None:
            messages.info(self.request, f"The deletion of “{job.title}” was already confirmed.")
            return redirect("dashboard:jobs")
        return None

    def get(self, request: HttpRequest, job_id) -> HttpResponse:
        job = self.deleted_job(job_id)
        offered = talent_pool_eligible_for_job(job=job)
        chosen = [str(row["candidate_id"]) for row in offered]  # everyone offered is ticked to start with
        return self.elsewhere(job) or self.page(
            job, offered, TalentPoolChoiceForm(offered=offered, initial={"candidate_ids": chosen})
        )

    def post(self, request: HttpRequest, job_id) -> HttpResponse:
        job = self.deleted_job(job_id)
        if (away := self.elsewhere(job)) is not None:
            return away
        offered = talent_pool_eligible_for_job(job=job)
        form = TalentPoolChoiceForm(request.POST, offered=offered)
        if form.is_valid():
            try:
                job, saved, already = job_deletion_confirm(
                    tenant=self.tenant,
                    job=job,
                    by=self.actor,
                    candidate_ids=form.cleaned_data["candidate_ids"],
                )
            except DomainError as exc:
                add_domain_error(form, exc, field_map={"candidateIds": "candidate_ids"})
            else:
                kept = len(saved) + len(already)
                messages.success(
                    request,
                    f"“{job.title}” is deleted; {kept} candidate{'s' if kept != 1 else ''} kept in the talent pool.",
                )
                return redirect("dashboard:jobs")
        return self.page(job, offered, form, status=400)

    def page(self, job: Job, offered: list[dict], form, *, status: int = 200) -> HttpResponse:
        chosen = set(form["candidate_ids"].value() or [])
        context = {
            "job": job,
            "offered": [{**row, "chosen": str(row["candidate_id"]) in chosen} for row in offered],
            "form": form,
            "min_score": talent_pool_min_score(),
            "blind": self.tenant.blind_review,
        }
        return render(self.request, "dashboard/jobs/delete_confirm.html", context, status=status)


urlpatterns = [
    path("jobs/", JobListView.as_view(), name="jobs"),
    path("jobs/new/", JobCreateView.as_view(), name="job_create"),
    path("jobs/review/", JobReviewDraftView.as_view(), name="job_review_draft"),
    path("jobs/<uuid:job_id>/edit/", JobEditView.as_view(), name="job_edit"),
    path("jobs/<uuid:job_id>/status/", JobStatusView.as_view(), name="job_status"),
    path("jobs/<uuid:job_id>/rubric/", JobRubricView.as_view(), name="job_rubric"),
    path("jobs/<uuid:job_id>/rubric/preview/", JobRubricPreviewView.as_view(), name="job_rubric_preview"),
    path("jobs/<uuid:job_id>/rubric/reset/", JobRubricResetView.as_view(), name="job_rubric_reset"),
    path("jobs/<uuid:job_id>/delete/", JobDeleteView.as_view(), name="job_delete"),
    path("jobs/<uuid:job_id>/delete/talent-pool/", JobDeleteConfirmView.as_view(), name="job_delete_confirm"),
]
