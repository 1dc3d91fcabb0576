"""API keys stay out of logs whatever their spelling: the real logging configuration (every handler),
gunicorn's access and error log, and Sentry events."""

import io
import json
import logging
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from gunicorn.config import Config

from accounts.actors import Actor
from accounts.services import api_key_create
from hiresscope.logredact import REDACTED, RedactingGunicornLogger, redact, sentry_before_send


def percent_all(text: str) -> str:
    return "".join(f"%{byte:02X}" for byte in text.encode())


def spellings(key: str) -> dict[str, str]:
    """Query strings that carry ``key``, as a client may send them (most of them authenticate)."""
    body = key.removeprefix("hsk_live_")
    return {
        "plain name": f"api_key={key}",
        "encoded underscore in the name": f"api%5Fkey={key}",
        "encoded letter in the name": f"%61pi_key={key}",
        "upper-case name": f"API_KEY={key}",
        "apikey": f"apikey={key}",
        "x-api-key": f"X-Api-Key={key}",
        "encoded underscores in the key": f"api_key=hsk%5Flive%5F{body}",
        "key under another name": f"q={key}",
        "encoded key under another name": f"q={quote(key.replace('_', '%5F'))}",
        "every byte encoded": f"q={percent_all(key)}",
        "twice encoded": f"q={quote(quote(key, safe=''), safe='').replace('_', '%255F')}",
    }


def assert_no_key(text: str, key: str) -> None:
    body = key.removeprefix("hsk_live_")
    assert body[:10] not in text, text
    assert percent_all(body)[:30] not in text, text


@pytest.fixture
def key(alice) -> str:
    return api_key_create(tenant=alice.tenant, by=Actor.member(alice.user), name="b2d")[1]


def test_the_encoded_spellings_really_authenticate(key, anon):
    """Why matching the literal ``api_key=`` was not enough: Django decodes the query string first."""
    for spelling in ("api_key", "api%5Fkey", "%61pi_key", "api%5fkey"):
        assert anon.get(f"/api/v1/jobs/list?{spelling}={key}").status_code == 200, spelling


@pytest.fixture
def console():
    """The configured console handler (the one every logger writes through), writing into a buffer."""
    handler = next(handler for handler in logging.getLogger().handlers if handler.get_name() == "console")
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


@pytest.mark.parametrize("logger_name", ["django.server", "django.request", "django.security", "hiresscope"])
def test_no_spelling_of_a_key_reaches_any_configured_logger(key, console, logger_name):
    logger = logging.getLogger(logger_name)
    for name, query in spellings(key).items():
        logger.error('"GET /api/v1/jobs/list?%s HTTP/1.1" 200 12 (%s)', query, name)

    written = console.getvalue()
    assert written.count(REDACTED) == len(spellings(key)), written
    assert_no_key(written, key)


def test_a_key_in_a_traceback_is_redacted_too(key, console):
    try:
        raise ValueError(f"could not read /api/v1/jobs/list?api%5Fkey={key}")
    except ValueError:
        logging.getLogger("hiresscope").exception("Request failed")

    written = console.getvalue()
    assert "ValueError: could not read /api/v1/jobs/list?api%5Fkey=[REDACTED]" in written
    assert_no_key(written, key)


def test_every_configured_handler_redacts():
    """No handler writes without the filter (Django's own default 'django' handlers are replaced)."""
    names = ["", "django", "django.request", "django.server", "django.security.csrf", "hiresscope"]
    for name in names:
        logger = logging.getLogger(name)
        while logger is not None:  # the handlers a record meets on its way up
            for handler in logger.handlers:
                if type(handler).__module__.startswith("_pytest"):
                    continue  # pytest's log capture, not part of the configuration
                filters = [type(item).__name__ for item in handler.filters]
                assert "RedactSecretsFilter" in filters, (name, logger.name, handler)
            logger = logger.parent if logger.propagate else None


def test_a_secret_under_a_key_parameter_is_redacted_even_when_it_is_not_shaped_like_ours():
    line = redact("GET /x?api%5Fkey=legacy-secret-123&page=2&%61pikey=other HTTP/1.1")

    assert line == "GET /x?api%5Fkey=[REDACTED]&page=2&%61pikey=[REDACTED] HTTP/1.1"
    assert redact(line) == line  # redacting twice (atoms, then the whole line) changes nothing


def test_ordinary_lines_are_left_alone():
    for line in ("GET /api/v1/jobs?page=2&q=%C3%A9t%C3%A9 HTTP/1.1", "token_type=bearer", "50% done", "hsk"):
        assert redact(line) == line


def test_gunicorns_access_log_redacts_every_atom(key, tmp_path):
    # Given gunicorn's logger as gunicorn.conf.py configures it, writing an access log with many atoms
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set(
        "access_log_format",
        "%(r)s | %(U)s | %(q)s | %(f)s | %({x-api-key}i)s | %({raw_uri}e)s | %({query_string}e)s | %(s)s",
    )
    gunicorn_logger = RedactingGunicornLogger(cfg)

    # When requests carrying the key in each spelling are logged
    for query in spellings(key).values():
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": f"/api/v1/jobs/list?{query}",
            "PATH_INFO": "/api/v1/jobs/list",
            "QUERY_STRING": query,
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_REFERER": f"https://example.test/?{query}",
            "HTTP_X_API_KEY": key,
        }
        request = SimpleNamespace(headers=[("X-API-KEY", key), ("REFERER", environ["HTTP_REFERER"])])
        response = SimpleNamespace(status="200 OK", headers=[], sent=12)
        gunicorn_logger.access(response, request, environ, timedelta(milliseconds=5))
    gunicorn_logger.error("Error handling request /api/v1/jobs/list?api%%5Fkey=%s", key)
    for handler in gunicorn_logger.access_log.handlers:
        handler.flush()

    # Then the log has each line, and no key
    written = (tmp_path / "access.log").read_text()
    assert written.count("GET /api/v1/jobs/list?") == len(spellings(key))
    assert "| 200" in written
    assert_no_key(written, key)


def test_gunicorns_error_log_redacts(key, tmp_path):
    cfg = Config()
    cfg.set("errorlog", str(tmp_path / "error.log"))
    gunicorn_logger = RedactingGunicornLogger(cfg)

    gunicorn_logger.error("Error handling request /api/v1/jobs/list?api%%5Fkey=%s", key)
    for handler in gunicorn_logger.error_log.handlers:
        handler.flush()

    written = (tmp_path / "error.log").read_text()
    assert "api%5Fkey=[REDACTED]" in written
    assert_no_key(written, key)


def test_sentry_events_lose_every_key(key):
    event = {
        "request": {
            "url": f"https://hire.example.com/api/v1/jobs/list?api%5Fkey={key}",
            "query_string": [["%61pi_key", key], ["page", "2"]],
            "headers": {"X-Api-Key": key, "Authorization": "Bearer eyJhbGciOi.x.y", "Accept": "*/*"},
        },
        "exception": {"values": [{"type": "ValueError", "value": f"bad key {key.replace('_', '%5F')}"}]},
        "breadcrumbs": {"values": [{"message": f"GET /api/v1/jobs/list?q={key}"}]},
        "extra": {"raw": percent_all(key)},
    }

    scrubbed = sentry_before_send(event, {})

    text = json.dumps(scrubbed)
    assert_no_key(text, key)
    assert "eyJhbGciOi" not in text
    assert scrubbed["request"]["query_string"] == [["%61pi_key", REDACTED], ["page", "2"]]
    assert scrubbed["request"]["headers"]["Accept"] == "*/*"
