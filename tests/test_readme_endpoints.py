"""The README's API overview lists only endpoints that exist, with the methods they take."""

import re
import uuid
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

from hiresscope.exceptions import api_not_found

README = Path(__file__).resolve().parent.parent / "README.md"
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
# A path segment ":name" stands for an id, a slug or a question id: each is tried in turn.
SAMPLES = (str(uuid.UUID(int=7)), "backend-engineer", "cc-sp-1")


def overview_rows() -> list[str]:
    text = README.read_text()
    section = text[text.index("## API overview") :]
    section = section[: section.index("\n## ", 4)]
    return [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| area")]


def listed_endpoints() -> list[tuple[str, str]]:
    """(methods, path) for every backticked "METHOD /path" or "/path" (which takes the method before it)."""
    found = []
    for row in overview_rows():
        methods = "GET"
        for token in re.findall(r"`([^`]+)`", row):
            match = re.fullmatch(r"((?:[A-Z]+/)*[A-Z]+ )?(/[\w/:.\-]*)(\?.*)?", token.strip())
            if not match or (match.group(1) and not set(match.group(1).strip().split("/")) <= METHODS):
                continue
            if match.group(1):
                methods = match.group(1).strip()
            found.append((methods, match.group(2)))
    return found


def test_the_overview_names_endpoints_at_all():
    endpoints = listed_endpoints()
    assert len(endpoints) > 60
    assert ("GET", "/score") in endpoints and ("POST", "/assessments/:id/invite") in endpoints


def _resolves(path: str):
    parts = path.strip("/").split("/")
    slots = [i for i, part in enumerate(parts) if part.startswith(":")]
    for sample in SAMPLES:
        candidate = ["" if i in slots else part for i, part in enumerate(parts)]
        for i in slots:
            candidate[i] = sample
        try:
            match = resolve("/api/v1/" + "/".join(candidate))
        except Resolver404:
            continue
        if match.func is not api_not_found:  # the catch-all that answers the envelope's 404
            return match
    return None


@pytest.mark.parametrize("methods, path", listed_endpoints())
def test_every_listed_endpoint_exists_with_its_methods(methods, path):
    match = _resolves(path)
    assert match is not None, f"README lists {methods} {path}, which no route serves"
    view = match.func
    actions = getattr(view, "actions", None)  # a viewset routed with its method → action map
    view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
    for method in methods.split("/"):
        if actions is not None:
            assert method.lower() in actions, f"{method} {path}: the route takes {sorted(actions)}"
        elif view_class is not None:
            assert hasattr(view_class, method.lower()), (
                f"{method} {path}: {view_class.__name__} has no handler"
            )
