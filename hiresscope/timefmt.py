"""Timestamps as text, one way, wherever they leave the system: API bodies (DRF's ``DateTimeField`` is set
to the same format in ``REST_FRAMEWORK["DATETIME_FORMAT"]``), error details, webhook payloads, exports.

``2026-04-22T07:49:30.440800Z``: ISO 8601 in UTC, always six digits of microseconds (the precision
the database keeps, so the text sorts as the moments do and every value has the same length), ``Z``
for the zone. Plain dates are ``date.isoformat()`` (``2026-04-22``); that is not a timestamp.
"""

from datetime import UTC, datetime

# For DRF's DateTimeField, which formats with ``strftime`` after converting the value to the current
# time zone; TIME_ZONE is UTC and nothing activates another (tests/test_timefmt.py checks the agreement).
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def utc_iso(moment: datetime) -> str:
    """``2026-04-22T07:49:30.440800Z``: the moment in UTC, microseconds always written, ``Z`` for UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def utc_iso_or_none(moment: datetime | None) -> str | None:
    """:func:`utc_iso`, with ``None`` (a moment that has not happened) passed through."""
    return utc_iso(moment) if moment is not None else None


# HiringBranch's ``GET /v1/score`` writes .NET's round-trip format, and a client of it parses that.
NET_NEVER = "0001-01-01T00:00:00.0000000+00:00"  # .NET's DateTime.MinValue: "has not happened"


def net_iso(moment: datetime | None) -> str:
    """``2025-01-17T20:39:25.5810000+00:00`` (the HiringBranch seed's shape: seven fractional digits, an
    offset); a moment that has not happened is .NET's minimum date, as the seed's required, non-empty
    ``started``/``finished`` fields leave no other way to say it."""
    if moment is None:
        return NET_NEVER
    return utc_iso(moment)[:-1] + "0+00:00"
