"""Every service that takes ``by=`` takes it the same way: keyword-only, annotated exactly ``Actor``.

Issue 16: services had taken ``User | None``, ``Membership`` and ``Actor | User``; a caller could not
know which. The system acting on its own is ``Actor.process(name)``, so ``by`` is never Optional.
"""

import importlib
import inspect
from pathlib import Path

import pytest

from accounts.actors import Actor

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "teams", "jobs", "candidates", "scoring", "billing", "webhooks", "careers", "demo"]
MODULE_NAMES = ("services.py", "pipeline.py", "job_editing.py")


def _service_modules() -> list[str]:
    found = []
    for app in APPS:
        folder = ROOT / app
        paths = [folder / name for name in MODULE_NAMES if (folder / name).exists()]
        paths += sorted(p for p in (folder / "services").glob("*.py") if p.name != "__init__.py")
        found += [".".join(p.relative_to(ROOT).with_suffix("").parts) for p in paths]
    return found


def _takes_by(module) -> list:
    """Public functions defined in ``module`` with a ``by`` parameter."""
    return [
        function
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_")
        and function.__module__ == module.__name__
        and "by" in inspect.signature(function).parameters
    ]


def _is_actor(annotation) -> bool:
    # Modules with ``from __future__ import annotations`` keep the annotation as a string.
    return annotation is Actor or annotation == "Actor"


def test_the_service_modules_are_found():
    modules = _service_modules()
    assert {
        "jobs.services",
        "candidates.services.status",
        "candidates.pipeline",
        "scoring.job_editing",
    } <= set(modules)
    assert sum(len(_takes_by(importlib.import_module(name))) for name in modules) >= 40


@pytest.mark.parametrize("module_name", _service_modules())
def test_every_by_is_a_keyword_only_actor(module_name):
    module = importlib.import_module(module_name)
    for function in _takes_by(module):
        by = inspect.signature(function).parameters["by"]
        where = f"{module_name}.{function.__name__}"
        assert by.kind is inspect.Parameter.KEYWORD_ONLY, f"{where}: by must be keyword-only"
        assert _is_actor(by.annotation), f"{where}: by is annotated {by.annotation!r}, not Actor"
        assert by.default is inspect.Parameter.empty, f"{where}: by has a default; say who acts"
        if isinstance(by.annotation, str):  # the name resolves to the one Actor, not a look-alike
            assert function.__globals__.get("Actor", Actor) is Actor, where


def test_payment_providers_take_an_actor_too():
    from billing.providers import ManualInvoiceProvider, PaymentProvider

    for provider in (ManualInvoiceProvider, PaymentProvider):
        by = inspect.signature(provider.create_invoice).parameters["by"]
        assert by.kind is inspect.Parameter.KEYWORD_ONLY and _is_actor(by.annotation)


def test_as_actor_is_gone():
    import accounts.services

    assert not hasattr(accounts.services, "as_actor")
