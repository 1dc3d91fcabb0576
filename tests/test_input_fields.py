"""Every input serializer bounds what it accepts, so that no value a client sends fails later as a 500.

Walks every ``*Input`` / ``*Query`` serializer of the project (and the serializers nested in them):

- a writable integer is a ``BoundedIntegerField`` (or carries bounds inside a database ``integer``);
- a writable free-text field says whether it is one line (``SingleLineCharField``: names, titles, tokens)
  or may hold line breaks (``MultiLineCharField``: a job ad, a note, a password);
- the serializer inherits ``InputSerializer``, which holds JSON values to their schema types.

A new field that forgets either fails here, not in production.
"""

import importlib
import inspect
import pkgutil

import pytest
from rest_framework import serializers

from hiresscope.serializer_fields import (
    DB_INTEGER_MAX,
    DB_INTEGER_MIN,
    HttpUrlField,
    InputSerializer,
    MultiLineCharField,
    SingleLineCharField,
)

APPS = ("accounts", "billing", "candidates", "careers", "hiresscope", "jobs", "scoring", "teams", "webhooks")

# Fields whose own format validation refuses control characters already.
FORMATTED = (
    serializers.ChoiceField,
    serializers.EmailField,
    serializers.RegexField,
    serializers.SlugField,
    serializers.URLField,
    serializers.UUIDField,
    serializers.IPAddressField,
    HttpUrlField,
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
        elif isinstance(field, serializers.CharField) and not isinstance(
            field, (*FORMATTED, SingleLineCharField, MultiLineCharField)
        ):
            problems.append(f"{owner}.{name}: free text that is neither SingleLine- nor MultiLineCharField")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("serializer_class", INPUTS, ids=lambda cls: cls.__name__)
def test_every_input_checks_json_types(serializer_class):
    assert issubclass(serializer_class, InputSerializer), (
        f"{serializer_class.__name__} must inherit hiresscope.serializer_fields.InputSerializer"
    )


@pytest.mark.parametrize(
    "body, field",
    [
        ({"title": 5, "description": "Python."}, "title"),
        ({"title": "T", "description": "Python.", "isPublic": 0}, "isPublic"),
        ({"title": "T", "description": "Python.", "salaryMin": "70000"}, "salaryMin"),
        ({"title": "T", "description": "Python.", "salaryMin": True}, "salaryMin"),
        ({"title": "T", "description": "Python.", "minYearsExperience": "3"}, "minYearsExperience"),
        ({"title": "T", "description": "Python.", "requiredSkills": "Python"}, "requiredSkills"),
        ({"title": "T", "description": "Python.", "requiredSkills": ["Python", 3]}, "requiredSkills"),
        ({"title": "T", "description": "Python.", "status": 1}, "status"),
    ],
)
def test_a_json_value_of_the_wrong_type_is_a_400(alice, body, field):
    response = alice.client.post("/api/v1/jobs", body, format="json")

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_whole_numbers_sent_as_floats_and_numbers_for_decimals_are_accepted(alice):
    body = {"title": "T", "description": "Python.", "salaryMin": 50000.0, "minYearsExperience": 3}

    assert alice.client.post("/api/v1/jobs", body, format="json").status_code == 201


def test_a_link_with_non_ascii_is_stored_percent_encoded(alice, job_factory):
    job = job_factory(tenant=alice.tenant)
    form = {
        "file": __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(
            "cv.txt", b"Jane Example\\nPython developer with Django and PostgreSQL experience. " * 3
        ),
        "email": "jane@example.test",
        "fullName": "Jane Example",
        "linkedinUrl": "https://www.linkedin.com/in/jöhn-dœ",
    }

    response = alice.client.post(f"/api/v1/jobs/{job.id}/applications", form, format="multipart")

    assert response.status_code == 202, response.content
    detail = alice.client.get(f"/api/v1/candidates/{response.json()['candidateId']}").json()
    assert detail["linkedinUrl"] == "https://www.linkedin.com/in/j%C3%B6hn-d%C5%93"
