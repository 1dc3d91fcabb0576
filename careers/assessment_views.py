"""The candidate's side of assessments: the emailed link, one question per page, autosave, the finish.

The link's token is the only credential (no account needed to take an assessment): every view finds the
invitation with ``invitation_for_token`` and calls one ``attempt_*`` service. Every page works without
JavaScript (the question form saves and moves on); assessment.js adds autosave, the countdown, the
typing clock, recordings and the proctoring signals, all through the JSON endpoints below. The time is
always the server's: the page renders the remaining seconds and every save answers with them.
"""

import json
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import services
from assessments.content import questions
from assessments.marking import answered
from assessments.models import (
    AssessmentInvitation,
    AssessmentStatus,
    CompletionReason,
    SignalKind,
)
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import DomainError, NotFoundError
from hiresscope.throttling import AssessmentTakingThrottle, throttled_page, throttles_refusal

# The kinds the page may report; FAST_ANSWER and RESUMED are the server's own observations.
CLIENT_SIGNALS = (SignalKind.TAB_HIDDEN, SignalKind.WINDOW_BLUR, SignalKind.PASTE)
MAX_JSON_BODY = 64 * 1024


# -- reads for these pages (what the assessments selectors do not offer) ---------------------------------
def _plan(invitation: AssessmentInvitation) -> list[dict]:
    """Every question of the attempt in order, numbered, with its category and whether it is answered."""
    saved = {answer.question_id: answer for answer in invitation.answers.all()}
    plan = []
    for number, (category, question) in enumerate(questions(invitation.version.content), start=1):
        answer = saved.get(question["id"])
        plan.append(
            {
                "number": number,
                "id": question["id"],
                "kind": question["kind"],
                "category": category["name"],
                "question": question,
                "answer": answer,
                "answered": answer is not None
                and answered(question, answer.value, has_recording=bool(answer.recording)),
            }
        )
    return plan


def _categories(invitation: AssessmentInvitation) -> list[dict]:
    return [
        {"name": category["name"], "count": len(category["questions"])}
        for category in invitation.version.content["categories"]
    ]


def _overdue(invitation: AssessmentInvitation) -> bool:
    return (
        invitation.status == AssessmentStatus.IN_PROGRESS
        and invitation.deadline_at is not None
        and services.remaining_seconds(invitation) == 0
    )


# -- plumbing ------------------------------------------------------------------------------------------
def _link_error_page(request: HttpRequest, exc: DomainError) -> HttpResponse:
    context = {"message": exc.message, "expired": exc.status_code == 410}
    return render(request, "careers/assessment/link_error.html", context, status=exc.status_code)


def _json_error(exc: DomainError) -> JsonResponse:
    body = {"code": str(exc.code), "message": exc.message}
    if exc.fields:
        body["fields"] = exc.fields
    return JsonResponse(body, status=exc.status_code)


def taking_page(view):
    """An HTML page of the link: an unknown or expired link is a plain page with its 404 / 410."""

    @wraps(view)
    def wrapper(request, token: str, *args, **kwargs):
        refusal = throttled_page(request, AssessmentTakingThrottle(), template="careers/throttled.html")
        if refusal is not None:
            return refusal
        try:
            invitation = services.invitation_for_token(token=token)
        except DomainError as exc:
            return _link_error_page(request, exc)
        return view(request, invitation, token, *args, **kwargs)

    return wrapper


def taking_json(view):
    """A JSON endpoint of the link: every refusal is ``{"code", "message"}`` with its status."""

    @wraps(view)
    def wrapper(request, token: str, *args, **kwargs):
        wait = throttles_refusal(request, AssessmentTakingThrottle())
        if wait is not None:
            response = JsonResponse(
                {"code": "throttled", "message": "Too many requests; wait a moment."}, status=429
            )
            response["Retry-After"] = str(max(1, round(wait)))
            return response
        try:
            invitation = services.invitation_for_token(token=token)
            return view(request, invitation, *args, **kwargs)
        except DomainError as exc:
            return _json_error(exc)

    return wrapper


def _json_body(request: HttpRequest) -> dict:
    if len(request.body) > MAX_JSON_BODY:
        raise DomainError("The request body is too large.", code=ErrorCode.VALIDATION_ERROR)
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise DomainError("The body is not valid JSON.", code=ErrorCode.PARSE_ERROR) from None
    if not isinstance(body, dict):
        raise DomainError("The body must be a JSON object.", code=ErrorCode.PARSE_ERROR)
    return body


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _taking_context(invitation: AssessmentInvitation, token: str) -> dict:
    return {
        "invitation": invitation,
        "token": token,
        "company": invitation.tenant.name,
        "assessment": invitation.definition.name,
    }


# -- pages ---------------------------------------------------------------------------------------------
@require_GET
@taking_page
def assessment(request, invitation, token):
    """The start page: what is asked, for how long, the rules, and what is recorded."""
    if invitation.status == AssessmentStatus.COMPLETED:
        return redirect("careers:assessment_done", token=token)
    if _overdue(invitation):
        services.attempt_finish(invitation=invitation, reason=CompletionReason.TIME_UP)
        return redirect("careers:assessment_done", token=token)
    allowed = services.allowed_seconds(invitation)
    context = {
        **_taking_context(invitation, token),
        "allowed_minutes": round(allowed / 60),
        "base_minutes": invitation.version.time_limit_minutes,
        "extra_time_percent": invitation.extra_time_percent,
        "categories": _categories(invitation),
        "question_count": sum(c["count"] for c in _categories(invitation)),
        "in_progress": invitation.status == AssessmentStatus.IN_PROGRESS,
        "remaining_minutes": round(services.remaining_seconds(invitation) / 60),
        "has_spoken": any(q["kind"] == "SPOKEN" for _, q in questions(invitation.version.content)),
    }
    return render(request, "careers/assessment/start.html", context)


@require_POST
@taking_page
def assessment_start(request, invitation, token):
    try:
        invitation = services.attempt_start(invitation=invitation)
    except DomainError:
        return redirect("careers:assessment_done", token=token)
    plan = _plan(invitation)
    first = next((item for item in plan if not item["answered"]), plan[0])
    return redirect("careers:assessment_question", token=token, question_id=first["id"])


def _value_from_form(question: dict, data) -> object:
    """The answer the no-JS form carries, in the shape ``answer_save`` takes."""
    kind = question["kind"]
    if kind == "MULTIPLE_CHOICE":
        try:
            return [int(choice) for choice in data.getlist("choice")]
        except ValueError:
            return ["?"]  # refused by the service with its own message
    if kind == "TYPING":
        value = {"typed": data.get("typed", "")}
        for key in ("elapsedMs", "keystrokes", "corrections"):
            try:
                value[key] = int(data.get(key) or 0)
            except ValueError:
                value[key] = 0
        return value
    return data.get("value", "")


def _question_page(request, invitation, token, question_id, *, error: str = "", value=None, status=200):
    plan = _plan(invitation)
    index = next((i for i, item in enumerate(plan) if item["id"] == question_id), None)
    if index is None:
        return _link_error_page(request, NotFoundError("This assessment has no such question."))
    item = plan[index]
    question = item["question"]
    answer = item["answer"]
    if value is None and answer is not None:
        value = answer.value
    context = {
        **_taking_context(invitation, token),
        "plan": plan,
        "item": item,
        "question": question,
        "total": len(plan),
        "previous": plan[index - 1] if index > 0 else None,
        "next": plan[index + 1] if index + 1 < len(plan) else None,
        "remaining": services.remaining_seconds(invitation),
        "value": value,
        "selected": value if isinstance(value, list) else [],
        "multiple": question["kind"] == "MULTIPLE_CHOICE" and len(question.get("correct", [])) > 1,
        "typing": value if isinstance(value, dict) else {},
        "saved_at_ms": int(answer.saved_at.timestamp() * 1000) if answer and answer.saved_at else 0,
        "has_recording": bool(answer and answer.recording),
        "answered_count": sum(1 for entry in plan if entry["answered"]),
        "error": error,
    }
    return render(request, "careers/assessment/question.html", context, status=status)


@require_http_methods(["GET", "POST"])
@taking_page
def assessment_question(request, invitation, token, question_id):
    """One question. GET shows it (and notes when it was first shown); the form's POST saves it and goes
    where the button pressed says (previous, next, another question, or the finish page)."""
    if invitation.status == AssessmentStatus.INVITED:
        return redirect("careers:assessment", token=token)
    if invitation.status == AssessmentStatus.COMPLETED:
        return redirect("careers:assessment_done", token=token)
    if _overdue(invitation):
        services.attempt_finish(invitation=invitation, reason=CompletionReason.TIME_UP)
        return redirect("careers:assessment_done", token=token)
    if request.method == "GET":
        try:
            services.question_shown(invitation=invitation, question_id=question_id)
        except DomainError as exc:
            return _link_error_page(request, exc)
        return _question_page(request, invitation, token, question_id)

    plan = [(q["id"], q) for _, q in questions(invitation.version.content)]
    ids = [question_id for question_id, _ in plan]
    if question_id not in ids:
        return _link_error_page(request, NotFoundError("This assessment has no such question."))
    question = dict(plan)[question_id]
    value = None
    if question["kind"] != "SPOKEN":
        value = _value_from_form(question, request.POST)
        try:
            services.answer_save(invitation=invitation, question_id=question_id, value=value)
        except services.AttemptClosedError:
            return redirect("careers:assessment_done", token=token)
        except DomainError as exc:
            return _question_page(
                request, invitation, token, question_id, error=exc.message, value=value, status=400
            )
    action = request.POST.get("action", "")
    index = ids.index(question_id)
    if action == "finish":
        return redirect("careers:assessment_finish", token=token)
    if action == "previous" and index > 0:
        target = ids[index - 1]
    elif action == "next" and index + 1 < len(ids):
        target = ids[index + 1]
    elif action == "next":
        return redirect("careers:assessment_finish", token=token)
    elif action.startswith("goto:") and action[5:] in ids:
        target = action[5:]
    else:
        target = question_id
    return redirect("careers:assessment_question", token=token, question_id=target)


@require_http_methods(["GET", "POST"])
@taking_page
def assessment_finish(request, invitation, token):
    """GET: what is answered and what is not, before submitting. POST: submit (once; then the done page)."""
    if request.method == "POST":
        if invitation.status == AssessmentStatus.IN_PROGRESS:
            services.attempt_finish(invitation=invitation)
        return redirect("careers:assessment_done", token=token)
    if invitation.status == AssessmentStatus.INVITED:
        return redirect("careers:assessment", token=token)
    if invitation.status == AssessmentStatus.COMPLETED:
        return redirect("careers:assessment_done", token=token)
    plan = _plan(invitation)
    context = {
        **_taking_context(invitation, token),
        "plan": plan,
        "unanswered": [item for item in plan if not item["answered"]],
        "remaining": services.remaining_seconds(invitation),
    }
    return render(request, "careers/assessment/finish.html", context)


@require_GET
@taking_page
def assessment_done(request, invitation, token):
    if invitation.status == AssessmentStatus.INVITED:
        return redirect("careers:assessment", token=token)
    if _overdue(invitation):
        invitation = services.attempt_finish(invitation=invitation, reason=CompletionReason.TIME_UP)
    if invitation.status != AssessmentStatus.COMPLETED:
        return redirect("careers:assessment", token=token)
    context = {**_taking_context(invitation, token), "time_up": invitation.completion_reason == "TIME_UP"}
    return render(request, "careers/assessment/done.html", context)


# -- JSON endpoints (assessment.js) ----------------------------------------------------------------------
@require_POST
@taking_json
def assessment_save(request, invitation):
    body = _json_body(request)
    question_id = body.get("questionId")
    if not isinstance(question_id, str) or not question_id:
        raise DomainError(
            "Validation failed: questionId: required.",
            code=ErrorCode.VALIDATION_ERROR,
            fields={"questionId": ["Required."]},
        )
    services.answer_save(invitation=invitation, question_id=question_id, value=body.get("value"))
    return JsonResponse({"saved": True, "remainingSeconds": services.remaining_seconds(invitation)})


@require_POST
@taking_json
def assessment_signal(request, invitation):
    body = _json_body(request)
    kind = body.get("kind")
    if kind not in CLIENT_SIGNALS:
        raise DomainError(
            "Validation failed: kind: one of " + ", ".join(CLIENT_SIGNALS) + ".",
            code=ErrorCode.VALIDATION_ERROR,
            fields={"kind": ["One of " + ", ".join(CLIENT_SIGNALS) + "."]},
        )
    question_id = body.get("questionId") if isinstance(body.get("questionId"), str) else ""
    detail = body.get("detail") if isinstance(body.get("detail"), dict) else {}
    signal = services.signal_record(invitation=invitation, kind=kind, question_id=question_id, detail=detail)
    return JsonResponse(
        {"recorded": signal is not None, "remainingSeconds": services.remaining_seconds(invitation)}
    )


@require_POST
@taking_page
def assessment_recording(request, invitation, token, question_id):
    """A spoken answer: from the recorder (JSON answer) or the file input of the page (back to the page)."""
    upload = request.FILES.get("recording")
    try:
        if upload is None:
            raise DomainError(
                "Choose or record an audio file.",
                code=ErrorCode.VALIDATION_ERROR,
                fields={"recording": ["Required."]},
            )
        try:
            seconds = float(request.POST.get("seconds") or 0)
        except ValueError:
            seconds = 0.0
        # One byte over the limit is enough for the service to refuse it; no need to read the rest.
        data = upload.read(services.MAX_RECORDING_BYTES + 1)
        services.recording_save(invitation=invitation, question_id=question_id, data=data, seconds=seconds)
    except DomainError as exc:
        if _wants_json(request):
            return _json_error(exc)
        if exc.code == ErrorCode.ASSESSMENT_CLOSED:
            return redirect("careers:assessment_done", token=token)
        messages.error(request, exc.message)
        return redirect("careers:assessment_question", token=token, question_id=question_id)
    if _wants_json(request):
        return JsonResponse({"saved": True, "remainingSeconds": services.remaining_seconds(invitation)})
    messages.success(request, "Your recording was saved.")
    return redirect("careers:assessment_question", token=token, question_id=question_id)
