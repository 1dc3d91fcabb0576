"""API keys sent in query strings (``?api_key=…``, the b2d convention) never reach a log line.

Three places write request URLs: our logging handlers (runserver's request lines included), gunicorn's
access log, and Sentry events. Each gets the same redaction.
"""

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

_SECRET_QUERY_VALUE = re.compile(r"(?i)\b(api_key|apikey|x-api-key)=[^&\s\"']*")
_SECRET_HEADERS = ("api-key", "authorization")
REDACTED = "[REDACTED]"


def redact(text: str) -> str:
    return _SECRET_QUERY_VALUE.sub(rf"\1={REDACTED}", text)


class RedactSecretsFilter(logging.Filter):
    """A handler filter: rewrites the record's message with query-string keys masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class RedactingGunicornLogger(GunicornLogger):
    """gunicorn's logger with every access-log atom redacted (request line, query, URL, referer, and the
    values of key-bearing headers). Used by gunicorn.conf.py."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if not isinstance(value, str):
                continue
            if name.endswith("}i") and any(header in name.lower() for header in _SECRET_HEADERS):
                atoms[name] = REDACTED
            else:
                atoms[name] = redact(value)
        return atoms


def sentry_before_send(event: dict, hint: dict) -> dict:
    """Sentry's ``before_send``: mask keys in the request URL and query string of an event."""
    request = event.get("request") or {}
    for field in ("url", "query_string"):
        value = request.get(field)
        if isinstance(value, str):
            request[field] = redact(value)
        elif isinstance(value, list | tuple):  # [[name, value], ...]
            request[field] = [
                [name, REDACTED if str(name).lower() in ("api_key", "apikey") else item]
                for name, item in value
            ]
    return event
