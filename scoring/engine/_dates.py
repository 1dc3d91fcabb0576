"""Date ranges in CV text ("Jan 2018 - Present", "2015-2019", "03/2016 - 05/2020", "March 2019 to June 2021").

Month arithmetic uses a month index, ``year * 12 + month - 1``.  A dated range becomes a half-open
interval ``[start, stop)`` of month indices:

* month precision counts both end months ("Jan 2018 - Mar 2018" = 3 months);
* year-only ranges count the whole years between the years ("2015-2019" = 48 months; a same-year range
  counts 6 months), i.e. a year-only date stands for January of that year;
* "present", "current", "now" (and "since 2019") run to the end of ``today``'s month.

Ranges before 1950, starting after ``today`` or longer than 50 years are ignored.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from ._warnings import STRICT, Guard

# fmt: off
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12, "spring": 4, "summer": 7, "fall": 10, "autumn": 10, "winter": 1,
}
# fmt: on


def _date_pattern(p: str, *, after_dash: bool = False, month_only: bool = False) -> str:
    """One date: "Mar 2016", "March 2016", "03/2016", "2016".  A bare year must not follow a dash
    ("03-2016" is a month), except on the end side of a range, where the dash is the separator
    ("2015-2019")."""
    year_guard = r"(?<![\d/.])" if after_dash else r"(?<![\d/.\-])"
    month = (
        r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
        r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|fall|autumn|winter"
    )
    year = "" if month_only else rf"|{year_guard}(?P<{p}y>(?:19|20)\d\d)"
    return (
        rf"(?:(?P<{p}mn>{month})\.?,?\s{{0,2}}'?(?P<{p}my>(?:19|20)\d\d)"
        rf"|(?<![\d/.])(?P<{p}nm>0?[1-9]|1[0-2])\s?[/.\-]\s?(?P<{p}ny>(?:19|20)\d\d)"
        rf"{year})(?!\d)"
    )


_PRESENT = r"(?P<present>present|current(?:ly)?|now|today|date|ongoing|till\s+date|to\s+date)\b"
DATE_RANGE = re.compile(
    rf"\b{_date_pattern('s')}\s{{0,8}}(?:-|\u2013|~|to|until|till|through|thru)\s{{0,8}}"
    rf"(?:{_date_pattern('e', after_dash=True)}|{_PRESENT})",
    re.IGNORECASE,
)
# A range whose dash was lost in extraction ("February 2017 Present", "4/2016 5/2022"): only read when
# the start has a month, since "2015 2016" is more often a list of years than a range.
_SPACED_RANGE = re.compile(
    rf"\b{_date_pattern('s', month_only=True)}[ \t]{{1,8}}(?:{_date_pattern('e', month_only=True)}|{_PRESENT})",
    re.IGNORECASE,
)
SINCE = re.compile(rf"\bsince\s+{_date_pattern('s')}", re.IGNORECASE)
STATED_YEARS = re.compile(
    r"(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)\.?\s+(?:of\s+)?(?:\w+\s+){0,2}?experience",
    re.IGNORECASE,
)
# A single date: "03/2016", "Mar 2016", "2016" (used to reject phone-number look-alikes).
SINGLE_DATE = re.compile(_date_pattern("s"), re.IGNORECASE)


@dataclass(frozen=True)
class DatedRange:
    """One date range found in a text: ``[start, stop)`` in month indices, and how it was written."""

    start: int
    stop: int
    current: bool
    year_only: bool
    match_start: int
    match_end: int
    written_end: int | None = None  # the end as written (January for a year), None for "present"


def month_index(m: re.Match[str], p: str) -> int | None:
    """Months since year 0 for one side of a date range; year-only dates start (and end) in January."""
    g = m.groupdict()
    if g.get(f"{p}mn"):
        name = g[f"{p}mn"].lower()
        return int(g[f"{p}my"]) * 12 + MONTHS.get(name, MONTHS.get(name[:3], 1)) - 1
    if g.get(f"{p}nm"):
        return int(g[f"{p}ny"]) * 12 + int(g[f"{p}nm"]) - 1
    if g.get(f"{p}y"):
        return int(g[f"{p}y"]) * 12
    return None


def _interval(start: int | None, stop: int | None, now: int) -> tuple[int, int] | None:
    if start is None or stop is None or start < 1950 * 12 or start > now:
        return None
    stop = min(stop, now + 1)
    if stop <= start:
        stop = start + 6 if stop == start else start
    if 0 < stop - start <= 50 * 12:
        return start, stop
    return None


def _range_of(m: re.Match[str], now: int) -> tuple[int, int, bool] | None:
    """(start, stop, current) of one DATE_RANGE match, or None when it is not a plausible range."""
    start = month_index(m, "s")
    if m.group("present"):
        stop: int | None = now + 1
    else:
        stop = month_index(m, "e")
        if stop is not None and not m.groupdict().get("ey"):
            stop += 1  # month precision: the end month counts
    span = _interval(start, stop, now)
    if span is None:
        return None
    # An end date beyond today ("until 06/2027", a fixed-term contract) is clipped: still going on.
    current = bool(m.group("present")) or (stop is not None and stop > now + 1)
    return span[0], span[1], current


def _dated_range(m: re.Match[str], now: int) -> DatedRange | None:
    got = _range_of(m, now)
    if not got:
        return None
    g = m.groupdict()
    year_only = bool(g.get("sy")) and (bool(g.get("ey")) or bool(g.get("present")))
    written = None if g.get("present") else month_index(m, "e")
    return DatedRange(got[0], got[1], got[2], year_only, m.start(), m.end(), written)


def _since_range(m: re.Match[str], now: int) -> DatedRange | None:
    span = _interval(month_index(m, "s"), now + 1, now)
    return DatedRange(span[0], span[1], True, bool(m.group("sy")), m.start(), m.end()) if span else None


def dated_ranges(text: str, *, today: datetime.date, guard: Guard = STRICT) -> list[DatedRange]:
    """Every valid date range ("A - B" and "since A") in ``text``, in order of appearance.

    With a lenient ``guard``, a range that cannot be read is left out (warning ``dates_failed``).
    """
    now = today.year * 12 + today.month - 1
    found: list[DatedRange] = []
    taken: list[tuple[int, int]] = []
    for pattern in (DATE_RANGE, _SPACED_RANGE):
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            dated = guard.run("dates_failed", None, _dated_range, m, now)
            if dated:
                found.append(dated)
                taken.append((m.start(), m.end()))
    for m in SINCE.finditer(text):
        dated = guard.run("dates_failed", None, _since_range, m, now)
        if dated:
            found.append(dated)
    found.sort(key=lambda r: r.match_start)
    return found


def merged_months(intervals: list[tuple[int, int]]) -> int:
    """Total months covered by half-open month intervals, overlaps counted once."""
    if not intervals:
        return 0
    ordered = sorted(intervals)
    total, (cur_start, cur_stop) = 0, ordered[0]
    for start, stop in ordered[1:]:
        if start <= cur_stop:
            cur_stop = max(cur_stop, stop)
        else:
            total += cur_stop - cur_start
            cur_start, cur_stop = start, stop
    return total + cur_stop - cur_start


def estimate_years(experience_text: str, *, today: datetime.date, fallback_text: str = "") -> float | None:
    """Years of experience from date ranges (overlaps merged), else from a stated "N years of experience".

    Month-precision ranges count both end months ("Jan 2018 - Mar 2018" = 3 months).  Year-only ranges
    count whole years between the years ("2015-2019" = 4 years; a same-year range counts 6 months).
    "Present", "current", "now" mean ``today``.  Ranges before 1950, starting after ``today`` or longer
    than 50 years are ignored.
    """
    return years_from_ranges(
        dated_ranges(experience_text, today=today), fallback_text=fallback_text or experience_text
    )


def years_from_ranges(ranges: list[DatedRange], *, fallback_text: str) -> float | None:
    """:func:`estimate_years` from ranges already found: merged years, else the largest stated
    "N years of experience" in ``fallback_text``, else None."""
    if ranges:
        return round(merged_months([(r.start, r.stop) for r in ranges]) / 12, 1)
    stated = [float(m.group(1)) for m in STATED_YEARS.finditer(fallback_text)]
    stated = [y for y in stated if 0 < y <= 50]
    return max(stated) if stated else None


def month_label(index: int) -> str:
    """Month index -> "YYYY-MM"."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
