"""Request parsers: camelCase JSON and multipart bodies, with a limit on how deep JSON may nest.

JSON is converted to snake_case by a recursive walk, which a document nested a few hundred levels deep
overflows (the standard parser itself gives up near a thousand). No API shape nests deeper than a
handful of levels, so the depth is measured, without recursion, right after parsing and anything past
``MAX_JSON_DEPTH`` is refused with a 400 envelope before any other code walks it.
"""

import json

from django.conf import settings
from djangorestframework_camel_case.parser import CamelCaseMultiPartParser
from djangorestframework_camel_case.settings import api_settings as camel_settings
from djangorestframework_camel_case.util import underscoreize
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_JSON_DEPTH = 32

__all__ = [
    "MAX_JSON_DEPTH",
    "CamelCaseJSONParser",
    "CamelCaseMultiPartParser",
    "DepthLimitedJSONParser",
    "json_depth",
    "json_loads_limited",
]


def json_depth(value) -> int:
    """How deeply lists and dicts nest in a parsed JSON value (a scalar is 0), walked without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def json_loads_limited(text: str):
    """``json.loads`` that raises ``ValueError`` (never ``RecursionError``) for JSON nested too deep.

    For every JSON a client sends: request bodies (the parsers below) and JSON in query parameters.
    """
    try:
        data = json.loads(text)
    except RecursionError as exc:
        raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels") from exc
    if json_depth(data) > MAX_JSON_DEPTH:
        raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
    return data


class DepthLimitedJSONParser(JSONParser):
    """JSON as sent (keys untouched), refused with a 400 when it nests deeper than ``MAX_JSON_DEPTH``."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json_loads_limited(stream.read().decode(encoding))
        except ValueError as exc:  # UnicodeDecodeError included
            raise ParseError(f"JSON parse error - {exc}") from exc


class CamelCaseJSONParser(DepthLimitedJSONParser):
    """The API's JSON: camelCase keys become snake_case once the depth is known to be safe."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        return underscoreize(data, **camel_settings.JSON_UNDERSCOREIZE)
