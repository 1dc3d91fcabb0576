"""Assessments, the employer's side: the library and one's own tests, the question editor, invitations
(from the assessment, from an application, from a job's ranked table), each attempt's scorecard with its
proctoring signals, and the review of written and spoken answers.

Everything goes through ``assessments.services`` and ``assessments.selectors``, the API's own: the
editor builds the new content from the current version's and hands it whole to ``definition_update``
(which makes a new version when candidates were invited to the current one). An assessment's result is
its own figure: it is shown beside the CV score, never added to it.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from assessments import selectors, services
from assessments.models import (
    AnswerMarking,
    AssessmentAnswer,
    AssessmentStatus,
    QuestionKind,
    SignalKind,
)
from candidates.selectors import application_get
from dashboard.access import DashboardView, granted
from dashboard.forms import add_domain_error
from dashboard.forms.assessments import (
    ApplicationInviteForm,
    CategoryForm,
    CreateForm,
    InviteForm,
    QuestionActionForm,
    QuestionForm,
    ReviewForm,
    RulesForm,
    content_question_action,
    content_with_category,
    content_with_question,
    content_without_category,
    find_question,
    new_key,
    question_field_map,
    question_ids,
    starter_content,
)
from dashboard.nav import next_page
from hiresscope.exceptions import DomainError, NotFoundError
from hiresscope.permissions import Perm
from jobs.selectors import job_get

SIGNAL_LABELS = dict(SignalKind.choices)
KIND_LABELS = dict(QuestionKind.choices)


# -- reads shaped for the templates -------------------------------------------------------------------------
def _definition(view: DashboardView, assessment_id):
    return selectors.definition_get(tenant=view.tenant, definition_id=assessment_id)


def _detail_url(definition_id, suffix: str = "") -> str:
    return reverse("dashboard:assessment", kwargs={"assessment_id": definition_id}) + suffix


def _edit_url(definition_id, query: str = "") -> str:
    return reverse("dashboard:assessment_edit", kwargs={"assessment_id": definition_id}) + query


def _attempt_url(invitation_id) -> str:
    return reverse("dashboard:assessment_attempt", kwargs={"attempt_id": invitation_id})


def _signal_text(signal, prompts: dict) -> dict:
    detail = signal.detail or {}
    parts = []
    if "seconds" in detail:
        parts.append(
            f"{detail['seconds']:g} s"
            + (f" (reading needs {detail['minimumSeconds']:g} s)" if "minimumSeconds" in detail else " away")
        )
    if "characters" in detail:
        parts.append(f"{detail['characters']} characters")
    return {
        "id": signal.id,
        "kind": signal.kind,
        "label": SIGNAL_LABELS.get(signal.kind, signal.kind),
        "at": signal.occurred_at,
        "question": prompts.get(signal.question_id, signal.question_id),
        "detail": ", ".join(parts),
    }


def _labelled(question: dict) -> dict:
    return {**question, "kind_label": KIND_LABELS.get(question.get("kind"), question.get("kind", ""))}


def preview(content: dict) -> list[dict]:
    """The categories and their questions as the templates show them (each kind in words)."""
    return [
        {**category, "questions": [_labelled(question) for question in category["questions"]]}
        for category in content["categories"]
    ]


def _scorecard(invitation) -> dict:
    """One attempt's result as the cards and the attempt page show it (signals prefetched)."""
    content = invitation.version.content
    prompts = {
        question["id"]: f"{question['id']}: {(question.get('prompt') or '')[:80]}"
        for category in content["categories"]
        for question in category["questions"]
    }
    signals = [_signal_text(signal, prompts) for signal in invitation.signals.all()]
    by_id = {signal["id"]: signal for signal in signals}
    reasons = [
        {**reason, "signals": [by_id[i] for i in reason.get("signalIds", []) if i in by_id]}
        for reason in invitation.red_flag_reasons or []
    ]
    categories = invitation.category_scores or []
    return {"invitation": invitation, "signals": signals, "reasons": reasons, "categories": categories}


def _review_form(answer, question, data=None) -> ReviewForm:
    return ReviewForm(data, rubric=question.get("rubric") or [], prefix=f"a{answer.pk.hex[:8]}")


def definitions_for_invite(tenant):
    """Assessments one may invite to (not archived), for the application page and the bulk invite."""
    definitions = list(selectors.definition_list(tenant=tenant, archived=False))
    if not definitions and services.library_ensure(tenant=tenant):  # a company that never opened the list
        definitions = list(selectors.definition_list(tenant=tenant, archived=False))
    return definitions


def application_context(view: DashboardView, application) -> dict:
    """The application page's part: the candidate's scorecards and the invite form."""
    if Perm.ASSESSMENTS_READ not in _granted(view):
        return {}
    cards = []
    if application.candidate_id:
        cards = [
            _scorecard(invitation)
            for invitation in selectors.candidate_scorecards(
                tenant=view.tenant, candidate_id=application.candidate_id
            )
        ]
    context = {"assessment_cards": cards}
    if Perm.ASSESSMENTS_WRITE in _granted(view) and application.candidate_id:
        context["assessment_invite_form"] = ApplicationInviteForm(
            definitions=definitions_for_invite(view.tenant)
        )
    return context


def _granted(view: DashboardView):
    return granted(view.credential)


# -- the list, a new one, one assessment ---------------------------------------------------------------------
class AssessmentListView(DashboardView):
    permissions = {"get": Perm.ASSESSMENTS_READ}

    def get(self, request: HttpRequest) -> HttpResponse:
        services.library_ensure(tenant=self.tenant)  # idempotent: one query once the library is there
        archived = request.GET.get("archived") == "1"
        context = {
            "definitions": list(selectors.definition_list(tenant=self.tenant, archived=archived)),
            "archived": archived,
            "awaiting_review": selectors.review_queue(tenant=self.tenant).count(),
        }
        return render(request, "dashboard/assessments/list.html", context)


class AssessmentCreateView(DashboardView):
    permissions = {"get": Perm.ASSESSMENTS_WRITE, "post": Perm.ASSESSMENTS_WRITE}

    def get(self, request: HttpRequest) -> HttpResponse:
        form = CreateForm(initial={"timeLimitMinutes": 20, "passThreshold": 70, "lowPassThreshold": 50})
        return render(request, "dashboard/assessments/create.html", {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CreateForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                definition = services.definition_create(
                    tenant=self.tenant,
                    by=self.actor,
                    name=data["name"],
                    description=data["description"],
                    time_limit_minutes=data["timeLimitMinutes"],
                    pass_threshold=data["passThreshold"],
                    low_pass_threshold=data["lowPassThreshold"],
                    content=starter_content(data["categoryName"]),
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, "Assessment created. Add your questions, then delete the example.")
                return redirect(_edit_url(definition.id))
        return render(request, "dashboard/assessments/create.html", {"form": form}, status=400)


class AssessmentDetailView(DashboardView):
    permissions = {"get": Perm.ASSESSMENTS_READ}

    def get(self, request: HttpRequest, assessment_id) -> HttpResponse:
        definition = _definition(self, assessment_id)
        invitations = selectors.invitation_list(tenant=self.tenant, definition_id=definition.id)
        context = {
            "definition": definition,
            "version": definition.current_version,
            "categories": preview(definition.current_version.content),
            "invitations": list(invitations[:200]),
        }
        return render(request, "dashboard/assessments/detail.html", context)


class AssessmentDuplicateView(DashboardView):
    permissions = {"post": Perm.ASSESSMENTS_WRITE}

    def post(self, request: HttpRequest, assessment_id) -> HttpResponse:
        copy = services.definition_duplicate(tenant=self.tenant, by=self.actor, definition_id=assessment_id)
        messages.success(request, f"“{copy.name}” created: a copy you can change.")
        return redirect(_detail_url(copy.id))


class AssessmentArchiveView(DashboardView):
    permissions = {"post": Perm.ASSESSMENTS_WRITE}

    def post(self, request: HttpRequest, assessment_id) -> HttpResponse:
        archived = request.POST.get("archived", "1") == "1"
        definition = services.definition_archive(
            tenant=self.tenant, by=self.actor, definition_id=assessment_id, archived=archived
        )
        messages.success(
            request,
            "Archived: it takes no new invitations; results stay." if archived else "Restored.",
        )
        return redirect(_detail_url(definition.id))


# -- editing -----------------------------------------------------------------------------------------------
def _edit_page(
    request,
    view: DashboardView,
    definition,
    *,
    rules_form=None,
    question_form=None,
    category_forms=None,
    add_category_form=None,
    status=200,
):
    content = definition.current_version.content
    if question_form is None:
        question_form = _question_form_from_query(request, content)
    forms_by_key = category_forms or {}
    categories = [
        {
            "category": {**category, "questions": [_labelled(q) for q in category["questions"]]},
            "form": forms_by_key.get(category["key"])
            or CategoryForm(
                initial={"key": category["key"], "name": category["name"], "weight": category["weight"]},
                prefix=f"c-{category['key']}",
            ),
        }
        for category in content["categories"]
    ]
    context = {
        "definition": definition,
        "version": definition.current_version,
        "content": content,
        "categories": categories,
        "rules_form": rules_form or RulesForm.for_definition(definition),
        "question_form": question_form,
        "add_category_form": add_category_form or CategoryForm(prefix="new"),
        "kinds": QuestionKind.choices,
        "kind_labels": KIND_LABELS,
        "new_version": definition.invited_count > 0,
    }
    return render(request, "dashboard/assessments/edit.html", context, status=status)


def _question_form_from_query(request, content) -> QuestionForm | None:
    """``?question=<id>`` edits one; ``?add=<KIND>&category=<key>`` starts a new one."""
    wanted = request.GET.get("question")
    if wanted:
        found = find_question(content, wanted)
        if found is None:
            return None
        category = content["categories"][found[0]]
        return QuestionForm.for_question(category["key"], category["questions"][found[1]])
    kind, category = request.GET.get("add"), request.GET.get("category")
    if kind in KIND_LABELS and any(c["key"] == category for c in content["categories"]):
        return QuestionForm(initial={"kind": kind, "category": category})
    return None


def _update(view: DashboardView, definition, **changes):
    return services.definition_update(
        tenant=view.tenant, by=view.actor, definition_id=definition.id, **changes
    )


def _saved_message(request, before, after) -> None:
    if after.current_version_id != before.current_version_id:
        messages.success(
            request, f"Saved as version {after.current_version.number}: invited candidates keep theirs."
        )
    else:
        messages.success(request, "Saved.")


class AssessmentEditView(DashboardView):
    """The rules form (GET shows the whole editor; POST saves the rules)."""

    permissions = {"get": Perm.ASSESSMENTS_WRITE, "post": Perm.ASSESSMENTS_WRITE}

    def get(self, request: HttpRequest, assessment_id) -> HttpResponse:
        return _edit_page(request, self, _definition(self, assessment_id))

    def post(self, request: HttpRequest, assessment_id) -> HttpResponse:
        definition = _definition(self, assessment_id)
        form = RulesForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                updated = _update(
                    self,
                    definition,
                    name=data["name"],
                    description=data["description"],
                    time_limit_minutes=data["timeLimitMinutes"],
                    pass_threshold=data["passThreshold"],
                    low_pass_threshold=data["lowPassThreshold"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                _saved_message(request, definition, updated)
                return redirect(_edit_url(definition.id))
        return _edit_page(request, self, definition, rules_form=form, status=400)


class AssessmentCategoryView(DashboardView):
    """Rename, reweigh, add (``key`` blank) or remove (``remove``) a category."""

    permissions = {"post": Perm.ASSESSMENTS_WRITE}

    def post(self, request: HttpRequest, assessment_id) -> HttpResponse:
        definition = _definition(self, assessment_id)
        content = definition.current_version.content
        key = request.POST.get("key", "")
        if key and request.POST.get("remove"):
            return self._save(request, definition, content_without_category(content, key=key), None, key)
        prefix = f"c-{key}" if key else "new"
        form = CategoryForm(request.POST, prefix=prefix)
        if form.is_valid():
            data = form.cleaned_data
            new = content_with_category(
                content, key=data["key"] or key, name=data["name"], weight=data["weight"]
            )
            return self._save(request, definition, new, form, key)
        return self._error_page(request, definition, form, key)

    def _save(self, request, definition, content, form, key):
        try:
            updated = _update(self, definition, content=content)
        except DomainError as exc:
            if form is None:
                messages.error(request, exc.message)
                return redirect(_edit_url(definition.id))
            add_domain_error(form, exc)
            return self._error_page(request, definition, form, key)
        _saved_message(request, definition, updated)
        return redirect(_edit_url(definition.id, "#categories"))

    def _error_page(self, request, definition, form, key):
        if key:
            return _edit_page(request, self, definition, category_forms={key: form}, status=400)
        return _edit_page(request, self, definition, add_category_form=form, status=400)


class AssessmentQuestionView(DashboardView):
    """Save one question (new, or replacing the one of the same id)."""

    permissions = {"post": Perm.ASSESSMENTS_WRITE}

    def post(self, request: HttpRequest, assessment_id) -> HttpResponse:
        definition = _definition(self, assessment_id)
        content = definition.current_version.content
        form = QuestionForm(request.POST)
        if form.is_valid():
            question_id = form.cleaned_data["question_id"]
            if not question_id or find_question(content, question_id) is None:
                question_id = new_key(f"{form.cleaned_data['kind'][:2]}-q", question_ids(content))
            try:
                new = content_with_question(
                    content,
                    category_key=form.cleaned_data["category"],
                    question=form.question(question_id=question_id),
                )
            except KeyError:
                raise NotFoundError("Category not found.") from None
            try:
                updated = _update(self, definition, content=new)
            except DomainError as exc:
                add_domain_error(
                    form,
                    exc,
                    field_map=question_field_map(exc.fields or {}, content=new, question_id=question_id),
                )
            else:
                _saved_message(request, definition, updated)
                return redirect(_edit_url(definition.id, "#categories"))
        return _edit_page(request, self, definition, question_form=form, status=400)


class AssessmentQuestionActionView(DashboardView):
    """Move a question up or down in its category, or delete it."""

    permissions = {"post": Perm.ASSESSMENTS_WRITE}

    def post(self, request: HttpRequest, assessment_id) -> HttpResponse:
        definition = _definition(self, assessment_id)
        form = QuestionActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose a question and what to do with it.")
            return redirect(_edit_url(definition.id))
        try:
            new = content_question_action(definition.current_version.content, **form.cleaned_data)
        except KeyError:
            raise NotFoundError("Question not found.") from None
        try:
            updated = _update(self, definition, content=new)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            _saved_message(request, definition, updated)
        return redirect(_edit_url(definition.id, "#categories"))


# -- invitations -------------------------------------------------------------------------------------------
def _invite_message(request, outcomes) -> None:
    created = sum(1 for outcome in outcomes if outcome.created)
    existing = len(outcomes) - created
    messages.success(request, f"{created} invited, {existing} already invited.")


class AssessmentInviteView(DashboardView):
    permissions = {"get": Perm.ASSESSMENTS_WRITE, "post": Perm.ASSESSMENTS_WRITE}

    def get(self, request: HttpRequest, assessment_id) -> HttpResponse:
        definition = _definition(self, assessment_id)
        return render(
            request, "dashboard/assessments/invite.html", {"definition": definition, "form": InviteForm()}
        )

    def post(self, request: HttpRequest, assessment_id) -> HttpResponse:
        definition = _definition(self, assessment_id)
        form = InviteForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                outcomes = services.invitations_create(
                    tenant=self.tenant,
                    by=self.actor,
                    definition_id=definition.id,
                    emails=data["emails"],
                    expires_in_days=data["expiresInDays"],
                    extra_time_percent=data["extraTimePercent"],
                )
            except DomainError as exc:
                add_domain_error(form, exc, field_map={"candidateIds": "emails"})
            else:
                _invite_message(request, outcomes)
                return redirect(_detail_url(definition.id, "#invitations"))
        context = {"definition": definition, "form": form}
        return render(request, "dashboard/assessments/invite.html", context, status=400)


def _invite_applications(request, view: DashboardView, form: ApplicationInviteForm, application_ids) -> bool:
    data = form.cleaned_data
    try:
        outcomes = services.invitations_create(
            tenant=view.tenant,
            by=view.actor,
            definition_id=data["assessment"],
            application_ids=application_ids,
            expires_in_days=data["expiresInDays"],
            extra_time_percent=data["extraTimePercent"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    _invite_message(request, outcomes)
    return True


class ApplicationAssessmentInviteView(DashboardView):
    """Invite an application's candidate to an assessment (the application page's small form)."""

    permissions = {"post": Perm.ASSESSMENTS_WRITE}

    def post(self, request: HttpRequest, application_id) -> HttpResponse:
        application = application_get(tenant=self.tenant, application_id=application_id)
        back = reverse("dashboard:application", kwargs={"application_id": application.pk}) + "#assessments"
        form = ApplicationInviteForm(request.POST, definitions=definitions_for_invite(self.tenant))
        if form.is_valid():
            _invite_applications(request, self, form, [application.pk])
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
        return redirect(back)


class JobAssessmentInviteView(DashboardView):
    """The ranked table's "Invite to an assessment": the ticked rows come here, pick the assessment, send.

    A page of its own, so the table spends no query on the list of assessments.
    """

    permissions = {"post": Perm.ASSESSMENTS_WRITE}

    def post(self, request: HttpRequest, job_id) -> HttpResponse:
        job = job_get(tenant=self.tenant, job_id=job_id)
        back = next_page(request, reverse("dashboard:job", kwargs={"job_id": job.id}))
        definitions = definitions_for_invite(self.tenant)
        form = ApplicationInviteForm(request.POST, definitions=definitions)
        choosing = "assessment" not in request.POST  # from the table: the assessment is picked here
        if (
            not choosing
            and form.is_valid()
            and form.cleaned_data["applications"]
            and _invite_applications(request, self, form, form.cleaned_data["applications"])
        ):
            return redirect(back)
        try:
            picked = form.fields["applications"].clean(request.POST.getlist("applications"))
        except ValidationError:
            picked = []
        if not picked:
            messages.error(request, "Tick at least one application first.")
            return redirect(back)
        if choosing:
            form = ApplicationInviteForm(initial={"applications": picked}, definitions=definitions)
        context = {"job": job, "form": form, "picked": picked, "back": back, "definitions": definitions}
        return render(request, "dashboard/assessments/invite_applications.html", context)


# -- attempts, answers, reviews ----------------------------------------------------------------------------
class AttemptView(DashboardView):
    permissions = {"get": Perm.ASSESSMENTS_READ}

    def get(self, request: HttpRequest, attempt_id) -> HttpResponse:
        invitation = selectors.invitation_get(tenant=self.tenant, invitation_id=attempt_id)
        return render(request, "dashboard/assessments/attempt.html", self._context(invitation))

    def _context(self, invitation, forms=None) -> dict:
        rows = []
        for row in selectors.answer_rows(invitation):
            answer = row["answer"]
            form = None
            if answer is not None and answer.marking == AnswerMarking.AWAITING_REVIEW:
                form = (forms or {}).get(answer.pk) or _review_form(answer, row["question"])
            rows.append({**row, "question": _labelled(row["question"]), "review_form": form})
        return {
            **_scorecard(invitation),
            "rows": rows,
            "completed": invitation.status == AssessmentStatus.COMPLETED,
            "kind_labels": KIND_LABELS,
            "allowed_minutes": round(services.allowed_seconds(invitation) / 60),
        }


class AttemptResendView(DashboardView):
    permissions = {"post": Perm.ASSESSMENTS_WRITE}

    def post(self, request: HttpRequest, attempt_id) -> HttpResponse:
        try:
            services.invitation_resend(tenant=self.tenant, by=self.actor, invitation_id=attempt_id)
        except NotFoundError:
            raise
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "The link was sent again; the earlier one no longer works.")
        return redirect(next_page(request, _attempt_url(attempt_id)))


def _answer(view: DashboardView, answer_id) -> AssessmentAnswer:
    return selectors.answer_get(tenant=view.tenant, answer_id=answer_id)


class AnswerReviewView(DashboardView):
    """Mark each rubric point of a written or spoken answer met or not (``services.answer_review``)."""

    permissions = {"post": Perm.ASSESSMENTS_WRITE}

    def post(self, request: HttpRequest, answer_id) -> HttpResponse:
        answer = _answer(self, answer_id)
        question = selectors.question_of(answer) or {}
        form = _review_form(answer, question, request.POST)
        back = next_page(request, _attempt_url(answer.invitation_id) + f"#answer-{answer.question_id}")
        if form.is_valid():
            try:
                services.answer_review(
                    tenant=self.tenant, by=self.actor, answer_id=answer.pk, rubric_met=form.rubric_met()
                )
            except NotFoundError:
                raise
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, "Marked; the result is updated.")
        else:
            messages.error(request, "Tick the rubric points the answer meets.")
        return redirect(back)


class AnswerRecordingView(DashboardView):
    """A spoken answer's recording, streamed to the page's audio player (this company's only)."""

    permissions = {"get": Perm.ASSESSMENTS_READ}

    def get(self, request: HttpRequest, answer_id) -> HttpResponse:
        answer = _answer(self, answer_id)
        if not answer.recording:
            raise Http404("No recording.")
        try:
            handle = answer.recording.open("rb")
        except FileNotFoundError as exc:
            raise Http404("The stored recording is missing.") from exc
        kind = answer.recording_kind or "webm"
        return FileResponse(handle, content_type=f"audio/{kind}")


class ReviewQueueView(DashboardView):
    permissions = {"get": Perm.ASSESSMENTS_READ}

    def get(self, request: HttpRequest) -> HttpResponse:
        items = []
        for answer in selectors.review_queue(tenant=self.tenant)[:100]:
            question = selectors.question_of(answer) or {}
            items.append(
                {"answer": answer, "question": _labelled(question), "form": _review_form(answer, question)}
            )
        context = {"items": items, "here": request.get_full_path(), "kind_labels": KIND_LABELS}
        return render(request, "dashboard/assessments/reviews.html", context)


urlpatterns = [
    path("assessments/", AssessmentListView.as_view(), name="assessments"),
    path("assessments/new/", AssessmentCreateView.as_view(), name="assessment_create"),
    path("assessments/reviews/", ReviewQueueView.as_view(), name="assessment_reviews"),
    path("assessments/<uuid:assessment_id>/", AssessmentDetailView.as_view(), name="assessment"),
    path("assessments/<uuid:assessment_id>/edit/", AssessmentEditView.as_view(), name="assessment_edit"),
    path(
        "assessments/<uuid:assessment_id>/edit/category/",
        AssessmentCategoryView.as_view(),
        name="assessment_category",
    ),
    path(
        "assessments/<uuid:assessment_id>/edit/question/",
        AssessmentQuestionView.as_view(),
        name="assessment_question",
    ),
    path(
        "assessments/<uuid:assessment_id>/edit/question/action/",
        AssessmentQuestionActionView.as_view(),
        name="assessment_question_action",
    ),
    path(
        "assessments/<uuid:assessment_id>/duplicate/",
        AssessmentDuplicateView.as_view(),
        name="assessment_duplicate",
    ),
    path(
        "assessments/<uuid:assessment_id>/archive/",
        AssessmentArchiveView.as_view(),
        name="assessment_archive",
    ),
    path(
        "assessments/<uuid:assessment_id>/invite/", AssessmentInviteView.as_view(), name="assessment_invite"
    ),
    path("assessments/attempts/<uuid:attempt_id>/", AttemptView.as_view(), name="assessment_attempt"),
    path(
        "assessments/attempts/<uuid:attempt_id>/resend/",
        AttemptResendView.as_view(),
        name="assessment_attempt_resend",
    ),
    path(
        "assessments/answers/<uuid:answer_id>/review/",
        AnswerReviewView.as_view(),
        name="assessment_answer_review",
    ),
    path(
        "assessments/answers/<uuid:answer_id>/recording/",
        AnswerRecordingView.as_view(),
        name="assessment_answer_recording",
    ),
    path(
        "applications/<uuid:application_id>/assessment-invite/",
        ApplicationAssessmentInviteView.as_view(),
        name="application_assessment_invite",
    ),
    path(
        "jobs/<uuid:job_id>/applications/assessment-invite/",
        JobAssessmentInviteView.as_view(),
        name="job_assessment_invite",
    ),
]
