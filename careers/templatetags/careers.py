"""Template helpers for the careers pages: accessible form widgets, highlighted evidence, plain labels."""

from urllib.parse import urlencode

from django import template
from django.utils.html import escape, format_html

register = template.Library()

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
def widget(field):
    """Render a bound field's input tied to its hint and error (``aria-describedby``, ``aria-invalid``)."""
    # Ids the widget declares itself (the consent text, say) come first; then the hint and the error.
    described_by = field.field.widget.attrs.get("aria-describedby", "").split()
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    attrs = {}
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field) -> bool:
    return field.widget_type == "checkbox"


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


@register.simple_tag
def query(params: dict, **changes) -> str:
    """A query string from ``params`` with ``changes`` applied (None removes a key); starts with "?"."""
    merged = {**params, **changes}
    encoded = urlencode({key: value for key, value in merged.items() if value not in (None, "")})
    return format_html("?{}", encoded)
