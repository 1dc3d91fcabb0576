"""Timestamps as text, one way: ISO 8601 in UTC with a ``Z`` (CSV cells, webhook payloads)."""

from datetime import UTC, datetime


def utc_iso(moment: datetime) -> str:
    """``2026-04-22T07:49:30.440800Z``: ``isoformat()`` of the moment in UTC, ``+00:00`` written ``Z``."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
