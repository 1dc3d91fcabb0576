"""One camelCase rule (hiresscope/casing.py): pure Python, the library's output, and no second copy."""

import ast
from pathlib import Path

from djangorestframework_camel_case.util import camelize as library_camelize

from hiresscope.casing import camel_key, camel_names

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", "tests", "migrations", "node_modules", "var"}


def test_the_rule_is_the_librarys():
    keys = ["a_b", "email_2", "x_1_y", "_private", "trailing_", "a__b", "foo_Bar", "status_changed_at", "x"]
    assert [camel_key(key) for key in keys] == [next(iter(library_camelize({key: 0}))) for key in keys]
    assert camel_names(["salary_min", "title", "employment_type"]) == ["employmentType", "salaryMin", "title"]


def test_the_module_imports_only_the_standard_library():
    # So any module may use it, the pure engines included, without pulling in Django.
    tree = ast.parse((ROOT / "hiresscope" / "casing.py").read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
    }
    assert imported <= {"functools", "re"}


def test_no_other_module_hand_rolls_camel_case():
    """A function that splits on "_" and upper-cases or title-cases the parts is a second camelCase rule."""
    copies = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIP_DIRS & set(relative.parts) or relative.as_posix() == "hiresscope/casing.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in ast.walk(tree):
            if isinstance(call, ast.Call):
                call.func.parent_args = call.args
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.Lambda):
                continue
            calls = [
                inner.func
                for inner in ast.walk(node)
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute)
            ]
            splits_on_underscore = any(
                call.attr == "split" and [ast.unparse(arg) for arg in call.parent_args] == ["'_'"]
                for call in calls
            )
            # A part (``part.title()``, ``part[:1].upper()``), not a whole string upper-cased.
            capitalises = any(
                call.attr in {"upper", "title", "capitalize"}
                and isinstance(call.value, ast.Name | ast.Subscript)
                for call in calls
            )
            if splits_on_underscore and capitalises:
                copies.append(f"{relative}:{node.lineno}")
    assert copies == [], "use hiresscope.casing.camel_key"
