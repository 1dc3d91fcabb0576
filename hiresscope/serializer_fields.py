"""Serializer fields every input serializer uses where DRF's defaults let bad values through to later layers.

- :class:`SingleLineCharField`: names and titles end up in email subjects, CSV cells, HTML titles and
  log lines, where a line break or another control character does harm (a newline in a subject makes
  Django refuse to send every email about that job). DRF's ``CharField`` already refuses NUL and lone
  surrogates; this also refuses every other control and line-separator character.
- :class:`BoundedIntegerField`: DRF's ``IntegerField`` accepts any size of integer, and a value past the
  column's range fails in the database as a 500 (SQLite above 2**63, PostgreSQL's ``integer`` above
  2**31 - 1). Every integer a client sends is bounded to what an ``integer`` column holds, or narrower.

- :class:`MultiLineCharField`: text that may hold line breaks says so where it is declared.
- :class:`InputSerializer`: values in a JSON body must have the types the schema gives them.

``tests/test_input_fields.py`` walks every input serializer and fails for one that does not inherit
``InputSerializer``, for a writable text field that is neither single-line nor multi-line, and for an
integer field without bounds.
"""

from django.core.validators import RegexValidator
from django.http import QueryDict
from django.utils.encoding import iri_to_uri
from rest_framework import serializers

DB_INTEGER_MIN = -(2**31)
DB_INTEGER_MAX = 2**31 - 1

# No C0 control (tab, CR and LF included), DEL, C1 control, or Unicode line or paragraph separator. A
# positive pattern, so that the OpenAPI schema (which copies it) says what is allowed.
SINGLE_LINE_PATTERN = r"\A[^\x00-\x1f\x7f-\x9f\u2028\u2029]*\Z"
MULTI_LINE_PATTERN = r"\A[^\x00]*\Z"
# A phone number as people type it. \A and \Z: Python's $ also takes a trailing newline.
PHONE_PATTERN = r"\A\+?[0-9 ().-]{6,30}\Z"
# Empty, or http(s):// then a host and the rest, none of it spaces or control characters.
_URL_CHAR = r"[^\x00-\x20\x7f-\x9f\u2028\u2029]"
_HOST_CHAR = r"[^\x00-\x20\x7f-\x9f\u2028\u2029/?#]"
_HTTP = r"[hH][tT][tT][pP][sS]?://"
HTTP_URL_PATTERN = rf"\A(?:{_HTTP}{_HOST_CHAR}+{_URL_CHAR}*)?\Z"
LINKEDIN_URL_PATTERN = (
    rf"\A(?:{_HTTP}(?:{_HOST_CHAR}*\.)?[lL][iI][nN][kK][eE][dD][iI][nN]\.[cC][oO][mM]/{_URL_CHAR}*)?\Z"
)


class SingleLineCharField(serializers.CharField):
    """Text on one line: no line breaks, tabs or other control characters."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(
            RegexValidator(
                SINGLE_LINE_PATTERN,
                message="Must be a single line without control characters.",
                code="single_line",
            )
        )


class MultiLineCharField(serializers.CharField):
    """Text that may run over lines (a job ad, a note, a password): anything but NUL, as DRF already
    requires; the pattern only makes the OpenAPI schema say so."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(
            RegexValidator(
                MULTI_LINE_PATTERN, message="Null characters are not allowed.", code="null_characters"
            )
        )


class HttpUrlField(serializers.CharField):
    """An http(s) link as people paste it (a profile URL): scheme, then anything without spaces.

    Django's URLField also judges host names (label lengths, TLDs), which the schema cannot say and a
    stored link does not need; these links are shown, never fetched."""

    pattern = HTTP_URL_PATTERN
    message = "Enter an http(s) URL."

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(RegexValidator(self.pattern, message=self.message, code="invalid_url"))

    def to_internal_value(self, data):
        # Stored as a URI: non-ASCII and characters a URI may not hold become percent-escapes, so the
        # link reads back as the `uri` the output schema promises (and any client can open it).
        return iri_to_uri(super().to_internal_value(data))


class LinkedInUrlField(HttpUrlField):
    """A link to a LinkedIn page (its host is linkedin.com or a subdomain of it)."""

    pattern = LINKEDIN_URL_PATTERN
    message = "Must be a LinkedIn profile URL (https://www.linkedin.com/in/…)."


class BoundedIntegerField(serializers.IntegerField):
    """An integer within a database ``integer`` column's range unless narrower bounds are given."""

    def __init__(self, **kwargs):
        kwargs["min_value"] = max(kwargs.get("min_value", DB_INTEGER_MIN), DB_INTEGER_MIN)
        kwargs["max_value"] = min(kwargs.get("max_value", DB_INTEGER_MAX), DB_INTEGER_MAX)
        super().__init__(**kwargs)


def json_type_error(field: serializers.Field, value) -> str | None:
    """Why ``value``, as a JSON body sent it, has the wrong type for ``field``; None when it is fine.

    DRF coerces: ``0`` is a valid boolean, ``5`` a valid name, ``"5"`` a valid number. The OpenAPI schema
    promises types, and a client that sends the wrong one has a bug it should hear about.
    """
    if value is None:
        return None  # allow_null decides
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else "Must be true or false."
    if isinstance(field, serializers.IntegerField):
        ok = not isinstance(value, bool) and (
            isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        )
        return None if ok else "Must be a whole number."
    if isinstance(field, serializers.FloatField | serializers.DecimalField):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "Must be a number."
    if isinstance(field, serializers.ListField | serializers.MultipleChoiceField):
        if not isinstance(value, list):
            return "Must be a list."
        child = getattr(field, "child", None)
        if child is None:  # a MultipleChoiceField: a list of strings
            return None if all(isinstance(item, str) for item in value) else "Must be a list of strings."
        for index, item in enumerate(value):
            error = json_type_error(child, item)
            if error:
                return f"Item {index}: {error}"
        return None
    if isinstance(field, serializers.DictField):
        return None if isinstance(value, dict) else "Must be an object."
    if isinstance(
        field,
        serializers.CharField | serializers.ChoiceField | serializers.DateTimeField | serializers.DateField,
    ):
        return None if isinstance(value, str) else "Must be a string."
    return None  # nested serializers check their own shape; JSON and file fields take what they take


class InputSerializer(serializers.Serializer):
    """The base of every request-body serializer: values in a JSON body must have their schema's types.

    Form and multipart bodies (a ``QueryDict``) carry only strings, so there DRF's parsing of text stays.
    """

    def to_internal_value(self, data):
        if isinstance(data, dict) and not isinstance(data, QueryDict):
            errors = {}
            for name, field in self.fields.items():
                if not field.read_only and name in data:
                    error = json_type_error(field, data[name])
                    if error:
                        errors[name] = [error]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)
