"""Standard Webhooks signatures (https://www.standardwebhooks.com), standard library only.

A delivery carries three headers: ``webhook-id`` (the message id, the same on every retry and
redelivery: use it to drop duplicates), ``webhook-timestamp`` (Unix seconds of this attempt) and
``webhook-signature``: space-separated ``v1,<base64 HMAC-SHA256>`` of ``"{id}.{timestamp}.{body}"``, keyed
with the base64-decoded part of the ``whsec_…`` secret. While a rotated secret is still valid, the
header carries one signature per secret; a receiver accepts the delivery if any of them matches.

This module imports nothing from HireScope or Django, so receivers can copy it as it is.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable, Mapping

SECRET_PREFIX = "whsec_"  # noqa: S105 - a prefix, not a secret
# Seconds; older (or future) timestamps are refused, so a captured request cannot be replayed later.
DEFAULT_TOLERANCE = 300


class WebhookVerificationError(Exception):
    """The request is not a genuine, fresh delivery signed with this secret."""


def secret_generate() -> str:
    """A new endpoint secret: ``whsec_`` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def _key(secret: str) -> bytes:
    if secret.startswith(SECRET_PREFIX):
        secret = secret[len(SECRET_PREFIX) :]
    return base64.b64decode(secret)


def _as_bytes(body: bytes | str) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else body


def sign(secret: str, msg_id: str, timestamp: int, body: bytes | str) -> str:
    """One signature, ``v1,<base64>``, of ``{msg_id}.{timestamp}.{body}``."""
    content = f"{msg_id}.{int(timestamp)}.".encode() + _as_bytes(body)
    digest = hmac.new(_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signature_header(secrets_: Iterable[str], msg_id: str, timestamp: int, body: bytes | str) -> str:
    """The ``webhook-signature`` value: one signature per secret, space-separated."""
    return " ".join(sign(secret, msg_id, timestamp, body) for secret in secrets_)


def verify(
    secret: str,
    headers: Mapping[str, str],
    body: bytes | str,
    *,
    tolerance: int = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> str:
    """Check a delivery; return its ``webhook-id``, or raise :class:`WebhookVerificationError`.

    ``headers`` may use any letter case; ``body`` must be the raw request body, byte for byte
    (parse the JSON only after verifying).
    """
    lowered = {name.lower(): value for name, value in headers.items()}
    msg_id = lowered.get("webhook-id", "")
    timestamp = lowered.get("webhook-timestamp", "")
    signatures = lowered.get("webhook-signature", "")
    if not (msg_id and timestamp and signatures):
        raise WebhookVerificationError("Missing webhook-id, webhook-timestamp or webhook-signature header.")
    try:
        sent_at = int(timestamp)
    except ValueError as exc:
        raise WebhookVerificationError("webhook-timestamp is not an integer.") from exc
    if abs((time.time() if now is None else now) - sent_at) > tolerance:
        raise WebhookVerificationError("webhook-timestamp is too old or too far in the future.")
    expected = sign(secret, msg_id, sent_at, body)
    for candidate in signatures.split(" "):
        if hmac.compare_digest(candidate.encode(), expected.encode()):
            return msg_id
    raise WebhookVerificationError("No signature matches.")
