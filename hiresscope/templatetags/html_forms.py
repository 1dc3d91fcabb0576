"""Template helpers every HTML interface shares (careers, the dashboard, the team pages): accessible form
widgets and query strings. Each site's own labels stay in its own tag library."""

from urllib.parse import urlencode

from django import template
from django.utils.html import format_html

register = template.Library()


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


@register.simple_tag
def query(params: dict, **changes) -> str:
    """A query string from ``params`` with ``changes`` applied (None removes a key); starts with "?"."""
    merged = {**params, **changes}
    encoded = urlencode({key: value for key, value in merged.items() if value not in (None, "")})
    return format_html("?{}", encoded)
