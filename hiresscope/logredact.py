"""API keys never reach a log line, however they were spelled.

A key can travel in a query string (b2d's ``?api_key=``), and Django decodes query strings before
reading them, so ``?api%5Fkey=…``, ``?%61pi_key=…`` and ``?api_key=hsk%5Flive%5F…`` all authenticate:
matching the literal parameter name is not enough. Two rules, applied to whole lines:

- anything shaped like one of our keys (``hsk_live_`` and its base64url characters), once
  percent-decoded (twice encoded too), wherever it appears and whatever parameter carries it;
- the value of any parameter whose percent-decoded name is ``api_key``, ``apikey`` or ``x-api-key`` (any
  case, ``-`` or ``_``), whatever the value looks like (a mistyped or foreign key is a secret too).

Four places write requests: our logging handlers (runserver's request lines, ``django.request``), gunicorn's
access and error logs, and Sentry events. Each goes through :func:`redact`.
"""

import logging
import re
from urllib.parse import unquote, unquote_plus

from gunicorn.glogging import Logger as GunicornLogger

REDACTED = "[REDACTED]"
KEY_PREFIX = "hsk_live_"
_KEY_NAMES = frozenset({"api_key", "apikey", "x_api_key"})
# Header names (gunicorn's "{name}i" and "{http_name}e" atoms, Sentry's request headers) whose whole value
# is a credential; compared with "-" and "_" alike.
_SECRET_HEADERS = ("api_key", "authorization", "cookie")

# A run of characters a URL-encoded key can be written with (base64url, "%" escapes, "+" for a space).
_TOKEN = re.compile(r"[A-Za-z0-9_\-.~%+]+")
# name=value inside a query string, a form body or a line of text; a name stops at a separator.
# (An already redacted value is matched whole, so redacting twice changes nothing.)
_PARAMETER = re.compile(r"(?P<name>[^\s?&;=#/\"'<>,(){}\[\]]+)=(?P<value>\[REDACTED\]|[^&;\s\"'#<>,)}\]]*)")


def _decoded(text: str, *, plus: bool = False) -> str:
    """``text`` percent-decoded until it stops changing (at most three times: double encoding and more)."""
    decode = unquote_plus if plus else unquote
    for _ in range(3):
        decoded = decode(text)
        if decoded == text:
            break
        text = decoded
    return text


def is_key_name(name: str) -> bool:
    """True when a parameter or header ``name`` carries an API key once decoded (``api%5Fkey``, ``X-Api-Key``)."""
    return _decoded(name, plus=True).strip().lower().replace("-", "_") in _KEY_NAMES


def _redact_key_shaped(match: re.Match) -> str:
    token = match.group(0)
    return REDACTED if KEY_PREFIX in _decoded(token).lower() else token


def _redact_parameter(match: re.Match) -> str:
    if is_key_name(match.group("name")):
        return f"{match.group('name')}={REDACTED}"
    return match.group(0)


def redact(text: str) -> str:
    """``text`` with every API key in it replaced by ``[REDACTED]``."""
    if "=" in text:
        text = _PARAMETER.sub(_redact_parameter, text)
    lowered = text.lower()
    if "hsk" in lowered or "%" in text:  # cheap test: most lines carry neither
        text = _TOKEN.sub(_redact_key_shaped, text)
    return text


class RedactSecretsFilter(logging.Filter):
    """A handler (or logger) filter: the record's message, traceback and stack are redacted in place, so
    every handler after it writes the redacted text."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            # Formatted here (as any Formatter would) so the traceback's text can be redacted too.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def _is_secret_header(name: str) -> bool:
    name = name.lower().replace("-", "_")
    return any(header in name for header in _SECRET_HEADERS)


class RedactingGunicornLogger(GunicornLogger):
    """gunicorn's logger with every access-log atom redacted (request line, path, query, referer, the
    environ) and key-bearing headers dropped whole; the error log and the finished access line also go
    through :class:`RedactSecretsFilter` (gunicorn logs a failing request's URI there). Used by
    gunicorn.conf.py."""

    def __init__(self, cfg):
        super().__init__(cfg)
        for logger in (self.error_log, self.access_log):
            if not any(isinstance(existing, RedactSecretsFilter) for existing in logger.filters):
                logger.addFilter(RedactSecretsFilter())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if not isinstance(value, str):
                continue
            if name.endswith(("}i", "}e", "}o")) and _is_secret_header(name):
                atoms[name] = REDACTED
            else:
                atoms[name] = redact(value)
        return atoms


def _scrub(value, name: str = ""):
    """A Sentry event's value with keys redacted, recursively; ``name`` is the key it is stored under."""
    if isinstance(value, str):
        return REDACTED if name and (is_key_name(name) or _is_secret_header(name)) else redact(value)
    if isinstance(value, dict):
        return {key: _scrub(item, str(key)) for key, item in value.items()}
    if isinstance(value, list | tuple):
        # [[name, value], ...]: Sentry's query strings, headers and cookies as pairs.
        if len(value) == 2 and isinstance(value[0], str) and not isinstance(value[1], dict | list | tuple):
            return [value[0], _scrub(value[1], value[0])]
        return [_scrub(item) for item in value]
    return value


def sentry_before_send(event: dict, hint: dict) -> dict:
    """Sentry's ``before_send``: keys redacted anywhere in the event (URL, query string, headers, messages,
    exception values, breadcrumbs, local variables)."""
    return _scrub(event)
