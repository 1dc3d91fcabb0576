"""Dependencies point one way, checked on the source (docs/architecture.md, "Layers").

1. The engine packages (text extraction, scoring, embeddings, the description optimizer, synthetic data)
   import no Django, no DRF, no Celery and nothing of ours outside the engines: they run and are
   benchmarked alone.
2. No app imports an interface module (``api/``, ``admin.py``, ``views.py``, ``urls.py``, ``forms.py``,
   management commands, template tags), its own or another app's: models, services, selectors and
   tasks never reach up. An interface uses its own app's interface modules and others of its kind (one
   API reuses another's serializers); the project's URL configuration gathers them all.
3. ``accounts`` imports no other app: it is the bottom layer everyone may use.
4. Below the interfaces, the apps keep their order: accounts ← jobs ← candidates ← scoring; billing and
   webhooks are called with plain data and import none of jobs, candidates, scoring.

The checker is a plain function over source text, so a deliberately wrong import is shown to fail it.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
ENGINE_PACKAGES = (
    "scoring.engine",
    "scoring.parsing",
    "scoring.semantic",
    "scoring.optimizer",
    "scoring.synthetic",
)
FRAMEWORKS = (
    "django",
    "rest_framework",
    "rest_framework_simplejwt",
    "drf_spectacular",
    "django_filters",
    "celery",
)
INTERFACE_PARTS = ("api", "admin", "views", "urls", "forms", "management", "templatetags")
# Lower layers may not import these, outside their interfaces (the order of DESIGN.md).
LAYER_FORBIDDEN = {
    "accounts": None,  # rule 3: every other app
    "jobs": {"candidates", "scoring", "assessments"},
    "candidates": {"scoring", "assessments"},
    "scoring": {"assessments"},
    "billing": {"jobs", "candidates", "scoring", "assessments"},
    "webhooks": {"jobs", "candidates", "scoring", "assessments"},
}


def project_apps() -> set[str]:
    return {
        name.split(".")[0] for name in settings.INSTALLED_APPS if (ROOT / name.split(".")[0]).is_dir()
    } - {"hiresscope"}


@dataclass(frozen=True)
class Violation:
    module: str
    imported: str
    rule: str

    def __str__(self) -> str:
        return f"{self.module} imports {self.imported}: {self.rule}"


def imported_names(source: str, module: str, is_package: bool = False) -> list[str]:
    """Absolute names a module imports (relative imports resolved against ``module``'s package)."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package[: len(package) - node.level + 1]
                base = ".".join([*parent, base]) if base else ".".join(parent)
            # `from scoring import engine` imports scoring.engine (and scoring's __init__, which is empty).
            names += [f"{base}.{alias.name}" for alias in node.names]
    return names


def is_interface(module: str) -> bool:
    return any(part in INTERFACE_PARTS for part in module.split(".")[1:])


def interface_kind(module: str) -> str:
    """``candidates.api.views`` → ``api``; ``jobs.admin`` → ``admin``."""
    return next(part for part in module.split(".")[1:] if part in INTERFACE_PARTS)


def may_import_interface(module: str, name: str) -> bool:
    """An interface uses its own app's interface modules, and others of its kind (one API reuses another's
    serializers); nothing below the interfaces uses any."""
    if module == "hiresscope.urls":
        return True
    if not is_interface(module):
        return False
    return module.split(".")[0] == name.split(".")[0] or interface_kind(module) == interface_kind(name)


def check_module(module: str, source: str, apps: set[str], is_package: bool = False) -> list[Violation]:
    app = module.split(".")[0]
    violations = []
    for name in imported_names(source, module, is_package):
        top = name.split(".")[0]
        if module.startswith(ENGINE_PACKAGES):
            if top in FRAMEWORKS or (top in apps | {"hiresscope"} and not name.startswith(ENGINE_PACKAGES)):
                violations.append(
                    Violation(module, name, "an engine package imports no Django and nothing of ours")
                )
            continue
        if top not in apps:
            continue
        if name.startswith(ENGINE_PACKAGES):
            continue  # pure libraries: anyone may use them
        if is_interface(name) and not may_import_interface(module, name):
            violations.append(Violation(module, name, "no app imports an interface module"))
        if app == "accounts" and top != "accounts":
            violations.append(Violation(module, name, "accounts imports no other app"))
        forbidden = LAYER_FORBIDDEN.get(app)
        if forbidden and top in forbidden and not is_interface(module):
            violations.append(Violation(module, name, f"{app} sits below {top}"))
    return violations


def project_modules(apps: set[str]):
    for app in sorted(apps | {"hiresscope"}):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            relative = path.relative_to(ROOT).with_suffix("")
            parts = list(relative.parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            yield ".".join(parts), path.read_text(), is_package


def test_the_source_follows_the_dependency_rules():
    apps = project_apps()
    violations = [
        violation
        for module, source, is_package in project_modules(apps)
        for violation in check_module(module, source, apps, is_package)
    ]
    assert not violations, "\n".join(map(str, violations))


APPS = {"accounts", "jobs", "candidates", "scoring", "billing", "webhooks"}


@pytest.mark.parametrize(
    "module, source, rule",
    [
        ("scoring.engine._cv", "from django.db import models", "engine"),
        ("scoring.parsing._pdf", "import candidates.models", "engine"),
        ("candidates.services", "from jobs.api.serializers import JobOutput", "interface"),
        ("jobs.selectors", "from jobs import admin", "interface"),
        ("scoring.api.views", "from candidates.admin import ApplicationAdmin", "interface"),
        ("candidates.tasks", "from candidates.api.views import ApplicationViewSet", "interface"),
        ("accounts.services", "from billing.services import usage_consume", "accounts"),
        ("accounts.api.views", "from jobs.models import Job", "accounts"),
        ("jobs.services", "from candidates.models import Application", "below"),
        ("candidates.pipeline", "from scoring import services", "below"),
        ("webhooks.services", "from jobs.models import Job", "below"),
        ("candidates.services.intake", "from ..api import serializers", "interface (relative)"),
    ],
)
def test_a_wrong_import_is_reported(module, source, rule):
    assert check_module(module, source, APPS), f"{module}: {source!r} was not reported"


@pytest.mark.parametrize(
    "module, source",
    [
        ("scoring.engine._cv", "from scoring.engine._dates import parse_dates"),
        ("candidates.api.views", "from candidates.api import serializers"),
        ("candidates.api.views", "from scoring import services"),
        ("jobs.api.serializers", "from candidates.api.people_serializers import TalentPoolEntryOutput"),
        ("candidates.services", "from scoring import engine, parsing"),
        ("scoring.services", "from candidates.models import Application"),
        ("hiresscope.urls", "from jobs.api import urls"),
        ("jobs.services", "from accounts.models import Tenant"),
    ],
)
def test_a_right_import_is_not_reported(module, source):
    assert check_module(module, source, APPS) == []
