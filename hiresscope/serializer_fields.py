"""Serializer fields every input serializer uses where DRF's defaults let bad values through to later layers.

- :class:`SingleLineCharField`: names and titles end up in email subjects, CSV cells, HTML titles and
  log lines, where a line break or another control character does harm (a newline in a subject makes
  Django refuse to send every email about that job). DRF's ``CharField`` already refuses NUL and lone
  surrogates; this also refuses every other control and line-separator character.
- :class:`BoundedIntegerField`: DRF's ``IntegerField`` accepts any size of integer, and a value past the
  column's range fails in the database as a 500 (SQLite above 2**63, PostgreSQL's ``integer`` above
  2**31 - 1). Every integer a client sends is bounded to what an ``integer`` column holds, or narrower.

``tests/test_input_fields.py`` walks every input serializer and fails for a writable text field that is
neither single-line nor declared multi-line, and for an integer field without bounds.
"""

import re

from django.core.validators import RegexValidator
from rest_framework import serializers

DB_INTEGER_MIN = -(2**31)
DB_INTEGER_MAX = 2**31 - 1

# C0 controls (tab, CR and LF included), DEL, C1 controls, and the Unicode line and paragraph separators.
_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class SingleLineCharField(serializers.CharField):
    """Text on one line: no line breaks, tabs or other control characters."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(
            RegexValidator(
                _LINE_BREAKING,
                inverse_match=True,
                message="Must be a single line without control characters.",
                code="single_line",
            )
        )


class BoundedIntegerField(serializers.IntegerField):
    """An integer within a database ``integer`` column's range unless narrower bounds are given."""

    def __init__(self, **kwargs):
        kwargs["min_value"] = max(kwargs.get("min_value", DB_INTEGER_MIN), DB_INTEGER_MIN)
        kwargs["max_value"] = min(kwargs.get("max_value", DB_INTEGER_MAX), DB_INTEGER_MAX)
        super().__init__(**kwargs)
