"""Request ids (every request gets one, every log line and error body carries it) and the headers that
harden what browsers do with our answers."""

import logging
import re
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from hiresscope.logredact import is_key_name

# A context variable, not a global: each request (thread or task) sees only its own id.
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")

# Accept a caller's id (a load balancer's, say) only when it is short and harmless to log.
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Take ``X-Request-ID`` from the caller or make one; expose it on the request and the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class ServiceUnavailableMiddleware:
    """A view that lost the database or Redis answers 503 with ``Retry-After`` (the API's envelope, or the
    sites' page), in development too; outside views (other middleware), ``handler500`` does the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from hiresscope.exceptions import UNAVAILABLE_ERRORS, service_unavailable_response

        if isinstance(exception, UNAVAILABLE_ERRORS):
            return service_unavailable_response(request, exception)
        return None


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


def _carries_credential(request: HttpRequest) -> bool:
    """True when the request came with a credential: a JWT (employer or candidate), an API key in the
    header or in b2d's query parameter (any spelling Django decodes), or a signed-in session."""
    if request.headers.get("Authorization") or request.headers.get("X-API-Key"):
        return True
    if any(is_key_name(name) for name in request.GET):
        return True
    # Only a request with a session cookie can be signed in; this spares everyone else a session lookup.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    try:
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
    except DatabaseError:
        # Asked after the view: the answer (a committed form post, say) is made, and the database went
        # away since. Treat it as signed in (no-store is the safe side) rather than turn it into a 503.
        return True


class BrowserHardeningMiddleware:
    """Headers that keep browsers from doing harm with our answers (docs/security.md):

    - ``Content-Security-Policy`` (``settings.CONTENT_SECURITY_POLICY``; empty turns it off) on every HTML
      page: careers, the API docs, the admin, error pages. Only our own scripts, styles and fonts run, so
      an injected ``<script>`` or ``onclick=`` does nothing, and no page can be framed;
    - ``Cache-Control: no-store`` on every answer to a request that carried a credential, so neither a
      shared proxy nor the browser's disk keeps a tenant's data, a token or a candidate's page. Static
      files stay cacheable: they are the same for everyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if (
            policy
            and response.get("Content-Type", "").startswith("text/html")
            and "Content-Security-Policy" not in response
        ):
            response["Content-Security-Policy"] = policy
        if (
            "no-store" not in response.get("Cache-Control", "")
            and not request.path.startswith(settings.STATIC_URL)
            and _carries_credential(request)
        ):
            response["Cache-Control"] = "no-store"
        return response
