"""The one catalogue of error codes: every ``code`` an API error (or a bulk upload's per-file outcome) can carry.

Clients branch on ``code`` (people read ``message``), so a code is an interface: it is listed here with
its HTTP status and what it means for an API user, and ``docs/errors.md`` is generated from this table
(``manage.py errors_doc``; ``tests/test_error_catalogue.py`` fails when the page is stale, when source
code raises a code that is not here or with another status, and the exception handler refuses an
uncatalogued code when ``ERROR_CODES_STRICT`` is on, as in development and the tests).

``ErrorCode`` members are strings (``ErrorCode.EMAIL_TAKEN == "email_taken"``), so a raise site can
name the member and the JSON stays the same text.
"""

from enum import StrEnum


class ErrorCode(StrEnum):
    """``MEMBER = "code", HTTP status, group, meaning``; the groups order the documentation."""

    status: int
    group: str
    meaning: str

    def __new__(cls, value: str, status: int, group: str, meaning: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.status = status
        member.group = group
        member.meaning = meaning
        return member

    # One line per code, as a table reads.
    # fmt: off
    # -- the request itself (the exception handler maps DRF's and Django's errors to these) ------------
    VALIDATION_ERROR = "validation_error", 400, "request", "The body or the query failed validation; `fields` names each problem by its camelCase path."
    PARSE_ERROR = "parse_error", 400, "request", "The body is not valid JSON, or it nests deeper than 32 levels."
    BAD_REQUEST = "bad_request", 400, "request", "The request was refused as malformed or suspicious (too many form fields, say)."
    INVALID = "invalid", 400, "request", "The request cannot be carried out as sent (the generic refusal; a more precise code is preferred)."
    NOT_FOUND = "not_found", 404, "request", "No such object or endpoint, or it belongs to another tenant (the same answer on purpose)."
    METHOD_NOT_ALLOWED = "method_not_allowed", 405, "request", "The endpoint does not take this HTTP method; the `Allow` header lists those it takes."
    NOT_ACCEPTABLE = "not_acceptable", 406, "request", "The `Accept` header asks for a format the endpoint cannot produce."
    CONFLICT = "conflict", 409, "request", "The request conflicts with the current state of the resource."
    PAYLOAD_TOO_LARGE = "payload_too_large", 413, "request", "The request body is larger than the server accepts."
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type", 415, "request", "The `Content-Type` is not one this endpoint reads (JSON; multipart for uploads)."
    THROTTLED = "throttled", 429, "request", "Too many requests; wait the number of seconds in `Retry-After`."
    INTERNAL_ERROR = "internal_error", 500, "request", "Something failed on our side; it is logged under the `requestId` of the response."
    SERVICE_UNAVAILABLE = "service_unavailable", 503, "request", "The database or Redis did not answer (a restart, a failover); the request was not carried out. Send it again after the seconds in `Retry-After`."

    # -- credentials (DRF, simplejwt and our authentication classes) ----------------------------------
    NOT_AUTHENTICATED = "not_authenticated", 401, "auth", "No credential was sent: a Bearer access token or an `X-API-Key`, as the endpoint needs."
    AUTHENTICATION_FAILED = "authentication_failed", 401, "auth", "The credential was refused (on HrFlow routes: a missing key or `X-USER-EMAIL`, or an email outside the key's workspace)."
    TOKEN_NOT_VALID = "token_not_valid", 401, "auth", "The access or refresh token is invalid, expired, revoked or of the other realm (employer vs candidate)."
    BAD_AUTHORIZATION_HEADER = "bad_authorization_header", 401, "auth", "The `Authorization` header is not `Bearer <token>`."
    USER_NOT_FOUND = "user_not_found", 401, "auth", "The token's user no longer exists."
    USER_INACTIVE = "user_inactive", 401, "auth", "The token's user is deactivated."
    PASSWORD_CHANGED = "password_changed", 401, "auth", "The password changed after the token was issued; log in again."
    INVALID_API_KEY = "invalid_api_key", 401, "auth", "The API key is unknown or revoked."
    INVALID_CREDENTIALS = "invalid_credentials", 401, "auth", "Wrong email or password."
    NO_MEMBERSHIP = "no_membership", 401, "auth", "The account is not (or no longer) a member of the employer the token names."
    NO_ACCOUNT = "no_account", 401, "auth", "The candidate account behind the token no longer exists."
    INVALID_TOKEN = "invalid_token", 400, "auth", "The email-verification or password-reset link is invalid or has expired; ask for a new one."
    PERMISSION_DENIED = "permission_denied", 403, "auth", "The credential may not use this endpoint (an API key on a route for an employer's own session, say)."
    FORBIDDEN = "forbidden", 403, "auth", "The member's role does not allow this: only an owner or an admin may."
    EMAIL_TAKEN = "email_taken", 409, "auth", "An account with this email already exists."
    OPERATOR_ACCOUNT = "operator_account", 403, "auth", "The account is a HireScope operator's (staff): operators cannot join a company's team; use another account."

    # -- plans and billing ------------------------------------------------------------------------------
    PLAN_LIMIT_EXCEEDED = "plan_limit_exceeded", 403, "billing", "The plan's limit for this period is reached; `details` gives the limit, what is used and when it resets."
    FEATURE_NOT_ON_PLAN = "feature_not_on_plan", 403, "billing", "The plan does not include this feature; see `GET /billing/plans`."
    SUBSCRIPTION_INACTIVE = "subscription_inactive", 403, "billing", "The subscription has ended: the tenant is read-only until it pays or picks a plan."
    UNKNOWN_PLAN = "unknown_plan", 400, "billing", "No plan has this code."
    INVOICE_PAID = "invoice_paid", 409, "billing", "The invoice is paid; it cannot be voided."
    INVOICE_VOID = "invoice_void", 409, "billing", "The invoice is void; it cannot be paid."
    SELF_REFERRAL = "self_referral", 400, "billing", "A tenant cannot use its own referral code."
    NOT_IN_TRIAL = "not_in_trial", 409, "billing", "Only a subscription in its free trial (or expired at the trial's end) can have its trial extended (an operator's action)."

    # -- jobs ----------------------------------------------------------------------------------------------
    JOB_NOT_DELETED = "job_not_deleted", 409, "jobs", "Confirming a deletion needs a deleted job: `DELETE /jobs/:id` first."
    DELETION_ALREADY_CONFIRMED = "deletion_already_confirmed", 409, "jobs", "The job's deletion is already confirmed (`details.deletionConfirmedAt`)."

    # -- CV uploads and applications ----------------------------------------------------------------------
    FILE_TOO_LARGE = "file_too_large", 413, "applications", "The CV is over the size limit (5 MB)."
    EMPTY_FILE = "empty_file", 400, "applications", "The CV file is empty."
    UNSUPPORTED_FILE_TYPE = "unsupported_file_type", 415, "applications", "The CV's content is not PDF, DOCX, DOC or plain text (judged by the bytes, not the name)."
    EXTENSION_MISMATCH = "extension_mismatch", 415, "applications", "The file's extension contradicts its content (a .docx that is a PDF, say); rename or re-export it."
    NO_FILE_ACCEPTED = "no_file_accepted", 400, "applications", "A bulk upload where no file was accepted; `details.results` gives each file's code."
    DUPLICATE_APPLICATION = "duplicate_application", 409, "applications", "This person already applied to the job; `details.existingApplicationId` names the application."
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused", 422, "applications", "The `Idempotency-Key` was already used for a different request."
    IDEMPOTENCY_IN_PROGRESS = "idempotency_in_progress", 409, "applications", "A request with this `Idempotency-Key` is still being processed; retry shortly."
    NOT_RETRYABLE = "not_retryable", 409, "applications", "Only a FAILED application can be retried."
    INVALID_TRANSITION = "invalid_transition", 409, "applications", "The application cannot move from its status to the one asked; the message lists the allowed ones."
    BLIND_REVIEW = "blind_review", 403, "applications", "Blind review is on: the CV file, and searching or sorting by name or email, are hidden."
    REVIEW_ALREADY_REQUESTED = "review_already_requested", 409, "applications", "A review of this score is already requested and open."
    REVIEW_ALREADY_RESOLVED = "review_already_resolved", 409, "applications", "This review request is already resolved."

    # -- candidates and the talent pool ------------------------------------------------------------------
    ALREADY_IN_POOL = "already_in_pool", 409, "candidates", "The candidate is already in the talent pool."
    CANDIDATE_MERGED = "candidate_merged", 409, "candidates", "The record was merged into another one; use that one."
    CANDIDATE_ERASED = "candidate_erased", 409, "candidates", "The record was erased (the person's request or the retention policy)."
    MERGE_CONFLICT = "merge_conflict", 409, "candidates", "The two records cannot be merged as they are (one is merged already, or both applied to the same job)."
    MERGE_ALREADY_UNDONE = "merge_already_undone", 409, "candidates", "This merge was already undone (`details.undoneAt`)."

    # -- scoring and matching ---------------------------------------------------------------------------
    INVALID_RUBRIC = "invalid_rubric", 400, "scoring", "The rubric's requirements are not consistent; `fields.requirements` says why."
    INVALID_PARAMETER = "invalid_parameter", 400, "scoring", "A query parameter of an HrFlow-compatible route is missing or invalid."
    PROFILE_NOT_FOUND = "profile_not_found", 404, "scoring", "No profile has this `profile_key`."
    PROFILE_NOT_PARSED = "profile_not_parsed", 400, "scoring", "The profile's CV is not parsed yet, so it cannot be matched."

    # -- webhooks -----------------------------------------------------------------------------------------
    UNSAFE_URL = "unsafe_url", 400, "webhooks", "The URL cannot receive webhooks (not https, a private address, or not resolvable)."
    ENDPOINT_DISABLED = "endpoint_disabled", 409, "webhooks", "The endpoint is disabled; enable it before redelivering."

    # -- the team: members, roles and invitations --------------------------------------------------------
    ROLE_TOO_HIGH = "role_too_high", 403, "team", "Nobody may grant, change or remove a role above their own (an admin cannot make or remove owners)."
    LAST_OWNER = "last_owner", 409, "team", "The company would be left without an owner: transfer ownership first."
    ALREADY_MEMBER = "already_member", 409, "team", "This person is already a member of the company."
    INVITATION_PENDING = "invitation_pending", 409, "team", "This email already has a pending invitation; resend or revoke it."
    INVITATION_INVALID = "invitation_invalid", 400, "team", "The invitation link is invalid, has expired or was already used; ask for a new one."
    INVITATION_ACCEPTED = "invitation_accepted", 409, "team", "The invitation was already accepted; it cannot be resent or revoked."
    INVITATION_REVOKED = "invitation_revoked", 409, "team", "The invitation was revoked; invite the person again."

    # -- assessments ----------------------------------------------------------------------------------------
    ASSESSMENT_LINK_INVALID = "assessment_link_invalid", 404, "assessments", "The assessment link is unknown or was replaced by a newer one (each email's link ends the one before)."
    ASSESSMENT_LINK_EXPIRED = "assessment_link_expired", 410, "assessments", "The invitation expired before it was started; the employer can invite again."
    ASSESSMENT_CLOSED = "assessment_closed", 409, "assessments", "The attempt is not running (not started, already submitted, or its time is up), so it cannot change."
    ASSESSMENT_ARCHIVED = "assessment_archived", 409, "assessments", "The assessment is archived: restore it before inviting candidates."
    INVALID_RECORDING = "invalid_recording", 415, "assessments", "The spoken answer is not audio we keep (WebM, Ogg, WAV or MP4, judged by the bytes)."
    RECORDING_TOO_LARGE = "recording_too_large", 413, "assessments", "The spoken answer's recording is over 10 MB."

    # -- outcomes of one file in a bulk upload (``results[i].code``; not an error response) ---------------
    QUEUED = "queued", 202, "outcome", "The file was accepted and queued for parsing (a rejected file carries one of the codes above)."
    # fmt: on


GROUPS = {
    "request": "The request",
    "auth": "Credentials and permissions",
    "billing": "Plans and billing",
    "jobs": "Jobs",
    "applications": "CV uploads and applications",
    "candidates": "Candidates and the talent pool",
    "scoring": "Scoring and matching",
    "webhooks": "Webhooks",
    "team": "The team: members, roles and invitations",
    "assessments": "Assessments",
    "outcome": "Bulk upload: per-file outcome",
}


def catalogued(code: str) -> ErrorCode | None:
    """The catalogue entry of ``code``, or ``None`` when the code is not catalogued."""
    return ErrorCode._value2member_map_.get(code)  # type: ignore[return-value]


def markdown() -> str:
    """``docs/errors.md``: the catalogue as tables, one per group (written by ``manage.py errors_doc``)."""
    lines = [
        "# Error codes",
        "",
        "<!-- Generated from hiresscope/errors.py by `manage.py errors_doc`; do not edit by hand. -->",
        "",
        "Every error answers one envelope, "
        '`{"statusCode", "message", "error", "code", "requestId", "fields"?, "details"?}`. Branch on '
        "`code`: it is stable; `message` is for people and may change. `fields` (validation errors) maps "
        "camelCase field paths to messages; `details` carries facts a client can act on.",
        "",
        f"{len(ErrorCode)} codes.",
    ]
    for group, title in GROUPS.items():
        members = [member for member in ErrorCode if member.group == group]
        lines += ["", f"## {title}", "", "| code | status | meaning |", "| --- | --- | --- |"]
        lines += [
            f"| `{m.value}` | {m.status} | {m.meaning} |"
            for m in sorted(members, key=lambda m: (m.status, m.value))
        ]
    return "\n".join(lines) + "\n"
