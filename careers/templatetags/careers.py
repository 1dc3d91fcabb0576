"""Template helpers for the careers pages: accessible form widgets, highlighted evidence, plain labels."""

from django import template
from django.utils.html import escape, format_html

from hiresscope.templatetags import html_forms

register = template.Library()
# The shared form helpers, under this library's name too (the careers templates load only this one).
register.filter("widget", html_forms.widget)
register.filter("is_checkbox", html_forms.is_checkbox)
register.simple_tag(html_forms.query, name="query")

# What a candidate reads for each pipeline stage: plainer than the employer's names, and kind.
STATUS_LABELS = {
    "NEW": "Received",
    "SHORTLISTED": "Shortlisted",
    "INTERVIEW": "Interview stage",
    "OFFER": "Offer",
    "HIRED": "Hired",
    "REJECTED": "Not selected",
}
PROCESSING_LABELS = {
    "QUEUED": "Your CV is waiting to be read",
    "PARSING": "Your CV is being read",
    "SCORING": "Your CV is being scored",
    "SCORED": "Scored",
    "FAILED": "We could not read your CV",
}
EN_DASH = "\u2013"
VERDICT_LABELS = {"MET": "Shown in your CV", "PARTIAL": "Partly shown", "MISSING": "Not found in your CV"}


@register.filter
def status_label(value: str) -> str:
    return STATUS_LABELS.get(value, value.title() if value else "")


@register.filter
def processing_label(value: str) -> str:
    return PROCESSING_LABELS.get(value, value)


@register.filter
def verdict_label(value: str) -> str:
    return VERDICT_LABELS.get(value, value or "")


@register.simple_tag
def highlight(text: str, quote: str | None):
    """``text`` with the first occurrence of ``quote`` marked (both escaped): the CV's own words, in context."""
    text = text or ""
    if not quote:
        return escape(text)
    start = text.lower().find(quote.lower())
    if start < 0:
        return escape(text)
    end = start + len(quote)
    return format_html("{}<mark>{}</mark>{}", text[:start], text[start:end], text[end:])


@register.filter
def salary(job) -> str:
    """ "45,000 to 60,000 EUR" (with an en dash), "from 45,000 EUR", "up to 60,000 EUR", or "" without one."""
    low, high, currency = job.salary_min, job.salary_max, job.salary_currency
    unit = f" {currency}" if currency else ""
    if low and high:
        return f"{low:,}{EN_DASH}{high:,}{unit}"
    if low:
        return f"from {low:,}{unit}"
    if high:
        return f"up to {high:,}{unit}"
    return ""


@register.filter
def years(value) -> str:
    """Decimal years as people write them: 3, 2.5."""
    if value is None:
        return ""
    return f"{value:f}".rstrip("0").rstrip(".")


@register.filter
def assess_clock(seconds) -> str:
    """Remaining seconds as the assessment timer shows them: ``12:05`` (or ``1:02:05`` past an hour)."""
    try:
        seconds = max(0, int(seconds))
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
