"""``Idempotency-Key`` for intake POSTs: a retried request gets the first answer, not a second application.

The first request with a key inserts a row (the unique constraint is the lock), runs, and stores its
answer; a retry with the same key and the same request replays that answer with
``Idempotent-Replayed: true``; the same key with a different request is a 422; a retry while the first
is still running is a 409. Errors are not stored (the row is removed), so a corrected request may reuse
its key. Keys are scoped to the caller (tenant, or public link and client IP).
"""

import functools
import hashlib
import json
from collections.abc import Callable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from rest_framework.request import Request
from rest_framework.response import Response

from candidates.models import IdempotencyRecord
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import ConflictError, DomainError

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255


def _fingerprint(request: Request) -> str:
    """A digest of what the request asks for: method, path, form fields and the files' contents."""
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    for name in sorted(request.data.keys()):
        for value in request.data.getlist(name) if hasattr(request.data, "getlist") else [request.data[name]]:
            if hasattr(value, "chunks"):
                for chunk in value.chunks():
                    digest.update(chunk)
                value.seek(0)
            else:
                digest.update(f"{name}={value}\n".encode())
    return digest.hexdigest()


def _stored(body) -> object:
    """The response data as plain JSON types (UUIDs and datetimes as strings), as it will be replayed."""
    return json.loads(json.dumps(body, cls=DjangoJSONEncoder))


def idempotent(scope_of: Callable[..., str]):
    """Decorate a view method; ``scope_of(view, request, **kwargs)`` names whose keys these are."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(view, request: Request, *args, **kwargs):
            key = request.headers.get(HEADER, "").strip()
            if not key:
                return method(view, request, *args, **kwargs)
            if len(key) > MAX_KEY_LENGTH:
                raise DomainError(
                    f"Validation failed: {HEADER} must be at most {MAX_KEY_LENGTH} characters.",
                    code=ErrorCode.VALIDATION_ERROR,
                    fields={HEADER: [f"At most {MAX_KEY_LENGTH} characters."]},
                )
            scope = scope_of(view, request, *args, **kwargs)
            fingerprint = _fingerprint(request)
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(scope=scope, key=key, fingerprint=fingerprint)
            except IntegrityError:
                return _replay(scope=scope, key=key, fingerprint=fingerprint)
            try:
                response = method(view, request, *args, **kwargs)
            except BaseException:
                record.delete()
                raise
            if response.status_code >= 400:
                record.delete()
                return response
            record.response_status = response.status_code
            record.response_body = _stored(response.data)
            record.save(update_fields=["response_status", "response_body"])
            return response

        return wrapper

    return decorator


def _replay(*, scope: str, key: str, fingerprint: str) -> Response:
    record = IdempotencyRecord.objects.get(scope=scope, key=key)
    if record.fingerprint != fingerprint:
        raise DomainError(
            f"This {HEADER} was already used for a different request.",
            code=ErrorCode.IDEMPOTENCY_KEY_REUSED,
            status_code=422,
        )
    if record.response_status is None:
        raise ConflictError(
            f"A request with this {HEADER} is still being processed.", code=ErrorCode.IDEMPOTENCY_IN_PROGRESS
        )
    return Response(
        record.response_body, status=record.response_status, headers={"Idempotent-Replayed": "true"}
    )
