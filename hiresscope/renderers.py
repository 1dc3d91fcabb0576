"""The API's JSON renderer: snake_case keys out as camelCase, as djangorestframework-camel-case does.

The library's ``camelize`` runs a regular expression on every key of every row and recurses into every
value, numbers included (it probes each with ``iter()``); on a 20-row list that was a tenth of the
request. This one converts each distinct key once (``hiresscope.casing.camel_key``, memoised) and
recurses only into containers. The output is the library's: its key pattern, and the project sets no
``ignore_fields`` / ``ignore_keys`` (checked at import).
"""

from django.conf import settings
from django.utils.encoding import force_str
from django.utils.functional import Promise
from rest_framework.renderers import JSONRenderer

from hiresscope.casing import camel_key

_SUPPORTED_OPTIONS = {"no_underscore_before_number"}  # an option of the parser side only
_unsupported = set(getattr(settings, "JSON_UNDERSCOREIZE", {})) - _SUPPORTED_OPTIONS
if _unsupported:  # pragma: no cover - a configuration error, caught when the module loads
    raise ImportError(f"hiresscope.renderers does not implement JSON_UNDERSCOREIZE options {_unsupported}")


_CONTAINERS = (dict, list, tuple, set, frozenset, Promise)


def _key(key):
    if isinstance(key, Promise):
        key = force_str(key)
    return camel_key(key) if isinstance(key, str) else key


def camelize(data):
    """``data`` with every dict key camelCased, at any depth; lists, tuples and sets become lists."""
    if isinstance(data, dict):
        return {
            _key(key): camelize(value) if isinstance(value, _CONTAINERS) else value
            for key, value in data.items()
        }
    if isinstance(data, list | tuple | set | frozenset):
        return [camelize(item) if isinstance(item, _CONTAINERS) else item for item in data]
    if isinstance(data, Promise):
        return force_str(data)
    return data


class CamelCaseJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        return super().render(camelize(data), accepted_media_type, renderer_context)
