"""Moving one application through the pipeline, shared by the ranked table, the board and the
application page: a stage change (a reason is required to reject) and a retry of a failed CV.

Both call the API's services (``application_status_change``, ``pipeline.application_retry``). A plain
form post is redirected back to ``next`` with the outcome as a message; a script (the board's drag and
drop) asks for JSON with ``Accept: application/json`` and gets ``{"ok", "status", "message"}``.
"""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import path, reverse

from candidates.models import ApplicationStatus
from candidates.pipeline import application_retry
from candidates.selectors import application_get
from candidates.services.status import application_status_change
from dashboard.access import DashboardView
from dashboard.forms import SingleLineField
from dashboard.nav import next_page
from hiresscope.exceptions import DomainError
from hiresscope.permissions import Perm


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ApplicationStatus.choices)
    reason = SingleLineField(required=False, max_length=500)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ApplicationStatus.REJECTED and not cleaned.get("reason"):
            self.add_error("reason", "Give a reason for the rejection: it stays in the history.")
        return cleaned


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _answer(request: HttpRequest, application, *, ok: bool, message: str, status: int = 200) -> HttpResponse:
    if _wants_json(request):
        body = {"ok": ok, "status": application.status, "message": message}
        return JsonResponse(body, status=status)
    (messages.success if ok else messages.error)(request, message)
    return redirect(
        next_page(request, reverse("dashboard:application", kwargs={"application_id": application.id}))
    )


class ApplicationStatusView(DashboardView):
    permissions = {"post": Perm.APPLICATIONS_WRITE}

    def post(self, request: HttpRequest, application_id) -> HttpResponse:
        application = application_get(tenant=self.tenant, application_id=application_id)
        form = StatusForm(request.POST)
        if not form.is_valid():
            message = " ".join(error for errors in form.errors.values() for error in errors)
            return _answer(request, application, ok=False, message=message, status=400)
        try:
            application = application_status_change(
                tenant=self.tenant,
                application_id=application.id,
                by=self.actor,
                to_status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            return _answer(request, application, ok=False, message=exc.message, status=exc.status_code)
        label = ApplicationStatus(application.status).label
        return _answer(request, application, ok=True, message=f"Moved to {label}.")


class ApplicationRetryView(DashboardView):
    permissions = {"post": Perm.APPLICATIONS_WRITE}

    def post(self, request: HttpRequest, application_id) -> HttpResponse:
        application = application_get(tenant=self.tenant, application_id=application_id)
        try:
            application = application_retry(application=application, by=self.actor)
        except DomainError as exc:
            return _answer(request, application, ok=False, message=exc.message, status=exc.status_code)
        return _answer(request, application, ok=True, message="The CV is queued to be read and scored again.")


urlpatterns = [
    path(
        "applications/<uuid:application_id>/status/",
        ApplicationStatusView.as_view(),
        name="application_status",
    ),
    path(
        "applications/<uuid:application_id>/retry/", ApplicationRetryView.as_view(), name="application_retry"
    ),
]
