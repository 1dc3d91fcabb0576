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
"""

from __future__ import annotations

import io
import logging
import zipfile
from types import MappingProxyType
from typing import IO

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from ._errors import UnreadableDocument, UnsupportedFileType

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
    """Raw text of a DOCX: headers, body (paragraphs, tables, text boxes) in order, then footers."""
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

    headers, footers = [], []
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        blocks: list[str] = []
        _blocks(rel.target_part.element, blocks)
        (headers if rel.reltype == RT.HEADER else footers).append("\n".join(blocks).strip())
    body: list[str] = []
    _blocks(document.element.body, body)
    # First-page, even and default headers usually repeat one another.
    return "\n".join([*dict.fromkeys(filter(None, headers)), *body, *dict.fromkeys(filter(None, footers))])


def _corrupt() -> UnreadableDocument:
    return UnreadableDocument("This Word document is damaged and cannot be read.", "corrupt_file")


def _check_archive(data: bytes) -> None:
    """Raise unless ``data`` is a readable zip within the size limits that holds ``MAIN_PART``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            problem = zip_limits_problem(archive)
            has_main = MAIN_PART in archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
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
                if member.is_dir():
                    continue
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


def _blocks(element: etree._Element, out: list[str]) -> None:
    """Append the text of the block-level children of ``element`` (body, cell, header, text box)."""
    for child in element:
        tag = child.tag
        if tag == _P:
            text: list[str] = []
            boxes: list[str] = []
            _inline(child, text, boxes)
            out.append("".join(text))
            out.extend(boxes)  # text boxes follow the paragraph they are anchored in
        elif tag == _TBL:
            for row in child.iterchildren(_TR):
                _table_row(row, out)
        elif tag in _BLOCK_WRAPPERS:
            _blocks(child, out)


def _table_row(row: etree._Element, out: list[str]) -> None:
    cells = []
    for cell in row.iterchildren(_TC):
        blocks: list[str] = []
        _blocks(cell, blocks)
        cells.append([b for b in blocks if b.strip()])
    # Data tables (skill | level) read best as one line per row; layout tables (CV templates put whole
    # sections in cells) read best cell by cell.
    if all(len(c) <= 1 for c in cells):
        out.append(" | ".join(c[0] for c in cells if c))
    else:
        out.extend(block for c in cells for block in c)


def _inline(element: etree._Element, text: list[str], boxes: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == _T:
            text.append(child.text or "")
        elif tag in _INLINE_TEXT:
            text.append(_INLINE_TEXT[tag])
        elif tag == _TXBX:
            _blocks(child, boxes)
        elif tag not in _SKIP and isinstance(tag, str):
            _inline(child, text, boxes)  # runs, hyperlinks, fields, content controls, drawings
