"""One error envelope for every error under ``/api/``.

``{"statusCode": 404, "message": "Job not found.", "error": "Not Found", "code": "not_found",
"requestId": "…", "fields": {...}, "details": {...}}``: ``statusCode``/``message``/``error`` are the
HIRESSCOPE seed's envelope; ``code`` is machine readable (clients branch on it, people read ``message``);
``fields`` is present on validation errors only; ``details`` carries facts a client can act on (the
existing application's id on a duplicate, say). DRF errors, Django errors and our own :class:`DomainError` all pass
through :func:`error_body`, so the shape cannot drift between layers. Every ``code`` is one of
:class:`hiresscope.errors.ErrorCode` (``docs/errors.md``); with ``ERROR_CODES_STRICT`` (development,
tests) an uncatalogued code, or a catalogued one with another status, raises instead of answering.
"""

import logging
import sys
from http import HTTPStatus
from typing import Any

import redis
from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response

from hiresscope.casing import camel_key
from hiresscope.errors import ErrorCode, catalogued
from hiresscope.middleware import current_request_id

logger = logging.getLogger("hiresscope.errors")


class DomainError(Exception):
    """A failure a client can act on, raised by services and rendered as the envelope."""

    status_code = 400
    code: str = ErrorCode.INVALID

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status_code: int | None = None,
        fields: dict[str, list[str]] | None = None,
        details: dict[str, Any] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.code = code or self.code
        self.status_code = status_code or self.status_code
        self.fields = fields
        self.details = details


class NotFoundError(DomainError):
    status_code = 404
    code = ErrorCode.NOT_FOUND


class ConflictError(DomainError):
    status_code = 409
    code = ErrorCode.CONFLICT


class PayloadTooLargeError(DomainError):
    status_code = 413
    code = ErrorCode.PAYLOAD_TOO_LARGE


class UnsupportedMediaTypeError(DomainError):
    status_code = 415
    code = ErrorCode.UNSUPPORTED_MEDIA_TYPE


def error_body(
    status_code: int,
    message: str,
    *,
    code: str,
    fields: dict[str, list[str]] | None = None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    _check_catalogued(status_code, code)
    body: dict[str, Any] = {
        "statusCode": status_code,
        "message": message,
        "error": HTTPStatus(status_code).phrase,
        "code": str(code),
        "requestId": current_request_id.get(),
    }
    if fields:
        body["fields"] = fields
    if details:
        body["details"] = details
    return body


class UncataloguedErrorCode(AssertionError):
    """An error code missing from ``hiresscope.errors`` (or with another status): a bug, loud in tests."""


def _check_catalogued(status_code: int, code: str) -> None:
    entry = catalogued(code)
    if entry is not None and entry.status == status_code:
        return
    problem = (
        f"error code {code!r} is not in hiresscope.errors.ErrorCode"
        if entry is None
        else f"error code {code!r} is catalogued with status {entry.status}, answered with {status_code}"
    )
    if getattr(settings, "ERROR_CODES_STRICT", False):
        raise UncataloguedErrorCode(problem + ": add it there (and run manage.py errors_doc)")
    logger.error("%s; answering it anyway", problem)


def _flatten_validation(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into ``{"fieldPath": ["message", ...]}`` with camelCase paths."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = "non_field_errors" if key in ("non_field_errors", "__all__") else str(key)
            path = f"{prefix}.{camel_key(name)}" if prefix else camel_key(name)
            flat.update(_flatten_validation(value, path))
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return {prefix or "nonFieldErrors": [str(item) for item in detail]}
        flat = {}
        for index, item in enumerate(detail):
            flat.update(_flatten_validation(item, f"{prefix}[{index}]"))
        return flat
    return {prefix or "nonFieldErrors": [str(detail)]}


def _validation_message(fields: dict[str, list[str]]) -> str:
    parts = [
        f"{name}: {messages[0]}" if name != "nonFieldErrors" else messages[0]
        for name, messages in fields.items()
    ]
    return "Validation failed: " + "; ".join(parts)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's ``EXCEPTION_HANDLER``: every exception raised in an API view becomes the envelope."""
    # Imported here: authentication classes import this module while rest_framework.views initialises.
    from rest_framework.views import set_rollback

    headers: dict[str, str] = {}
    fields = details = None
    if isinstance(exc, DomainError):
        status_code, message, code, fields, details = (
            exc.status_code,
            exc.message,
            exc.code,
            exc.fields,
            exc.details,
        )
    elif isinstance(exc, Http404):
        status_code, message, code = 404, str(exc) or "Not found.", ErrorCode.NOT_FOUND
    elif isinstance(exc, PermissionDenied):
        status_code, message, code = (
            403,
            str(exc) or "You do not have permission.",
            ErrorCode.PERMISSION_DENIED,
        )
    elif isinstance(exc, RequestDataTooBig):
        status_code, message, code = 413, "Request body too large.", ErrorCode.PAYLOAD_TOO_LARGE
    elif isinstance(exc, SuspiciousOperation):
        status_code, message, code = 400, "Bad request.", ErrorCode.BAD_REQUEST
    elif isinstance(exc, drf_exceptions.ValidationError):
        fields = _flatten_validation(exc.detail)
        status_code, message, code = 400, _validation_message(fields), ErrorCode.VALIDATION_ERROR
    elif isinstance(exc, drf_exceptions.APIException):
        status_code = exc.status_code
        detail = exc.detail
        message = str(detail if not isinstance(detail, (dict, list)) else exc.default_detail)
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if isinstance(exc, drf_exceptions.Throttled) and exc.wait is not None:
            headers["Retry-After"] = str(int(exc.wait) + (0 if float(exc.wait).is_integer() else 1))
    elif isinstance(exc, UNAVAILABLE_ERRORS):
        _log_unavailable(exc, context.get("request"))
        status_code, message, code = 503, UNAVAILABLE_MESSAGE, ErrorCode.SERVICE_UNAVAILABLE
        headers["Retry-After"] = str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    else:
        # Unexpected: log with the request id (and Sentry, when configured), never leak the traceback.
        request = context.get("request")
        logger.exception(
            "Unhandled error on %s %s", getattr(request, "method", "?"), getattr(request, "path", "?")
        )
        _report_to_sentry(exc)
        status_code, message, code = 500, "Internal server error.", ErrorCode.INTERNAL_ERROR

    if status_code == 401 and "WWW-Authenticate" not in headers:
        headers["WWW-Authenticate"] = 'Bearer realm="api"'
    set_rollback()
    body = error_body(status_code, message, code=code, fields=fields, details=details)
    return Response(body, status=status_code, headers=headers)


def _report_to_sentry(exc: Exception) -> None:
    try:
        import sentry_sdk
    except ImportError:  # pragma: no cover - sentry-sdk is a runtime dependency
        return
    sentry_sdk.capture_exception(exc)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


@csrf_exempt
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """The catch-all at the end of ``/api/``: unknown URLs answer the envelope, not an HTML page."""
    return JsonResponse(
        error_body(404, f"No endpoint at {request.path}.", code=ErrorCode.NOT_FOUND), status=404
    )


def handler404(request: HttpRequest, exception: Exception | None = None):
    if _is_api(request):
        return api_not_found(request)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def handler500(request: HttpRequest):
    """Errors outside DRF views (middleware, URL resolution, the HTML sites' views). Django has already
    logged the traceback. The database or Redis out of reach is a 503 with ``Retry-After``, not a 500."""
    exc = sys.exc_info()[1]  # Django calls this inside its ``except`` block
    if isinstance(exc, UNAVAILABLE_ERRORS):
        return service_unavailable_response(request, exc)
    if _is_api(request):
        return JsonResponse(
            error_body(500, "Internal server error.", code=ErrorCode.INTERNAL_ERROR), status=500
        )
    from django.views.defaults import server_error

    return server_error(request)


# The database or Redis out of reach: a restart, a failover, a network blip. Not a bug: the request was not
# carried out (its transaction rolled back) and the client should send it again shortly. Django wraps the
# driver's errors in OperationalError/InterfaceError; Redis's come through the cache unwrapped.
UNAVAILABLE_ERRORS = (
    OperationalError,
    InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)
UNAVAILABLE_MESSAGE = (
    "The service is briefly unavailable; the request was not carried out. Send it again shortly."
)


def _log_unavailable(exc: Exception, request: HttpRequest | None) -> None:
    logger.warning(
        "Service unavailable on %s %s: %s: %s",
        getattr(request, "method", "?"),
        getattr(request, "path", "?"),
        type(exc).__name__,
        exc,
    )


def service_unavailable_response(request: HttpRequest, exc: Exception) -> HttpResponse:
    """503 with ``Retry-After``: the envelope under ``/api/``, a page elsewhere. Renders without a request
    context: the context processors would read the session, from the very database that is down."""
    _log_unavailable(exc, request)
    retry_after = settings.SERVICE_UNAVAILABLE_RETRY_AFTER
    if _is_api(request):
        body = error_body(503, UNAVAILABLE_MESSAGE, code=ErrorCode.SERVICE_UNAVAILABLE)
        response = JsonResponse(body, status=503)
    else:
        page = loader.get_template("503.html").render(
            {"retry_after": retry_after, "form_sent": request.method == "POST"}
        )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(retry_after)
    return response
