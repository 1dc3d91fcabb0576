"""Every input serializer bounds what it accepts, so that no value a client sends fails later as a 500.

Walks every ``*Input`` / ``*Query`` serializer of the project (and the serializers nested in them):

- a writable integer is a ``BoundedIntegerField`` (or carries bounds inside a database ``integer``);
- a writable free-text field is a ``SingleLineCharField``, or is named in ``MULTI_LINE`` with the reason
  it may hold line breaks.

A new field that forgets either fails here, not in production.
"""

import importlib
import inspect
import pkgutil

import pytest
from rest_framework import serializers

from hiresscope.serializer_fields import DB_INTEGER_MAX, DB_INTEGER_MIN, SingleLineCharField

APPS = ("accounts", "billing", "candidates", "careers", "hiresscope", "jobs", "scoring", "webhooks")

# (serializer, field): text that is multi-line by nature, or opaque and never shown.
MULTI_LINE = {
    ("JobInput", "description"): "a job ad has paragraphs",
    ("ReviewRequestInput", "message"): "a candidate explains in their own words",
    ("ReviewResolveInput", "resolution"): "the employer's answer to a review request",
    ("ApplicationStatusInput", "reason"): "a rejection or move may be explained at length",
    ("SignupInput", "password"): "a secret: any characters, never displayed",
    ("LoginInput", "password"): "a secret",
    ("CandidateRegisterInput", "password"): "a secret",
    ("CandidateLoginInput", "password"): "a secret",
    ("AccountDeleteInput", "password"): "a secret",
    ("PasswordResetConfirmInput", "new_password"): "a secret",
    ("TalentPoolAddInput", "note"): "a recruiter's note may run over lines",
    ("WebhookEndpointInput", "description"): "a note about the endpoint, shown only to the tenant",
}
# Fields whose own format validation refuses control characters already.
FORMATTED = (
    serializers.ChoiceField,
    serializers.EmailField,
    serializers.RegexField,
    serializers.SlugField,
    serializers.URLField,
    serializers.UUIDField,
    serializers.IPAddressField,
)


def _input_serializers() -> list[type[serializers.Serializer]]:
    found: dict[str, type[serializers.Serializer]] = {}
    for app in APPS:
        package = importlib.import_module(app)
        for module_info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" in module_info.name or ".management" in module_info.name:
                continue
            if not any(part in module_info.name for part in ("api", "serializers", "analytics")):
                continue
            module = importlib.import_module(module_info.name)
            for name, cls in inspect.getmembers(module, inspect.isclass):
                if (
                    issubclass(cls, serializers.Serializer)
                    and cls.__module__ == module.__name__
                    and name.endswith(("Input", "Query"))
                ):
                    found[f"{cls.__module__}.{name}"] = cls
    return sorted(found.values(), key=lambda cls: cls.__name__)


def _writable_fields(serializer_name: str, fields) -> list[tuple[str, str, serializers.Field]]:
    """(serializer, field path, field) for every writable leaf field, nested serializers and lists opened."""
    out = []
    for name, field in fields.items():
        if field.read_only:
            continue
        if isinstance(field, serializers.BaseSerializer):
            nested = field.child if isinstance(field, serializers.ListSerializer) else field
            out += _writable_fields(type(nested).__name__, nested.fields)
        elif isinstance(field, serializers.ListField | serializers.DictField):
            out.append((serializer_name, name, field.child))
        else:
            out.append((serializer_name, name, field))
    return out


INPUTS = _input_serializers()


def test_the_walk_finds_the_input_serializers():
    names = {cls.__name__ for cls in INPUTS}
    assert {"JobInput", "SignupInput", "WebhookEndpointInput", "RubricInput"} <= names


@pytest.mark.parametrize("serializer_class", INPUTS, ids=lambda cls: cls.__name__)
def test_every_input_field_is_bounded(serializer_class):
    problems = []
    for owner, name, field in _writable_fields(serializer_class.__name__, serializer_class().fields):
        if isinstance(field, serializers.IntegerField):
            low, high = field.min_value, field.max_value
            if low is None or high is None or low < DB_INTEGER_MIN or high > DB_INTEGER_MAX:
                problems.append(f"{owner}.{name}: integer without bounds inside a database integer")
        elif (
            isinstance(field, serializers.CharField)
            and not isinstance(field, (*FORMATTED, SingleLineCharField))
            and (owner, name) not in MULTI_LINE
        ):
            problems.append(f"{owner}.{name}: free text that is neither single-line nor in MULTI_LINE")
    assert not problems, "\n".join(problems)


def test_every_multi_line_exception_names_a_real_field():
    fields = {
        (owner, name) for cls in INPUTS for owner, name, _ in _writable_fields(cls.__name__, cls().fields)
    }
    assert set(MULTI_LINE) <= fields, set(MULTI_LINE) - fields
