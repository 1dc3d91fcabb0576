"""PDF text extraction: pypdfium2 for speed, pdfminer.six for the pages pdfium gets wrong.

pdfium reads a page in ~10 ms but only emits a space where the PDF has a space glyph or a wide gap, so CVs
that position every word separately (most HTML-to-PDF and many Word exports) come out glued
("FinancialAccountantspecializing"); it also follows content-stream order, which on some two-column
layouts interleaves the columns line by line. pdfminer infers spaces from glyph gaps and orders text boxes
by layout, at a fraction of the speed (~3 pages/s on real CVs), so it only sees the pages that need it.

Most glued pages are repaired without pdfminer. The converters behind them write every glyph as its own
text object and the word space as one more, whose glyph has no ink; pdfium drops text objects of zero
width before it builds the text page, space included. ``_respace`` puts a space back wherever a dropped
zero-width text object sat between two characters in content order. On the 150-CV corpus (bench/parsing.py)
it fixes 285 of the 290 pages and the pipeline's tokens agree with the all-pdfminer pipeline's on 99.97%
(the rest is line-end hyphenation), with glued words at 0.58% against pdfminer's 0.57% (16.9% for pdfium
alone), at 29 pages/s instead of 2.6; the pages it cannot fix (no dropped objects: the word gap is pure
positioning, 2 pages here) and two-column pages still go to pdfminer. Spacing from glyph positions and
advance widths alone was tried and rejected: these converters position glyphs on a pixel grid that
disagrees with the fonts' widths, which left 2% of tokens glued ("ofthe", "teamof").

Text hidden from a reader (white, tiny, invisible or off-page; see ``_pdf_hidden``) is found on pdfium's
text page and cut out of whichever text the page ends up with. Every routing decision (glued, re-spacing
accepted, two columns) is still taken on the full text, so a page with nothing hidden comes out exactly as
before; a page routed to pdfminer has the same characters left out of pdfminer's layout, matched by their
origins, or keeps pdfium's text if they cannot all be matched.
"""

from __future__ import annotations

import ctypes
import io
import logging
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTContainer, LTPage, LTText, LTTextBox
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from ._errors import UnreadableDocument
from ._hidden import (
    MAX_SEGMENTS,
    SOURCE_CHARS_PER_SEGMENT,
    HiddenCollector,
    HiddenSegment,
    hidden_spans,
    splice,
)
from ._pdf_hidden import Budget, PageHidden, find_hidden

logger = logging.getLogger(__name__)

# PDFium keeps global state and is not thread-safe; this lock makes the module safe under threaded
# servers or workers. It is held only while pdfium runs (milliseconds per page), not during pdfminer.
_PDFIUM_LOCK = threading.Lock()


def _reset_lock_in_child() -> None:
    global _PDFIUM_LOCK  # the child needs a fresh lock, not the parent's held one
    _PDFIUM_LOCK = threading.Lock()


# A fork (the extraction sandbox, Celery's prefork pool) copies pdfium's global state as it is at that
# instant; taking the lock around fork() means no thread is inside pdfium then, so the copy is consistent.
# The child inherits the lock held and gets a new one. The hooks look the lock up by name at call time:
# a bound ``_PDFIUM_LOCK.acquire`` would keep pointing at the held copy in the child and deadlock its own
# forks (prefork worker -> sandbox child).
if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=lambda: _PDFIUM_LOCK.acquire(),
        after_in_parent=lambda: _PDFIUM_LOCK.release(),
        after_in_child=_reset_lock_in_child,
    )

# A CV has 1-4 pages; 20 leaves room for long academic CVs while bounding the work a hostile
# 5,000-page upload can cause (pdfminer alone runs at ~3 pages/s on real CVs).
MAX_PAGES = 20
# Beyond this the upload is a book or a generated attack, not a CV with appendices; refused outright.
MAX_DOCUMENT_PAGES = 500
# Below this many non-space characters over all read pages there is no usable text layer.
MIN_TEXT_CHARS = 20
# Glue detector: a run of 15+ letters is rare in real words ("troubleshooting", "responsibilities"), while
# slash/hyphen compounds, URLs and e-mails are broken up by punctuation. A page is glued when more than
# 1.5% of its tokens hold such a run, and at least two do. Calibrated per page on the 150-CV corpus, with
# pdfminer's output of the same pages as the clean reference: 287/291 glued pages caught (the misses are a
# 15-token page and mildly glued two-column pages), false alarms on 2 of 301 clean pages.
GLUE_RUN_LETTERS = 15
GLUE_SHARE = 0.015
GLUE_MIN_TOKENS = 2
# Pages with more glyphs than this are left to pdfium: pdfminer's cost grows with glyph count and a
# CV page has 2-5k. Likewise text-rect scanning for columns is bounded.
PDFMINER_MAX_CHARS = 20_000
COLUMN_MAX_RECTS = 6_000
# Two-column detector, on pdfium's text rectangles in 2 pt bins across the page: a clear vertical strip
# with a left-aligned column of text beside it, which pdfium reads straight across on several lines.
# Calibrated to flag two-column "Highlights" lists written row by row (11 pages of the 150-CV corpus at the
# time; 0 of its 290 pages re-measured with re-spacing in place); a two-column journal article is not
# flagged, because pdfium already reads it a column at a time.
COLUMN_BIN_PT = 2.0
COLUMN_SEARCH = (0.2, 0.8)  # the gutter lies in the middle 60% of the page (sidebars included)
COLUMN_GUTTER_BINS = 3  # a clear strip >= 6 pt: journals use ~8 pt, and word gaps never line up that long
COLUMN_CROSSING_SHARE = 0.15  # of text lines: a full-width name, contact line and summary may cross
COLUMN_MIN_LINES = 5
COLUMN_MIN_ALIGNED = 0.4  # of right-hand lines starting at the column edge; figures and indents dilute it
COLUMN_MIN_OVERLAP = 0.5  # the columns must sit side by side, not one above the other
COLUMN_MIN_JUMPS = 3  # lines that pdfium reads straight across the gutter
RECT_MERGE_PT = 0.5  # consecutive text rects this close on one line are one word
# Re-spacing (see the module docstring) walks every page object; a CV page has a few thousand. Pages beyond
# this go to pdfminer as before (which has its own glyph limit). Between two consecutive characters only a
# few objects can be word spaces; a longer run is drawings or a jump elsewhere on the page.
RESPACE_MAX_OBJECTS = 30_000
RESPACE_MAX_RUN = 8

LAPARAMS = LAParams(
    line_overlap=0.5,
    char_margin=2.0,
    word_margin=0.1,  # pdfminer's default; inserts a space at gaps > 10% of the glyph size
    line_margin=0.5,
    boxes_flow=0.5,  # order boxes by column first, then top to bottom
    detect_vertical=False,
    all_texts=True,  # also lay out text inside form XObjects, else it comes out with no spaces
)

_GLUED_RUN = re.compile(rf"[^\W\d_]{{{GLUE_RUN_LETTERS},}}")
Rect = tuple[float, float, float, float]  # pdfium text rectangle: left, bottom, right, top

_CID = re.compile(r"\(cid:\d+\)")

# pypdfium2's bindings return typed handles whose address costs a ctypes.cast (~3 us, a quarter of the
# re-spacing time); the same C functions declared as returning void* give the address as an int.
_HANDLE_AT = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
_text_object_at = _HANDLE_AT(ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value)
_page_object_at = _HANDLE_AT(ctypes.cast(pdfium_c.FPDFPage_GetObject, ctypes.c_void_p).value)
_BLANK_EXTENT = 0.01  # points: pdfium's own threshold for dropping a text object


@dataclass
class PdfExtraction:
    """Per-page text plus how it was obtained (the benchmark and tests look at the routing)."""

    pages: list[str] = field(default_factory=list)
    page_count: int = 0
    pdfminer_pages: list[int] = field(default_factory=list)
    respaced_pages: list[int] = field(default_factory=list)
    has_images: bool = False
    hidden_pages: dict[int, PageHidden] = field(default_factory=dict)
    collector: HiddenCollector = field(default_factory=HiddenCollector)

    @property
    def hidden(self) -> tuple[HiddenSegment, ...]:
        """The reported hidden segments, page by page (capped, see ``_hidden``)."""
        return self.collector.result()

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)


def extract_pdf(data: bytes, *, use_pdfminer: bool = True, respace: bool = True) -> PdfExtraction:
    """Extract text from the first ``MAX_PAGES`` pages; raises ``UnreadableDocument`` on failure.

    ``use_pdfminer`` and ``respace`` switch off the two repairs of glued or misordered pages, for the
    benchmark's baselines.
    """
    with _PDFIUM_LOCK:
        result, candidates = _read_with_pdfium(data, respace=respace)
    if use_pdfminer and candidates:
        _reread_with_pdfminer(data, result, candidates)
    return result


def _read_with_pdfium(data: bytes, *, respace: bool = True) -> tuple[PdfExtraction, list[int]]:
    """pdfium text of each page, and the indexes of pages pdfminer should redo."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise UnreadableDocument(
                "This PDF is password protected. Please upload a copy without a password.", "encrypted_pdf"
            ) from exc
        raise UnreadableDocument("This PDF is damaged and cannot be read.", "corrupt_file") from exc

    result, candidates = PdfExtraction(), []
    budget = Budget()
    try:
        result.page_count = len(document)
        if result.page_count > MAX_DOCUMENT_PAGES:
            raise UnreadableDocument(
                f"This PDF has {result.page_count:,} pages, which is not a CV; the limit is "
                f"{MAX_DOCUMENT_PAGES} pages.",
                "document_too_large",
            )
        for index in range(min(result.page_count, MAX_PAGES)):
            page = _read_page(document, index, budget, respace=respace)
            result.pages.append(page.text)
            result.has_images |= page.has_images
            if page.needs_layout:
                candidates.append(index)
            if page.respaced:
                result.respaced_pages.append(index)
            if page.hidden is not None:
                result.hidden_pages[index] = page.hidden
                for text, reason in page.segments:
                    result.collector.add(text, reason, index + 1)
    finally:
        document.close()
    return result, candidates


@dataclass
class _PageRead:
    """One page as pdfium read it: visible text, routing, and what was hidden on it."""

    text: str
    needs_layout: bool = False  # pdfminer should redo the page
    has_images: bool = False
    respaced: bool = False
    hidden: PageHidden | None = None
    segments: list[tuple[str, str]] = field(default_factory=list)  # (hidden text, reason)


def _read_page(document: pdfium.PdfDocument, index: int, budget: Budget, *, respace: bool) -> _PageRead:
    try:
        page = document[index]
    except pdfium.PdfiumError:
        logger.warning("pdfium could not load page %d", index)
        return _PageRead("")
    result = _PageRead("")
    try:
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
            # pdfium ends lines with CRLF; a lone CR is a glyph some Word exports put between words.
            text = _clean_breaks(raw)
            n_chars = textpage.count_chars()
            # get_text_range may skip or add characters relative to the char list; then read them one by one.
            chars = raw if len(raw) == n_chars else _chars_one_by_one(textpage, n_chars)
            hidden = find_hidden(page, textpage, chars, n_chars, budget)
            units: list[str] | str = chars
            spans = hidden.spans if hidden is not None else []
            glued = looks_glued(text)
            if glued and respace:
                fixed = _respace(page, textpage, chars, n_chars)
                if fixed is not None and not looks_glued(_clean_breaks("".join(fixed[0]))):
                    units, sources = fixed
                    text, glued, result.respaced = _clean_breaks("".join(units)), False, True
                    if spans:
                        spans = _spans_in(spans, sources, n_chars)
            result.needs_layout = 0 < n_chars <= PDFMINER_MAX_CHARS and (
                glued or _has_two_columns(textpage, page.get_width())
            )
            if hidden is not None:
                text = _clean_breaks(splice(units, spans))
                result.hidden = hidden
                # Enough of each span for the collector's caps, however much is hidden (re-spaced if the
                # page was, so hidden words keep their spaces too).
                result.segments = [
                    ("".join(units[s : min(e + 1, s + SOURCE_CHARS_PER_SEGMENT)]), reason)
                    for s, e, reason in spans[:MAX_SEGMENTS]
                ]
                if result.needs_layout:
                    hidden.locate(textpage, chars)
        finally:
            textpage.close()
        result.text = text
        result.has_images = len(text.split()) < 3 and _has_images(page)
    finally:
        page.close()
    return result


def _chars_one_by_one(textpage: pdfium.PdfTextPage, n_chars: int) -> list[str]:
    return [chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)) for i in range(n_chars)]


def _spans_in(
    spans: list[tuple[int, int, str]], sources: list[int], n_chars: int
) -> list[tuple[int, int, str]]:
    """Character-index spans moved to positions in the re-spaced text (whose ``sources`` map back)."""
    position = [0] * n_chars
    for k, source in enumerate(sources):
        if source >= 0:
            position[source] = k
    return [(position[start], position[last], reason) for start, last, reason in spans]


def _clean_breaks(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", " ")


def _respace(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, chars: str | list[str], n_chars: int
) -> tuple[list[str], list[int]] | None:
    """The page's characters with the word spaces pdfium dropped put back, or ``None`` if it dropped none.

    Characters are compared by the position of their text objects in the page's content order: when a
    zero-width text object lies between two consecutive characters, a space was drawn there. Returned with,
    for each output character, the index of the text-page character it is (-1 for an inserted space).
    """
    n_objects = pdfium_c.FPDFPage_CountObjects(page.raw)
    if not 0 < n_objects <= RESPACE_MAX_OBJECTS:
        return None
    page_handle = ctypes.c_void_p(ctypes.cast(page.raw, ctypes.c_void_p).value)
    text_handle = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
    order = {_page_object_at(page_handle, k): k for k in range(n_objects)}
    blank: dict[int, bool] = {}
    out: list[str] = []
    sources: list[int] = []
    previous = None  # content-order position of the last character's text object
    inserted = 0
    for i, char in enumerate(chars):
        # Generated characters (pdfium's own spaces and line breaks) have no object; characters inside
        # form XObjects have one that is not a page object. Neither can be placed in content order.
        position = order.get(_text_object_at(text_handle, i) or 0)
        if (
            position is not None
            and previous is not None
            and 1 < position - previous <= RESPACE_MAX_RUN
            and out
            and not out[-1].isspace()
            and any(_is_blank_text(page, k, blank) for k in range(previous + 1, position))
        ):
            out.append(" ")
            sources.append(-1)
            inserted += 1
        out.append(char)
        sources.append(i)
        previous = position
    return (out, sources) if inserted else None


def _is_blank_text(page: pdfium.PdfPage, index: int, cache: dict[int, bool]) -> bool:
    """True for a text object with no extent: the kind pdfium leaves out of the text page."""
    if index not in cache:
        obj = pdfium_c.FPDFPage_GetObject(page.raw, index)
        blank = False
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_TEXT:
            left, bottom, right, top = (ctypes.c_float() for _ in range(4))
            if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                blank = right.value - left.value < _BLANK_EXTENT and top.value - bottom.value < _BLANK_EXTENT
        cache[index] = blank
    return cache[index]


def looks_glued(text: str) -> bool:
    """True when the text looks like words were run together for lack of space glyphs."""
    glued = len(_GLUED_RUN.findall(text))
    return glued >= GLUE_MIN_TOKENS and glued > GLUE_SHARE * len(text.split())


def _has_two_columns(textpage: pdfium.PdfTextPage, page_width: float) -> bool:
    """Look for a gutter with a left-aligned column beside it that pdfium reads across (text rects)."""
    n_rects = textpage.count_rects()
    if not 2 * COLUMN_MIN_LINES <= n_rects <= COLUMN_MAX_RECTS or page_width <= 0:
        return False
    rects = _text_rects(textpage, n_rects)
    lines = _group_lines(rects)

    # Coverage counts lines, not rects: some producers give one rect per word or even per glyph.
    n_bins = int(page_width / COLUMN_BIN_PT) + 1
    coverage = [0] * n_bins
    for line in lines:
        covered: set[int] = set()
        for left, _, right, _ in line:
            covered.update(
                range(max(0, int(left / COLUMN_BIN_PT)), min(n_bins - 1, int(right / COLUMN_BIN_PT)) + 1)
            )
        for b in covered:
            coverage[b] += 1
    allowed = max(1, int(COLUMN_CROSSING_SHARE * len(lines)))
    run = 0
    for b in range(int(n_bins * COLUMN_SEARCH[0]), int(n_bins * COLUMN_SEARCH[1])):
        run = run + 1 if coverage[b] <= allowed else 0
        if run == COLUMN_GUTTER_BINS:
            gutter = ((b + 1 - run) * COLUMN_BIN_PT, (b + 1) * COLUMN_BIN_PT)
            if _columns_beside(lines, gutter) and _read_across(rects, gutter):
                return True
    return False


def _text_rects(textpage: pdfium.PdfTextPage, n_rects: int) -> list[Rect]:
    """pdfium's text rects wider than 1 pt, in text order, with touching rects on one line merged.

    Producers that write every glyph as its own object get one rect per glyph (2-5k on a CV page);
    merging them into words keeps the geometry the detector looks at (gutters are >= 6 pt wide) and makes
    it several times cheaper. Read through the raw API: pypdfium2's ``get_rect`` costs ~4 us a call.
    """
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    get_rect, handle = pdfium_c.FPDFText_GetRect, textpage.raw
    rects: list[Rect] = []
    for index in range(n_rects):
        get_rect(handle, index, left, top, right, bottom)
        rect = (left.value, bottom.value, right.value, top.value)
        if rect[2] - rect[0] <= 1:
            continue
        if rects:
            last = rects[-1]
            if (
                abs(last[1] - rect[1]) < RECT_MERGE_PT
                and abs(last[3] - rect[3]) < RECT_MERGE_PT
                and -RECT_MERGE_PT < rect[0] - last[2] < RECT_MERGE_PT
            ):
                rects[-1] = (last[0], min(last[1], rect[1]), rect[2], max(last[3], rect[3]))
                continue
        rects.append(rect)
    return rects


def _group_lines(rects: list[Rect]) -> list[list[Rect]]:
    """Group rects into text lines: vertical centres within half a rect height of the line's first rect."""
    lines: list[list[Rect]] = []
    line_centre = float("inf")
    for rect in sorted(rects, key=lambda r: -(r[1] + r[3])):
        centre = (rect[1] + rect[3]) / 2
        if lines and abs(line_centre - centre) <= max(rect[3] - rect[1], 1.0) / 2:
            lines[-1].append(rect)
        else:
            lines.append([rect])
            line_centre = centre
    return lines


def _columns_beside(lines: list[list[Rect]], gutter: tuple[float, float]) -> bool:
    """Both sides of the gutter hold enough lines, side by side, and the right side is left-aligned."""
    g0, g1 = gutter
    left: list[Rect] = []
    right: list[Rect] = []
    right_starts: list[int] = []
    left_lines = 0
    for line in lines:
        if any(r[0] < g1 and r[2] > g0 for r in line):
            continue  # crosses the gutter: a heading or full-width line, part of neither column
        line_left = [r for r in line if r[2] <= g0]
        line_right = [r for r in line if r[0] >= g1]
        left += line_left
        right += line_right
        left_lines += bool(line_left)
        if line_right:
            right_starts.append(round(min(r[0] for r in line_right) / COLUMN_BIN_PT))
    if left_lines < COLUMN_MIN_LINES or len(right_starts) < COLUMN_MIN_LINES:
        return False
    # A real right column is left-aligned; right-aligned dates or ragged line ends are not.
    edge = max(set(right_starts), key=lambda s: sum(abs(s - x) <= 1 for x in right_starts))
    aligned = sum(abs(edge - x) <= 1 for x in right_starts)
    if aligned < COLUMN_MIN_LINES or aligned < COLUMN_MIN_ALIGNED * len(right_starts):
        return False
    lo_l, hi_l = min(r[1] for r in left), max(r[3] for r in left)
    lo_r, hi_r = min(r[1] for r in right), max(r[3] for r in right)
    overlap = min(hi_l, hi_r) - max(lo_l, lo_r)
    return overlap >= COLUMN_MIN_OVERLAP * min(hi_l - lo_l, hi_r - lo_r)


def _read_across(rects: list[Rect], gutter: tuple[float, float]) -> bool:
    """True when pdfium's reading order jumps from the left column to the right one within a line.

    pdfium follows the content stream: most producers write a column at a time, and then its order is
    already right and pdfminer would only cost time; some write row by row across both columns.
    """
    jumps = 0
    for prev, cur in pairwise(rects):  # rects come in text order
        if prev[2] <= gutter[0] and cur[0] >= gutter[1]:
            height = max(prev[3] - prev[1], cur[3] - cur[1], 1.0)
            jumps += abs((prev[1] + prev[3]) - (cur[1] + cur[3])) / 2 <= height / 2
    return jumps >= COLUMN_MIN_JUMPS


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))


def _reread_with_pdfminer(data: bytes, result: PdfExtraction, candidates: list[int]) -> None:
    """Replace candidate pages with pdfminer's text where it is plausibly better; never fail the document."""
    try:
        for index, layout, page in _pdfminer_layouts(data, candidates):
            hidden = result.hidden_pages.get(index)
            mined = _render(layout) if hidden is None else _render_visible(layout, hidden, page)
            if mined is not None and _plausible(result.pages[index], mined):
                result.pages[index] = mined
                result.pdfminer_pages.append(index)
    except MemoryError:
        raise  # the sandbox turns it into a resource-limit failure; a half-dead process should not go on
    except Exception:
        # pdfminer raises anything from PSSyntaxError to KeyError on odd files; pdfium's text stands.
        logger.warning("pdfminer failed; keeping pdfium text for the remaining pages", exc_info=True)


def _pdfminer_layouts(data: bytes, wanted: list[int]) -> Iterator[tuple[int, LTPage, PDFPage]]:
    # One parse for all wanted pages, stopping after the last one (high_level.extract_text would walk
    # the whole page tree once per call).
    wanted_set, last = set(wanted), max(wanted)
    parser = PDFParser(io.BytesIO(data))
    document = PDFDocument(parser)
    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=LAPARAMS)
    interpreter = PDFPageInterpreter(resources, device)
    for index, page in enumerate(PDFPage.create_pages(document)):
        if index in wanted_set:
            interpreter.process_page(page)
            yield index, device.get_result(), page
        if index >= last:
            break


def _render(item: LTContainer | LTText) -> str:
    # Same traversal as pdfminer's TextConverter, with a blank line after each text box.
    if isinstance(item, LTTextBox):
        return item.get_text() + "\n"
    if isinstance(item, LTContainer):
        return "".join(_render(child) for child in item)
    if isinstance(item, LTText):
        return item.get_text()
    return ""


def _render_visible(layout: LTPage, hidden: PageHidden, page: PDFPage) -> str | None:
    """``_render`` without the characters pdfium found hidden, or ``None`` if they cannot all be matched.

    pdfminer's coordinates are user space shifted by the media box origin (unrotated pages only); a
    character is left out when its origin is that of a hidden pdfium character with the same text. If
    fewer hidden characters are matched than pdfium found, pdfminer's text could leak hidden words, so the
    page keeps pdfium's (visible) text.
    """
    if page.rotate % 360 != 0:
        return None
    shift_x, shift_y = page.mediabox[0], page.mediabox[1]
    units: list[str] = []
    codes = bytearray()
    matched = 0

    def walk(item: LTContainer | LTText) -> None:
        nonlocal matched
        if isinstance(item, LTChar):
            text = item.get_text()
            units.append(text)
            if text.isspace():
                codes.append(0)
            elif hidden.covers(item.matrix[4] + shift_x, item.matrix[5] + shift_y, text):
                codes.append(2)
                matched += 1
            else:
                codes.append(1)
        elif isinstance(item, LTContainer):  # before LTText: text boxes and lines are both
            for child in item:
                walk(child)
            if isinstance(item, LTTextBox):
                units.append("\n")
                codes.append(0)
        elif isinstance(item, LTText):
            units.append(item.get_text())  # LTAnno: a space or line break pdfminer inferred
            codes.append(0)

    walk(layout)
    if matched < hidden.ink_chars:
        return None
    return splice(units, hidden_spans(units, codes, ("hidden",)))


def _plausible(pdfium_text: str, pdfminer_text: str) -> bool:
    """pdfminer's text must hold about the same glyphs as pdfium's and no unmapped-glyph markers."""
    if _CID.search(pdfminer_text):
        return False
    ours, theirs = _ink(pdfium_text), _ink(pdfminer_text)
    return ours == 0 or 0.8 <= theirs / ours <= 1.25


def _ink(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def pdf_text(data: bytes) -> str:
    """Raw (un-normalised) visible text of a PDF, raising when there is no usable text layer."""
    return require_text(extract_pdf(data))


def pdf_document(data: bytes) -> tuple[str, tuple[HiddenSegment, ...]]:
    """Raw (un-normalised) visible text of a PDF and the hidden segments found in it."""
    result = extract_pdf(data)
    return require_text(result), result.hidden


def require_text(result: PdfExtraction) -> str:
    """Return the extraction's text, or raise ``UnreadableDocument`` explaining why there is none."""
    if result.page_count == 0:
        raise UnreadableDocument("This PDF has no pages.", "empty_document")
    text = result.text
    if _ink(text) < MIN_TEXT_CHARS:
        # Blank pages and text converted to outlines (design-tool exports) also land here; a scan is
        # by far the most common cause, so name it when the pages hold images.
        what = "seems to be a scan: it contains images but" if result.has_images else "has"
        if result.hidden:
            raise UnreadableDocument(
                "This PDF's text is hidden from readers (white, tiny, invisible or off-page text); please "
                "upload a CV whose text can be read.",
                "no_text_layer",
            )
        raise UnreadableDocument(
            f"This PDF {what} no selectable text. Please upload the PDF exported from your word "
            "processor, or a DOCX.",
            "no_text_layer",
        )
    return text
