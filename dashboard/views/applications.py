"""A job's applications: the ranked table (the job's main page), the board by stage, CV upload, bulk
stage changes and the CSV export.

Everything goes through the API's own pieces: the FilterSet and sort names (``candidates.filters``),
the blind-review redaction (``candidates.blind``), the bulk upload service, the CSV writer and its audit
record. Moving one application (the board's drag and drop, a card's form, the upload list's retry)
posts to the shared ``dashboard:application_status`` / ``dashboard:application_retry`` actions.
"""

from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Window
from django.db.models.functions import Rank
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from candidates.blind import redact_personal_fields
from candidates.export import application_csv_response, legacy_requirements, must_have_names
from candidates.filters import APPLICATION_ORDERING, ApplicationFilter
from candidates.models import Application, ApplicationStatus, ProcessingStatus
from candidates.selectors import job_application_list
from candidates.services.exports import applications_export_record
from candidates.services.status import application_status_change_bulk
from candidates.services.submission import application_submit_bulk
from candidates.stages import PIPELINE_ORDER, TRANSITIONS
from dashboard.access import DashboardView
from dashboard.forms import add_domain_error
from dashboard.forms.applications import (
    ORDERINGS,
    ApplicationFilterForm,
    BulkStatusForm,
    CvUploadForm,
)
from dashboard.nav import next_page
from hiresscope.exceptions import DomainError
from hiresscope.filters import order_by_names
from hiresscope.permissions import Perm
from hiresscope.throttling import client_ip
from jobs.models import Job
from jobs.selectors import job_get

PAGE_SIZE = 25
BOARD_COLUMN_LIMIT = 100
MATCHED_CHIPS, MISSING_CHIPS = 3, 2
IN_FLIGHT = (ProcessingStatus.QUEUED, ProcessingStatus.PARSING, ProcessingStatus.SCORING)
# The columns the table reads: never the parsed profile or the explanation (kilobytes a row), only the
# must-have summary kept beside the score (legacy rows read the explanation's requirements instead).
TABLE_COLUMNS = (
    *("id", "tenant_id", "job_id", "candidate_id", "status", "processing_status", "failure_reason"),
    *("score", "flags", "must_haves", "created_at"),
    *("candidate__id", "candidate__tenant_id", "candidate__full_name", "candidate__email"),
)
FLAG_LABELS = {
    "hidden_text": "Hidden text",
    "prompt_injection": "Prompt injection",
    "keyword_stuffing": "Keyword stuffing",
}


def _job(tenant, job_id) -> Job:
    job = job_get(tenant=tenant, job_id=job_id)
    job.tenant = tenant  # the header's apply link reads the tenant's slug: it is this one, no query
    return job


def _blind_label(application_id) -> str:
    """How a candidate is named under blind review: by the application, never by anything of theirs."""
    return f"Applicant {str(application_id)[:8].upper()}"


def _person(application: Application, *, blind_review: bool) -> dict:
    """The candidate's name and email as the API's list shows them (redacted by the same function)."""
    candidate = application.candidate
    data = {
        "candidate": None
        if candidate is None
        else {"id": candidate.id, "full_name": candidate.full_name, "email": candidate.email}
    }
    if blind_review:
        redact_personal_fields(data)
    person = data["candidate"] or {"full_name": None, "email": None}
    label = person["full_name"] or (
        _blind_label(application.id) if blind_review or candidate else "Reading the CV…"
    )
    return {"name": label, "email": person["email"]}


def _flags(application: Application) -> list[dict]:
    flags = []
    for flag in application.flags or []:
        code = str(flag.get("code", "")) if isinstance(flag, dict) else str(flag)
        message = str(flag.get("message", "")) if isinstance(flag, dict) else code
        flags.append(
            {"label": FLAG_LABELS.get(code, code.replace("_", " ").capitalize()), "message": message}
        )
    return flags


def _table_row(application: Application, *, blind_review: bool) -> dict:
    matched, missing = must_have_names(application.must_haves, application.requirements)
    return {
        "application": application,
        "person": _person(application, blind_review=blind_review),
        "rank": application.rank if application.score is not None else None,
        "matched": matched[:MATCHED_CHIPS],
        "missing": missing[:MISSING_CHIPS],
        "more": max(0, len(matched) - MATCHED_CHIPS) + max(0, len(missing) - MISSING_CHIPS),
        "flags": _flags(application),
    }


def _filtered(*, tenant, job: Job, form: ApplicationFilterForm):
    """The job's applications as the API's list would give them for these filters and this order."""
    applications = job_application_list(tenant=tenant, job_id=job.id)
    params = form.api_params()
    if params:
        applications = ApplicationFilter(data=params, queryset=applications).qs
    return order_by_names(applications, [form.ordering_value()], APPLICATION_ORDERING)


def _filter_form(request: HttpRequest, tenant) -> ApplicationFilterForm:
    form = ApplicationFilterForm(request.GET, blind_review=tenant.blind_review)
    form.is_valid()  # an invalid filter is shown on its field; the valid ones still apply
    return form


def _sort_links(ordering: str, *, blind_review: bool) -> dict[str, dict]:
    """Per sortable column: the ``ordering`` its header link asks for (the other direction when it is the
    current sort) and its ``aria-sort``."""
    columns = {
        "score": ("-score", "score"),
        "received": ("-createdAt", "createdAt"),
        "name": ("name", "-name"),
    }
    if blind_review:
        del columns["name"]
    links = {}
    for column, (first, second) in columns.items():
        if ordering in (first, second):
            current = "descending" if ordering.startswith("-") else "ascending"
            links[column] = {"ordering": second if ordering == first else first, "aria_sort": current}
        else:
            links[column] = {"ordering": first, "aria_sort": None}
    return links


class JobApplicationsView(DashboardView):
    """The ranked table: best score first, filters as a GET form, bulk actions on ticked rows."""

    permissions = {"get": Perm.APPLICATIONS_READ}

    def get(self, request: HttpRequest, job_id) -> HttpResponse:
        job = _job(self.tenant, job_id)
        form = _filter_form(request, self.tenant)
        applications = (
            _filtered(tenant=self.tenant, job=job, form=form)
            .only(*TABLE_COLUMNS)
            .annotate(
                requirements=legacy_requirements(),
                # The rank by score among the rows the filters leave, whatever order the table is in.
                rank=Window(Rank(), order_by=F("score").desc(nulls_last=True)),
            )
        )
        page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
        blind_review = self.tenant.blind_review
        params = {key: value for key, value in request.GET.items() if key != "page"}
        context = {
            "job": job,
            "form": form,
            "page": page,
            "rows": [_table_row(application, blind_review=blind_review) for application in page],
            "params": params,
            "ordering": form.ordering_value(),
            "sorts": _sort_links(form.ordering_value(), blind_review=blind_review),
            "ordering_label": ORDERINGS[form.ordering_value()],
            "filtered": bool(form.api_params()),
            "bulk_form": BulkStatusForm(),
            "blind_review": blind_review,
            "here": request.get_full_path(),
        }
        template = (
            "dashboard/applications/_table.html" if self.is_htmx else "dashboard/applications/table.html"
        )
        return render(request, template, context)


class JobBulkStatusView(DashboardView):
    """Shortlist, reject or move the ticked applications; each one's outcome is reported."""

    permissions = {"post": Perm.APPLICATIONS_WRITE}

    def post(self, request: HttpRequest, job_id) -> HttpResponse:
        job = _job(self.tenant, job_id)
        back = next_page(request, reverse("dashboard:job", kwargs={"job_id": job.id}))
        form = BulkStatusForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(back)
        to_status = form.cleaned_data["to_status"]
        try:
            outcomes = application_status_change_bulk(
                tenant=self.tenant,
                job_id=job.id,
                application_ids=form.cleaned_data["applications"],
                by=self.actor,
                to_status=to_status,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(back)
        moved = sum(1 for outcome in outcomes if outcome["ok"])
        refused = [outcome["message"] for outcome in outcomes if not outcome["ok"]]
        label = ApplicationStatus(to_status).label
        if moved:
            messages.success(request, f"{moved} application{'s' if moved != 1 else ''} moved to {label}.")
        if refused:
            # The refusals are usually the same few sentences (a hire cannot be shortlisted): each once.
            reasons = " ".join(dict.fromkeys(refused))
            messages.error(request, f"{len(refused)} not moved: {reasons}")
        return redirect(back)


class JobExportView(DashboardView):
    """The table's rows (every page, the current filters and order) as the API's CSV, audited."""

    permissions = {"get": Perm.APPLICATIONS_EXPORT}

    def get(self, request: HttpRequest, job_id) -> HttpResponse:
        job = _job(self.tenant, job_id)
        form = _filter_form(request, self.tenant)
        applications = _filtered(tenant=self.tenant, job=job, form=form)
        applications_export_record(
            tenant=self.tenant,
            by=self.actor,
            job=job,
            filters={**form.api_params(), "ordering": form.ordering_value()},
            ip=client_ip(request),
        )
        return application_csv_response(
            applications=applications, job=job, blind_review=self.tenant.blind_review
        )


class JobBoardView(DashboardView):
    """The board: one column per stage, cards best score first; drag and drop moves them."""

    permissions = {"get": Perm.APPLICATIONS_READ}

    def get(self, request: HttpRequest, job_id) -> HttpResponse:
        job = _job(self.tenant, job_id)
        blind_review = self.tenant.blind_review
        applications = job_application_list(tenant=self.tenant, job_id=job.id)
        totals = dict(
            applications.order_by()
            .values_list("status")
            .annotate(total=Count("pk"))
            .values_list("status", "total")
        )
        columns = []
        for stage in PIPELINE_ORDER:
            # One small query per column, capped: a column of thousands of NEW CVs stays a fast page.
            cards = (
                applications.filter(status=stage)
                .only(*TABLE_COLUMNS)
                .order_by(F("score").desc(nulls_last=True), "-created_at", "pk")[:BOARD_COLUMN_LIMIT]
            )
            columns.append(
                {
                    "stage": stage,
                    "label": ApplicationStatus(stage).label,
                    "total": totals.get(stage, 0),
                    "cards": [
                        {
                            "application": application,
                            "person": _person(application, blind_review=blind_review),
                            "moves": [(to, ApplicationStatus(to).label) for to in TRANSITIONS[stage]],
                        }
                        for application in cards
                    ],
                }
            )
        context = {
            "job": job,
            "columns": columns,
            "column_limit": BOARD_COLUMN_LIMIT,
            "transitions": {stage: list(targets) for stage, targets in TRANSITIONS.items()},
            "labels": {stage: ApplicationStatus(stage).label for stage in PIPELINE_ORDER},
            "here": request.get_full_path(),
        }
        return render(request, "dashboard/applications/board.html", context)


def _upload_rows(*, tenant, job: Job, application_ids: list) -> list[Application]:
    """The uploaded CVs' applications, in upload order, with what the list shows of each."""
    found = {
        application.id: application
        for application in job_application_list(tenant=tenant, job_id=job.id)
        .filter(pk__in=application_ids)
        .only(*TABLE_COLUMNS, "cv_filename")
    }
    return [found[application_id] for application_id in application_ids if application_id in found]


def _uuid_list(values: list[str]) -> list[UUID]:
    ids = []
    for value in values[:100]:
        try:
            ids.append(UUID(value))
        except ValueError:
            continue
    return list(dict.fromkeys(ids))


def _filename(application: Application, *, blind_review: bool) -> str | None:
    data = {"cv_filename": application.cv_filename}
    if blind_review:
        redact_personal_fields(data)  # a file is often named after its person: hidden as the API hides it
    return data["cv_filename"]


def _upload_context(*, tenant, job: Job, accepted_ids: list, refused: list[dict]) -> dict:
    applications = _upload_rows(tenant=tenant, job=job, application_ids=accepted_ids)
    blind_review = tenant.blind_review
    return {
        "job": job,
        "refused": refused,
        "uploads": [
            {
                "application": application,
                "filename": _filename(application, blind_review=blind_review),
                "person": _person(application, blind_review=blind_review),
            }
            for application in applications
        ],
        "in_flight": any(application.processing_status in IN_FLIGHT for application in applications),
        "status_query": "&".join(f"ids={application.id}" for application in applications),
        "upload_url": reverse("dashboard:job_upload", kwargs={"job_id": job.id}),
    }


class JobUploadView(DashboardView):
    """Drop or choose 1 to 50 CVs; each file's outcome is listed and follows its parse and score live."""

    permissions = {"get": Perm.APPLICATIONS_WRITE, "post": Perm.APPLICATIONS_WRITE}

    def get(self, request: HttpRequest, job_id) -> HttpResponse:
        job = _job(self.tenant, job_id)
        # ``?ids=`` shows the list of an earlier upload (where a retry without JavaScript returns).
        context = _upload_context(
            tenant=self.tenant, job=job, accepted_ids=_uuid_list(request.GET.getlist("ids")), refused=[]
        )
        return render(request, "dashboard/applications/upload.html", {**context, "form": CvUploadForm()})

    def post(self, request: HttpRequest, job_id) -> HttpResponse:
        job = _job(self.tenant, job_id)
        form = CvUploadForm(request.POST, request.FILES)
        outcomes = []
        if form.is_valid():
            try:
                outcomes = application_submit_bulk(
                    tenant=self.tenant,
                    job=job,
                    by=self.actor,
                    uploads=form.cleaned_data["files"],
                    contacts=[],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
        accepted = [outcome["application_id"] for outcome in outcomes if outcome["accepted"]]
        refused = [outcome for outcome in outcomes if not outcome["accepted"]]
        context = {
            **_upload_context(tenant=self.tenant, job=job, accepted_ids=accepted, refused=refused),
            "form": form if form.errors else CvUploadForm(),
            "submitted": len(outcomes),
        }
        if self.is_htmx:
            # htmx swaps only 2xx answers: a refusal is a 200 fragment saying so, in place of the results.
            return render(
                request, "dashboard/applications/_upload_results.html", {**context, "fragment": True}
            )
        status = 400 if form.errors or (outcomes and not accepted) else 200
        return render(request, "dashboard/applications/upload.html", context, status=status)


class JobUploadStatusView(DashboardView):
    """The uploaded CVs' list alone, polled by htmx while any is still queued, parsing or scoring."""

    permissions = {"get": Perm.APPLICATIONS_WRITE}  # a part of the upload page, for who may upload

    def get(self, request: HttpRequest, job_id) -> HttpResponse:
        job = _job(self.tenant, job_id)
        if not self.is_htmx:  # opened as a page (a bookmark, a new tab): the upload page with the same list
            return redirect(
                f"{reverse('dashboard:job_upload', kwargs={'job_id': job.id})}?{request.GET.urlencode()}"
            )
        context = _upload_context(
            tenant=self.tenant, job=job, accepted_ids=_uuid_list(request.GET.getlist("ids")), refused=[]
        )
        return render(request, "dashboard/applications/_upload_list.html", context)


urlpatterns = [
    path("jobs/<uuid:job_id>/", JobApplicationsView.as_view(), name="job"),
    path("jobs/<uuid:job_id>/board/", JobBoardView.as_view(), name="job_board"),
    path("jobs/<uuid:job_id>/upload/", JobUploadView.as_view(), name="job_upload"),
    path("jobs/<uuid:job_id>/upload/status/", JobUploadStatusView.as_view(), name="job_upload_status"),
    path("jobs/<uuid:job_id>/applications/bulk/", JobBulkStatusView.as_view(), name="job_bulk_status"),
    path("jobs/<uuid:job_id>/applications/export.csv", JobExportView.as_view(), name="job_export"),
]
