"""One catalogue of error codes (hiresscope/errors.py): every code raised is in it, with its status.

The source is read with ``ast``: ``code=`` keywords of DomainError (and subclasses) and DRF/simplejwt
exceptions, ``code = "..."`` class attributes of DomainError subclasses, the exception handler's own
``status_code, ..., code = ...`` mappings, ``error_body(..., code=...)`` and per-file bulk outcomes
(``code=`` with ``status_code=``). A code given as ``ErrorCode.X`` is read as its member's value.
"""

import ast
import collections
import logging
from pathlib import Path

import pytest
from rest_framework import exceptions as drf_exceptions
from rest_framework.test import APIRequestFactory
from rest_framework_simplejwt import exceptions as jwt_exceptions

from hiresscope.errors import ErrorCode, catalogued, markdown
from hiresscope.exceptions import DomainError, UncataloguedErrorCode, api_exception_handler

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", "tests", "migrations", "node_modules", "var", "bench"}
# Exceptions of DRF, Django and simplejwt, with the (code, status) the handler answers for them.
FRAMEWORK_RAISES = {
    "AuthenticationFailed": ("authentication_failed", 401),
    "NotAuthenticated": ("not_authenticated", 401),
    "PermissionDenied": ("permission_denied", 403),  # DRF's and Django's alike
    "NotFound": ("not_found", 404),
    "Http404": ("not_found", 404),
    "ParseError": ("parse_error", 400),
    "Throttled": ("throttled", 429),
    "MethodNotAllowed": ("method_not_allowed", 405),
    "NotAcceptable": ("not_acceptable", 406),
    "UnsupportedMediaType": ("unsupported_media_type", 415),
    "InvalidToken": ("token_not_valid", 401),
}
# Produced by the frameworks themselves (no raise of ours names them); documented all the same.
FRAMEWORK_ONLY = {
    ErrorCode.METHOD_NOT_ALLOWED,
    ErrorCode.NOT_ACCEPTABLE,
    ErrorCode.THROTTLED,
    ErrorCode.BAD_AUTHORIZATION_HEADER,
    ErrorCode.USER_NOT_FOUND,
    ErrorCode.USER_INACTIVE,
    ErrorCode.PASSWORD_CHANGED,
}


def _name(node) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


def _literal(node):
    """A string or int literal, or ``ErrorCode.X`` as its value; ``None`` for anything computed."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Attribute) and _name(node.value) == "ErrorCode":
        return ErrorCode[node.attr].value
    return None


def _trees():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if not SKIP_DIRS & set(relative.parts):
            yield relative.as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _domain_classes(trees) -> dict[str, tuple[str, int]]:
    """DomainError and its subclasses anywhere in the source, with their default (code, status)."""
    classes = {"DomainError": ("invalid", 400)}
    changed = True
    while changed:
        changed = False
        for _, tree in trees:
            for node in ast.walk(tree):
                if not isinstance(node, ast.ClassDef) or node.name in classes:
                    continue
                parents = [classes[n] for base in node.bases if (n := _name(base)) in classes]
                if not parents:
                    continue
                code, status = parents[0]
                for stmt in node.body:
                    target = stmt.target if isinstance(stmt, ast.AnnAssign) else None
                    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
                        target = stmt.targets[0]
                    value = _literal(getattr(stmt, "value", None))
                    if _name(target) == "code" and value is not None:
                        code = value
                    elif _name(target) == "status_code" and value is not None:
                        status = value
                classes[node.name] = (code, status)
                changed = True
    return classes


def raised_codes() -> list[tuple[str, int, str]]:
    """``(code, status, where)`` for every error code the source gives as a literal."""
    trees = list(_trees())
    classes = _domain_classes(trees)
    found = []
    for path, tree in trees:
        for node in ast.walk(tree):
            where = f"{path}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.ClassDef) and node.name in classes:
                found.append((*classes[node.name], f"{where} class {node.name}"))
            elif isinstance(node, ast.Call):
                function = _name(node.func)
                keywords = {keyword.arg: keyword.value for keyword in node.keywords}
                if function in classes:
                    code, status = classes[function]
                    if "code" in keywords:
                        code = _literal(keywords["code"])
                    if "status_code" in keywords:
                        status = _literal(keywords["status_code"])
                elif function in FRAMEWORK_RAISES:
                    code, status = FRAMEWORK_RAISES[function]
                    if "code" in keywords:
                        code = _literal(keywords["code"])
                elif function == "error_body" and node.args:
                    code, status = _literal(keywords.get("code")), _literal(node.args[0])
                elif "code" in keywords and "status_code" in keywords:  # a bulk upload's outcome
                    code, status = _literal(keywords["code"]), _literal(keywords["status_code"])
                else:
                    continue
                if code is not None:  # computed codes (code=exc.code) pass on a code read here
                    found.append((code, status, where))
            elif (
                isinstance(node, ast.Assign)
                and isinstance(node.targets[0], ast.Tuple)
                and isinstance(node.value, ast.Tuple)
            ):  # the handler's ``status_code, message, code = 404, "...", ErrorCode.NOT_FOUND``
                names = [_name(target) for target in node.targets[0].elts]
                if {"code", "status_code"} <= set(names):
                    values = node.value.elts
                    code, status = (_literal(values[names.index(n)]) for n in ("code", "status_code"))
                    if code is not None:
                        found.append((code, status, where))
    return found


def test_every_code_raised_in_the_source_is_catalogued_with_its_status():
    found = raised_codes()
    assert len(found) > 100  # the walk sees the raise sites (a broken walk would pass vacuously)
    problems = []
    for code, status, where in found:
        entry = catalogued(code)
        if entry is None:
            problems.append(f"{where}: {code!r} is not in hiresscope.errors.ErrorCode")
        elif entry.status != status:
            problems.append(f"{where}: {code!r} raised with {status}, catalogued with {entry.status}")
    assert problems == []


def test_every_catalogued_code_is_raised_somewhere_or_comes_from_the_frameworks():
    raised = {code for code, _, _ in raised_codes()}
    unused = {member for member in ErrorCode if member not in raised and member not in FRAMEWORK_ONLY}
    assert unused == set(), "remove codes nothing produces (or list a framework's in FRAMEWORK_ONLY)"


def test_the_codes_of_drf_and_simplejwt_exceptions_are_catalogued():
    classes = [
        cls
        for module in (drf_exceptions, jwt_exceptions)
        for cls in vars(module).values()
        if isinstance(cls, type)
        and issubclass(cls, drf_exceptions.APIException)
        and not issubclass(cls, drf_exceptions.ValidationError)  # always answered validation_error
        and cls is not drf_exceptions.APIException
    ]
    assert {(cls.default_code, cls.status_code) for cls in classes} - {
        (member.value, member.status) for member in ErrorCode
    } == set()


def test_codes_are_unique_snake_case_with_a_meaning_and_their_group_is_documented():
    by_value = collections.Counter(member.value for member in ErrorCode)
    assert [value for value, count in by_value.items() if count > 1] == []
    for member in ErrorCode:
        assert member.value.isidentifier() and member.value == member.value.lower()
        assert member.meaning.strip() and 200 <= member.status < 600
    assert "| `email_taken` | 409 |" in markdown()


def test_the_error_reference_page_is_generated_from_the_catalogue():
    page = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    assert page == markdown(), "docs/errors.md is stale: run `manage.py errors_doc`"


# -- at runtime -------------------------------------------------------------------------------------------


def _handle(exc):
    request = APIRequestFactory().get("/api/v1/anything")
    return api_exception_handler(exc, {"request": request})


def test_an_uncatalogued_code_fails_loudly_in_tests_and_development(settings):
    settings.ERROR_CODES_STRICT = True
    with pytest.raises(UncataloguedErrorCode, match="made_up_code"):
        _handle(DomainError("Nope.", code="made_up_code"))
    with pytest.raises(UncataloguedErrorCode, match="catalogued with status 409"):
        _handle(DomainError("Nope.", code=ErrorCode.EMAIL_TAKEN, status_code=400))


def test_in_production_an_uncatalogued_code_is_logged_and_answered(settings, caplog):
    settings.ERROR_CODES_STRICT = False
    with caplog.at_level(logging.ERROR, logger="hiresscope.errors"):
        response = _handle(DomainError("Nope.", code="made_up_code"))
    assert (response.status_code, response.data["code"]) == (400, "made_up_code")
    assert "made_up_code" in caplog.text


def test_a_catalogued_member_renders_as_its_plain_string(alice):
    response = _handle(DomainError("Taken.", code=ErrorCode.EMAIL_TAKEN, status_code=409))
    assert response.data["code"] == "email_taken" and type(response.data["code"]) is str
