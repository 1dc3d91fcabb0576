"""The API renderer's camelCase keys are djangorestframework-camel-case's, only computed faster."""

from collections import OrderedDict
from datetime import UTC, datetime
from uuid import UUID

from django.utils.translation import gettext_lazy
from djangorestframework_camel_case.util import camelize as library_camelize

from hiresscope.renderers import CamelCaseJSONRenderer, camel_key, camelize

SAMPLE = {
    "status_changed_at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    "candidate": OrderedDict(full_name="Ada", source_key=None, email_2="a@b.test"),
    "results": [
        {"job_id": UUID(int=1), "score": 81, "must_haves": {"matched": ["Python"], "missing": []}},
        {"job_id": UUID(int=2), "flags": ({"code": "hidden_text", "excerpt_text": "x"},)},
    ],
    "already_camelCase": 1,
    "__dunder__": True,
    "trailing_": "value_with_underscores stays",
    gettext_lazy("lazy_key"): gettext_lazy("lazy value"),
    "nested_lists": [[{"a_b": 1}], []],
    7: "int key",
    "empty_dict": {},
}


def test_camelize_matches_the_library_on_varied_data():
    assert camelize(SAMPLE) == library_camelize(SAMPLE)
    for key in ("a_b", "email_2", "x_1_y", "_private", "snake_case_key", "nounderscore", "a__b"):
        assert camel_key(key) == next(iter(library_camelize({key: 0})))


def test_the_renderer_writes_the_same_json_as_the_library():
    from djangorestframework_camel_case.render import CamelCaseJSONRenderer as LibraryRenderer

    data = {key: value for key, value in SAMPLE.items() if not isinstance(key, int)}
    assert CamelCaseJSONRenderer().render(data) == LibraryRenderer().render(data)
