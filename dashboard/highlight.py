"""The CV's text with every quoted piece of evidence marked, so a reviewer sees the words behind a verdict.

Pure: text and quotes in, escaped HTML out; no ORM, no request. The engine quotes the CV it scored (the
text normalised, protected lines removed), which can differ from the stored text in case and spacing,
so a quote is found leniently: case-insensitively, any run of whitespace matching any other. When a
quote occurs more than once, the occurrence nearest the engine's offset is taken (the first without one).

Marks never nest: quotes that overlap (two requirements citing one line, or the same words twice) are
merged into one ``<mark>`` carrying the id of the quote that starts first (the longest of those starting
together), and every merged quote points at it. A quote
that cannot be found is reported, so the page can show it beside its requirement instead of a dead link.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Quote:
    """One piece of evidence to find: its anchor (``ev-3``), the words, where the engine saw them, and
    the anchor of the requirement it supports (the mark links back there)."""

    anchor: str
    text: str
    back: str
    hint: int | None = None


@dataclass
class Highlighted:
    html: SafeString
    # Each quote's anchor -> the id of the mark that shows it (itself, or the mark it was merged into).
    targets: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def quote_pattern(quote: str) -> re.Pattern | None:
    """A pattern matching ``quote`` whatever its case and spacing; None for a quote with no words."""
    words = _WORD.findall(quote)
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words), re.IGNORECASE)


def find_quote(text: str, quote: str, hint: int | None = None) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text`` (start, end), leniently; the occurrence nearest ``hint`` if several."""
    pattern = quote_pattern(quote)
    if pattern is None:
        return None
    found = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not found:
        return None
    if hint is None:
        return found[0]
    return min(found, key=lambda span: abs(span[0] - hint))


def highlight(text: str, quotes: list[Quote]) -> Highlighted:
    """``text`` escaped, each found quote wrapped in ``<mark id=anchor>`` linking back to its requirement."""
    spans: list[tuple[int, int, Quote]] = []
    missing: list[str] = []
    for quote in quotes:
        span = find_quote(text, quote.text, quote.hint)
        if span is None:
            missing.append(quote.anchor)
        else:
            spans.append((*span, quote))
    spans.sort(key=lambda item: (item[0], -item[1]))

    # Merge overlapping spans: one mark per merged group, named after its first quote.
    groups: list[list] = []  # [start, end, first quote, [anchors]]
    for start, end, quote in spans:
        if groups and start < groups[-1][1]:
            group = groups[-1]
            group[1] = max(group[1], end)
            group[3].append(quote.anchor)
        else:
            groups.append([start, end, quote, [quote.anchor]])

    targets: dict[str, str] = {}
    parts: list[SafeString] = []
    position = 0
    for start, end, first, anchors in groups:
        for anchor in anchors:
            targets[anchor] = first.anchor
        parts.append(escape(text[position:start]))
        parts.append(
            format_html(
                '<mark id="{}" class="evidence-mark"><a href="#{}">{}</a></mark>',
                first.anchor,
                first.back,
                text[start:end],
            )
        )
        position = end
    parts.append(escape(text[position:]))
    # Every part is escaped text or a mark built by format_html, so joining them stays safe.
    html = format_html_join("", "{}", ((part,) for part in parts))
    return Highlighted(html=html, targets=targets, missing=missing)


@dataclass
class EvidenceView:
    """What the application page shows of an explanation: each requirement (anchor ``req-N``) with its
    quotes (anchor ``ev-N``, the id of the mark that shows it or None), and the highlighted CV text."""

    requirements: list[dict]
    cv: Highlighted | None


def _spans(item: dict) -> list[dict]:
    spans = item.get("evidence") or []
    if isinstance(spans, str):  # explanations of engine 0.2 held one string
        spans = [{"text": spans, "quote": None}]
    return [span for span in spans if isinstance(span, dict)]


def evidence_view(explanation: dict | None, text: str | None) -> EvidenceView:
    """Number every requirement and quote of ``explanation`` and mark the quotes in ``text`` (None: the
    CV is not shown, as under blind review; the quotes are still listed beside their requirement)."""
    rows: list[dict] = []
    quotes: list[Quote] = []
    for index, item in enumerate((explanation or {}).get("requirements") or [], start=1):
        if not isinstance(item, dict):
            continue
        anchor = f"req-{index}"
        evidence = []
        for span in _spans(item):
            words = span.get("quote") or span.get("text") or ""
            if not words.strip():
                continue
            quote = Quote(anchor=f"ev-{len(quotes) + 1}", text=words, back=anchor, hint=span.get("start"))
            quotes.append(quote)
            evidence.append({"anchor": quote.anchor, "quote": words, "context": span.get("text") or ""})
        rows.append({**item, "anchor": anchor, "evidence_spans": evidence})
    cv = highlight(text, quotes) if text else None
    for row in rows:
        for span in row["evidence_spans"]:
            span["target"] = cv.targets.get(span["anchor"]) if cv else None
    return EvidenceView(requirements=rows, cv=cv)
