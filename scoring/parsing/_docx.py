"""DOCX text extraction: python-docx opens the package, a small walker reads the WordprocessingML.

python-docx's own API skips content controls (``w:sdt``, which many CV templates wrap everything in),
tracked insertions and text boxes, so the walker reads the XML directly, in document order.

Hostile packages are stopped before python-docx inflates anything: the central directory is checked
against part-count, total-size, per-XML-part and compression-ratio limits (zip bombs); every part is then
inflated in bounded chunks up to its declared size and CRC-checked, and every XML part's prolog is read
with a parser that resolves no entities, loads no DTD and uses no network, so a package declaring a DTD
(XXE, billion laughs; the Open Packaging Conventions forbid DTDs and Word never writes one) is refused.
python-docx's own parser is also built with ``resolve_entities=False`` and libxml2 stops entity
amplification, which the tests check too, in case either default changes.

Runs a reader does not see are left out of the text and reported (see ``_hidden``): runs marked hidden
(``w:vanish``), near-white runs with nothing under them and runs under 4 pt (``w:sz`` below 8 half-points).
Each property is resolved as Word does, first set wins: the run's own properties, its character style, the
paragraph's style (or the default paragraph style), then the document defaults, each style through its
``basedOn`` chain. There is no layout here, so "nothing under it" is judged from what can be known without
one: white text counts as visible on shaded runs, highlighted runs, shaded paragraphs, shaded cells or
tables (including any shading in the table's style), in text boxes whose shape is filled, and anywhere in a
document with a coloured page background or a large picture or shape placed behind the text (a template's
sidebar), since the text may sit on it.
"""

from __future__ import annotations

import io
import logging
import lzma
import zipfile
import zlib
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import IO, cast

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from ._errors import UnreadableDocument, UnsupportedFileType
from ._hidden import (
    HIDDEN_RUN,
    TINY,
    TINY_TEXT_PT,
    WHITE,
    HiddenCollector,
    HiddenSegment,
    hidden_spans,
    is_near_white,
    splice,
)

logger = logging.getLogger(__name__)

MAIN_PART = "word/document.xml"
# A text CV is well under 1 MB of XML and a few MB of images. The declared sizes bound memory because
# parts are read in chunks, never past the declared size (see _verified_package).
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
# Real CV packages have 10-30 parts (21 at most in the evaluation set) and a few hundred with many images.
MAX_MEMBERS = 1_000
# An XML part of this size is millions of runs; lxml would need ten times as much memory for its tree.
MAX_XML_PART_BYTES = 16 * 1024 * 1024
# Deflate reaches ~1000:1 on repetitive data; Word's XML compresses 5-35:1 (32 at most in the evaluation
# set). A part over 1 MB that inflates more than 100-fold is a bomb, not a style sheet.
MAX_RATIO = 100
RATIO_MIN_BYTES = 1024 * 1024
_XML_SUFFIXES = (".xml", ".rels")
_PROLOG_CHUNK = 16 * 1024
_READ_CHUNK = 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC, _T = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}t"
_TXBX = f"{_W}txbxContent"
_R, _RPR, _PPR, _TCPR, _TBLPR = f"{_W}r", f"{_W}rPr", f"{_W}pPr", f"{_W}tcPr", f"{_W}tblPr"
_VAL = f"{_W}val"
_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_WPS = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_V = "urn:schemas-microsoft-com:vml"
# A picture or shape behind the text at least this large (EMU; 914,400 to the inch) may be a background.
BACKGROUND_MIN_EMU = 914_400
_EMU_PER_PT = 12_700
_CSS_POINTS = MappingProxyType(
    {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75, "pc": 12.0}
)
# Theme colours that are white in Office's themes; any other scheme colour counts as a coloured fill.
_WHITE_SCHEME = frozenset({"bg1", "lt1"})
_WHITE_NAMES = frozenset({"white", "#fff", "#ffffff"})
# Reasons as codes for _hidden.hidden_spans, in order of precedence when a run qualifies for several.
_NAMES = (HIDDEN_RUN, WHITE, TINY)
_BLOCK_WRAPPERS = frozenset({f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}moveTo"})
_INLINE_TEXT = MappingProxyType(
    {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
)
# Fallback repeats the mc:Choice content (VML copy of a text box); del and moveFrom hold tracked deletions;
# the property elements hold no text and are skipped only to save time.
_SKIP = frozenset({_MC_FALLBACK, f"{_W}moveFrom", f"{_W}del", f"{_W}sdtPr", f"{_W}rPr", f"{_W}pPr"})


def zip_limits_problem(archive: zipfile.ZipFile) -> str | None:
    """Return why the archive is implausible for a CV (zip bomb), or ``None`` if it is fine.

    Only the central directory is read: nothing is inflated.
    """
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return f"it has {len(members):,} parts"
    if sum(m.file_size for m in members) > MAX_UNCOMPRESSED_BYTES:
        return f"it unpacks to more than {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB"
    for member in members:
        if member.filename.lower().endswith(_XML_SUFFIXES) and member.file_size > MAX_XML_PART_BYTES:
            return f"its part {member.filename[:100]} unpacks to {member.file_size // (1024 * 1024)} MB"
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > RATIO_MIN_BYTES and ratio > MAX_RATIO:
            return f"its part {member.filename[:100]} is compressed {ratio:,}-fold"
    return None


def is_docx(data: bytes) -> bool:
    """True for a well-formed zip that holds a Word main document and passes the zip-bomb limits."""
    try:
        _check_archive(data)
    except UnreadableDocument:
        return False
    return True


def docx_text(data: bytes) -> str:
    """Raw visible text of a DOCX: headers, body (paragraphs, tables, text boxes) in order, then footers."""
    return docx_document(data)[0]


def docx_document(data: bytes) -> tuple[str, tuple[HiddenSegment, ...]]:
    """Raw visible text of a DOCX (as ``docx_text``) and the hidden segments found in it."""
    _check_archive(data)
    package = _verified_package(data)
    try:
        document = docx.Document(io.BytesIO(package))
    except ValueError as exc:
        if "not a Word file" not in str(exc):
            raise _corrupt() from exc
        raise UnsupportedFileType(
            "This Word file type (macro-enabled or template) is not supported. Please save it as DOCX."
        ) from exc
    except MemoryError:
        raise  # the sandbox reports it as a resource limit
    except Exception as exc:
        # python-docx surfaces malformed packages as whatever lxml, zipfile or its own code raised.
        logger.info("python-docx could not open the document: %r", exc)
        raise _corrupt() from exc

    parts = [
        rel
        for rel in document.part.rels.values()
        if not rel.is_external and rel.reltype in (RT.HEADER, RT.FOOTER)
    ]
    context = _Context(
        styles=_Styles(_styles_element(document)),
        background=_page_background(document.element)
        or any(
            _has_backdrop(element) for element in (document.element, *(r.target_part.element for r in parts))
        ),
        collector=HiddenCollector(),
    )
    headers, footers = [], []
    for rel in parts:
        blocks: list[str] = []
        _blocks(rel.target_part.element, blocks, context)
        (headers if rel.reltype == RT.HEADER else footers).append("\n".join(blocks).strip())
    body: list[str] = []
    _blocks(document.element.body, body, context)
    # First-page, even and default headers usually repeat one another.
    text = "\n".join([*dict.fromkeys(filter(None, headers)), *body, *dict.fromkeys(filter(None, footers))])
    return text, context.collector.result()


_ZIP_ENCRYPTED = 0x1  # general purpose flag bit 0: the entry is encrypted


def _corrupt() -> UnreadableDocument:
    return UnreadableDocument("This Word document is damaged and cannot be read.", "corrupt_file")


def _check_archive(data: bytes) -> None:
    """Raise unless ``data`` is a readable zip within the size limits that holds ``MAIN_PART``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            problem = zip_limits_problem(archive)
            has_main = MAIN_PART in archive.namelist()
    # NotImplementedError: an entry needing a zip version or feature zipfile lacks (found by
    # fuzz/fuzz_docx.py; it escaped detect_kind, which runs in the web process on every upload).
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ValueError,
        OSError,
        EOFError,
        NotImplementedError,
    ) as exc:
        raise _corrupt() from exc
    if problem:
        raise UnreadableDocument(f"This file is not a normal Word document: {problem}.", "document_too_large")
    if not has_main:
        raise UnreadableDocument("This archive is not a Word document.", "corrupt_file")


def _verified_package(data: bytes) -> bytes:
    """The package re-written with every part inflated, checked and stored uncompressed.

    ``ZipFile.read`` inflates a whole member in one go before cutting it to the declared size, so a part
    that declares 20 KB but inflates to gigabytes would be fully inflated in memory by python-docx. Here
    each part is read in bounded chunks, never past its declared size (which ``_check_archive`` limited),
    the CRC is checked by zipfile at the end, and XML parts are checked for a DTD. python-docx then reads
    the stored copy, which needs no inflating.
    """
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(out, "w") as stored:
            for member in archive.infolist():
                if not member.filename:
                    # Word never writes a nameless entry, and zipfile's is_dir() fails on one (IndexError;
                    # found by fuzz/fuzz_docx.py).
                    raise _corrupt()
                if member.is_dir():
                    continue
                if member.flag_bits & _ZIP_ENCRYPTED:
                    # zipfile would raise RuntimeError asking for a password (found by fuzz/fuzz_docx.py).
                    raise UnreadableDocument(
                        "This Word document is password protected. Please upload a copy without a password.",
                        "encrypted_document",
                    )
                with archive.open(member) as stream:
                    content = _read_declared(stream, member.file_size)
                if member.filename.lower().endswith(_XML_SUFFIXES) and _declares_dtd(content):
                    raise UnreadableDocument(
                        "This Word document contains a document type declaration (DTD), which Word never "
                        "writes and which can be used to attack the reader; it was not read. Please save it "
                        "again from your word processor.",
                        "corrupt_file",
                    )
                stored.writestr(member.filename, content, compress_type=zipfile.ZIP_STORED)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        etree.XMLSyntaxError,
        ValueError,
        OSError,
        EOFError,
        # A damaged compressed part fails in the decompressor itself (found by fuzz/fuzz_docx.py: a
        # deflate stream with a back-reference before its start), and a method zipfile lacks says so.
        zlib.error,
        lzma.LZMAError,
        NotImplementedError,
    ) as exc:
        raise _corrupt() from exc
    return out.getvalue()


def _read_declared(stream: IO[bytes], size: int) -> bytes:
    """Read exactly ``size`` bytes in bounded chunks (``read(n)`` inflates at most about ``n`` bytes)."""
    chunks, left = [], size
    while left > 0:
        chunk = stream.read(min(left, _READ_CHUNK))
        if not chunk:
            raise EOFError("zip member shorter than declared")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _declares_dtd(xml: bytes) -> bool:
    """True when the XML's prolog holds a document type declaration.

    Only the prolog is parsed (up to the root element's start tag, where a DTD must be), by a parser that
    resolves no entities, loads no external DTD and has network access off; a billion-laughs DTD makes
    libxml2 stop with an amplification error, which the caller treats as damage.
    """
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    try:
        for offset in range(0, len(xml), _PROLOG_CHUNK):
            parser.feed(xml[offset : offset + _PROLOG_CHUNK])
            for _, element in parser.read_events():
                docinfo = element.getroottree().docinfo
                return (
                    bool(docinfo.doctype)
                    or docinfo.internalDTD is not None
                    or docinfo.externalDTD is not None
                )
    except etree.XMLSyntaxError:
        if b"<!DOCTYPE" in xml[:_PROLOG_CHUNK]:
            return True  # a DTD libxml2 refused (entity amplification): still a DTD
        raise
    return False  # no root element: python-docx reports the damage if it needs the part


def _blocks(element: etree._Element, out: list[str], context: _Context) -> None:
    """Append the text of the block-level children of ``element`` (body, cell, header, text box)."""
    for child in element:
        tag = child.tag
        if tag == _P:
            pieces: list[str | _HiddenRun] = []
            boxes: list[str] = []
            paragraph = context.paragraph(child)
            _inline(child, pieces, boxes, paragraph)
            text = paragraph.visible_text(pieces)
            if text is not None:
                out.append(text)
            out.extend(boxes)  # text boxes follow the paragraph they are anchored in
        elif tag == _TBL:
            table = context.table(child)
            for row in child.iterchildren(_TR):
                _table_row(row, out, table)
        elif tag in _BLOCK_WRAPPERS:
            _blocks(child, out, context)


def _table_row(row: etree._Element, out: list[str], context: _Context) -> None:
    cells = []
    for cell in row.iterchildren(_TC):
        blocks: list[str] = []
        _blocks(cell, blocks, context.cell(cell))
        cells.append([b for b in blocks if b.strip()])
    # Data tables (skill | level) read best as one line per row; layout tables (CV templates put whole
    # sections in cells) read best cell by cell.
    if all(len(c) <= 1 for c in cells):
        out.append(" | ".join(c[0] for c in cells if c))
    else:
        out.extend(block for c in cells for block in c)


def _inline(
    element: etree._Element, text: list[str | _HiddenRun], boxes: list[str], paragraph: _Paragraph
) -> None:
    for child in element:
        tag = child.tag
        if tag == _T:
            text.append(child.text or "")
        elif tag in _INLINE_TEXT:
            text.append(_INLINE_TEXT[tag])
        elif tag == _R:
            reason = paragraph.run_reason(child)
            if reason is None:
                _inline(child, text, boxes, paragraph)
            else:
                run: list[str | _HiddenRun] = []
                _inline(child, run, boxes, paragraph)
                text.append(_HiddenRun("".join(map(str, run)), reason))
        elif tag == _TXBX:
            _blocks(child, boxes, paragraph.context.text_box(child))
        elif tag not in _SKIP and isinstance(tag, str):
            _inline(child, text, boxes, paragraph)  # hyperlinks, fields, content controls, drawings


# --- hidden runs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Props:
    """The run properties that can hide text, as set at one level (``None``: not set there)."""

    vanish: bool | None = None
    colour: str | None = None  # hex RRGGBB or "auto"
    size: int | None = None  # half-points
    backdrop: bool | None = None  # run shading or highlight

    def over(self, other: _Props) -> _Props:
        """These properties with the unset ones taken from ``other`` (a lower level)."""
        return _Props(
            other.vanish if self.vanish is None else self.vanish,
            other.colour if self.colour is None else self.colour,
            other.size if self.size is None else self.size,
            other.backdrop if self.backdrop is None else self.backdrop,
        )


_NO_PROPS = _Props()


class _Styles:
    """Run properties of styles.xml resolved through ``basedOn``, with the document defaults last."""

    def __init__(self, root: etree._Element | None) -> None:
        self.elements: dict[str, etree._Element] = {}
        self.default_paragraph: str | None = None
        self.defaults = _NO_PROPS
        self._resolved: dict[str, _Props] = {}
        self._shaded: dict[tuple[str, bool], bool] = {}
        if root is None:
            return
        for style in root.iterchildren(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            if style_id is None:
                continue
            self.elements.setdefault(style_id, style)
            if style.get(f"{_W}type") == "paragraph" and _on(style.get(f"{_W}default"), absent=False):
                self.default_paragraph = self.default_paragraph or style_id
        run_defaults = root.find(f"{_W}docDefaults/{_W}rPrDefault/{_RPR}")
        if run_defaults is not None:
            self.defaults = _run_props(run_defaults)

    def props(self, style_id: str | None) -> _Props:
        """The style's run properties over those of the styles it is based on (not the defaults)."""
        if style_id is None:
            return _NO_PROPS
        if style_id not in self._resolved:
            self._resolved[style_id] = _NO_PROPS  # a basedOn cycle resolves to nothing, not to recursion
            chain, seen = [], set()
            current: str | None = style_id
            while current is not None and current not in seen and len(chain) < 20:
                seen.add(current)
                element = self.elements.get(current)
                if element is None:
                    break
                chain.append(element)
                based_on = element.find(f"{_W}basedOn")
                current = based_on.get(_VAL) if based_on is not None else None
            props = _NO_PROPS
            for element in reversed(chain):
                run_props = element.find(_RPR)
                if run_props is not None:
                    props = _run_props(run_props).over(props)
            self._resolved[style_id] = props
        return self._resolved[style_id]

    def shaded(self, style_id: str | None, *, paragraph: bool) -> bool:
        """True when the style (or one it is based on) paints a shading: its paragraph shading only, or
        (``paragraph=False``, for table styles) any shading at all, conditional formats included."""
        if style_id is None:
            return False
        key = (style_id, paragraph)
        if key not in self._shaded:
            self._shaded[key] = False
            current: str | None = style_id
            for _ in range(20):  # basedOn chain, cycles included
                element = self.elements.get(current) if current is not None else None
                if element is None:
                    break
                if any(
                    _shading_is_backdrop(shading)
                    for shading in element.iter(f"{_W}shd")
                    if not paragraph or shading.getparent().tag == _PPR
                ):
                    self._shaded[key] = True
                    break
                based_on = element.find(f"{_W}basedOn")
                current = based_on.get(_VAL) if based_on is not None else None
        return self._shaded[key]


@dataclass(frozen=True)
class _Context:
    """What the walker knows about where it is: styles, whether white text may have something under it."""

    styles: _Styles
    background: bool
    collector: HiddenCollector

    def paragraph(self, element: etree._Element) -> _Paragraph:
        properties = element.find(_PPR)
        style_id = None
        shaded = False
        if properties is not None:
            style = properties.find(f"{_W}pStyle")
            style_id = style.get(_VAL) if style is not None else None
            shading = properties.find(f"{_W}shd")
            shaded = shading is not None and _shading_is_backdrop(shading)
        style_id = style_id or self.styles.default_paragraph
        shaded = shaded or self.styles.shaded(style_id, paragraph=True)
        props = self.styles.props(style_id).over(self.styles.defaults)
        return _Paragraph(replace(self, background=True) if shaded else self, props)

    def table(self, element: etree._Element) -> _Context:
        properties = element.find(_TBLPR)
        if properties is None or self.background:
            return self
        style = properties.find(f"{_W}tblStyle")
        shading = properties.find(f"{_W}shd")
        if (shading is not None and _shading_is_backdrop(shading)) or (
            style is not None and self.styles.shaded(style.get(_VAL), paragraph=False)
        ):
            return replace(self, background=True)
        return self

    def cell(self, element: etree._Element) -> _Context:
        shading = element.find(f"{_TCPR}/{_W}shd")
        if not self.background and shading is not None and _shading_is_backdrop(shading):
            return replace(self, background=True)
        return self

    def text_box(self, content: etree._Element) -> _Context:
        """The context inside a text box: backed when its shape is filled with a colour or picture."""
        if self.background:
            return self
        box = content.getparent()
        shape = box.getparent() if box is not None else None
        if shape is None:
            return self
        if shape.tag == f"{_WPS}wsp":
            filled = _drawing_fill(shape)
        elif shape.tag.startswith(f"{{{_V}}}"):
            filled = _vml_fill(shape)
        else:
            filled = True  # an unknown container: do not call its white text hidden
        return replace(self, background=True) if filled else self


@dataclass(frozen=True)
class _HiddenRun:
    """The text of a run a reader does not see, with why."""

    text: str
    reason: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class _Paragraph:
    """A paragraph's context and the run properties its style gives (over the document defaults)."""

    context: _Context
    props: _Props

    def run_reason(self, run: etree._Element) -> str | None:
        """Why the run is hidden (``HIDDEN_RUN``, ``WHITE``, ``TINY``), or ``None`` if a reader sees it."""
        run_props = run.find(_RPR)
        props = self.props
        if run_props is not None:
            direct = _run_props(run_props)
            style = run_props.find(f"{_W}rStyle")
            if style is not None:
                direct = direct.over(self.context.styles.props(style.get(_VAL)))
            props = direct.over(props)
        if props.vanish:
            return HIDDEN_RUN
        if (
            props.colour is not None
            and _is_white_hex(props.colour)
            and not (props.backdrop or self.context.background)
        ):
            return WHITE
        if props.size is not None and props.size < 2 * TINY_TEXT_PT:
            return TINY
        return None

    def visible_text(self, pieces: list[str | _HiddenRun]) -> str | None:
        """The paragraph's text without its reportable hidden runs, which go to the collector.

        ``None`` when the paragraph had text and all of it was hidden, so that no empty line is left where
        a hidden paragraph was.
        """
        if not any(isinstance(piece, _HiddenRun) for piece in pieces):
            return "".join(cast("list[str]", pieces))
        units = [str(piece) for piece in pieces]
        codes = bytearray(
            0
            if unit.isspace() or not unit
            else (2 + _NAMES.index(piece.reason) if isinstance(piece, _HiddenRun) else 1)
            for unit, piece in zip(units, pieces, strict=True)
        )
        spans = hidden_spans(units, codes, _NAMES)
        for start, last, reason in spans:
            self.context.collector.add("".join(units[start : last + 1]), reason)
        text = splice(units, spans)
        return None if spans and not text.strip() else text


def _run_props(element: etree._Element) -> _Props:
    """The hiding-relevant properties set directly in a ``w:rPr``."""
    vanish = colour = size = backdrop = None
    for child in element:
        tag = child.tag
        if tag == f"{_W}vanish":
            vanish = _on(child.get(_VAL))
        elif tag == f"{_W}color":
            colour = child.get(_VAL)
        elif tag == f"{_W}sz":
            try:
                size = int(child.get(_VAL) or "")
            except ValueError:
                size = None
        elif tag == f"{_W}shd":
            backdrop = (backdrop or False) or _shading_is_backdrop(child)
        elif tag == f"{_W}highlight":
            backdrop = (backdrop or False) or (child.get(_VAL) or "none") not in ("none", "white")
    return _Props(vanish, colour, size, backdrop)


def _on(value: str | None, *, absent: bool = True) -> bool:
    """A WordprocessingML on/off value: absent means on (for a property element that is present)."""
    if value is None:
        return absent
    return value.lower() not in ("0", "false", "off")


def _is_white_hex(value: str) -> bool:
    """True for an ``RRGGBB`` colour that cannot be told from white paper ("auto" is not white)."""
    if len(value) != 6:
        return False
    try:
        red, green, blue = (int(value[k : k + 2], 16) for k in (0, 2, 4))
    except ValueError:
        return False
    return is_near_white(red, green, blue)


def _shading_is_backdrop(shading: etree._Element) -> bool:
    """True when a ``w:shd`` paints a colour other than white: its fill, or a pattern's colour."""
    pattern = shading.get(_VAL) or "clear"
    if pattern == "nil":
        return False
    fill = shading.get(f"{_W}fill") or "auto"
    if fill != "auto" and not _is_white_hex(fill):
        return True
    colour = shading.get(f"{_W}color") or "auto"
    return pattern != "clear" and colour != "auto" and not _is_white_hex(colour)


def _styles_element(document: docx.document.Document) -> etree._Element | None:
    try:
        return document.styles.element
    except MemoryError:
        raise
    except Exception:  # a styles part python-docx cannot read: direct properties still count
        logger.info("could not read the document's styles", exc_info=True)
        return None


def _page_background(document: etree._Element) -> bool:
    background = document.find(f"{_W}background")
    if background is None:
        return False
    colour = background.get(f"{_W}color") or "auto"
    return colour != "auto" and not _is_white_hex(colour)


def _has_backdrop(part: etree._Element) -> bool:
    """True when a part holds a picture or shape behind the text that is large enough to be a background.

    DrawingML marks it ``behindDoc``; VML (older Word, and converters from PDF, which draw a sidebar as a
    filled ``v:rect`` in a group) gives it a negative ``z-index``.
    """
    for shape in part.iter(f"{{{_V}}}*"):
        style = shape.get("style")
        if style and "z-index:-" in style.replace(" ", ""):
            size = _vml_size(style)
            if size is None or min(size) >= BACKGROUND_MIN_EMU / _EMU_PER_PT:
                return True
    for anchor in part.iter(f"{_WP}anchor"):
        if not _on(anchor.get("behindDoc"), absent=False):
            continue
        extent = anchor.find(f"{_WP}extent")
        try:
            width, height = int(extent.get("cx", "0")), int(extent.get("cy", "0"))  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            return True  # a backdrop of unknown size
        if width >= BACKGROUND_MIN_EMU and height >= BACKGROUND_MIN_EMU:
            return True
    return False


def _vml_size(style: str) -> tuple[float, float] | None:
    """Width and height in points from a VML ``style``, ``None`` when either is missing or not absolute."""
    values = {}
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        values[name.strip().lower()] = value.strip().lower()
    size = []
    for name in ("width", "height"):
        value = values.get(name, "")
        unit = value[-2:]
        if unit not in _CSS_POINTS:
            return None
        try:
            size.append(float(value[:-2]) * _CSS_POINTS[unit])
        except ValueError:
            return None
    return size[0], size[1]


def _drawing_fill(shape: etree._Element) -> bool:
    """True when a DrawingML shape is filled with a colour other than white, a gradient or a picture."""
    properties = shape.find(f"{_WPS}spPr")
    if properties is not None:
        for child in properties:
            tag = child.tag
            if tag == f"{_A}noFill":
                return False
            if tag == f"{_A}solidFill":
                return not _drawing_colour_is_white(child)
            if tag in (f"{_A}gradFill", f"{_A}blipFill", f"{_A}pattFill", f"{_A}grpFill"):
                return True
    reference = shape.find(f"{_WPS}style/{_A}fillRef")
    if reference is None or reference.get("idx", "0") == "0":
        return False
    return not _drawing_colour_is_white(reference)


def _drawing_colour_is_white(element: etree._Element) -> bool:
    for child in element:
        if child.tag == f"{_A}srgbClr":
            return _is_white_hex(child.get("val", ""))
        if child.tag == f"{_A}schemeClr":
            return child.get("val", "") in _WHITE_SCHEME
        if child.tag == f"{_A}sysClr":
            return _is_white_hex(child.get("lastClr", "")) or child.get("val") == "window"
        if child.tag == f"{_A}prstClr":
            return child.get("val") == "white"
    return False


def _vml_fill(shape: etree._Element) -> bool:
    """True when a VML shape is filled with a colour other than white (VML fills white by default)."""
    if (shape.get("filled") or "t").lower() in ("f", "false", "0", "off"):
        return False
    fill = shape.find(f"{{{_V}}}fill")
    if fill is not None and fill.get("type") in ("gradient", "gradientRadial", "tile", "pattern", "frame"):
        return True
    colour = (shape.get("fillcolor") or "white").split()[0].lower()
    return colour not in _WHITE_NAMES and not _is_white_hex(colour.lstrip("#"))
