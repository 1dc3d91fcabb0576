"""Content sniffing and in-process extraction; ``scoring.parsing`` re-exports both."""

from __future__ import annotations

from ._doc import doc_document
from ._docx import docx_document, is_docx
from ._errors import UnreadableDocument, UnsupportedFileType
from ._hidden import Extraction, HiddenSegment
from ._pdf import pdf_document
from ._text import decode_text, looks_like_text, normalise, starts_with_markup

_PDF_MAGIC = b"%PDF-"
_PDF_HEADER_WINDOW = 1024  # PDF readers accept junk before the header within the first KiB
_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RTF_MAGIC = b"{\\rtf"
# Text is judged on its first 64 KiB: detect_kind runs in the web process on every upload, and deciding on
# 5 MB of binary would cost ~1 s of charset detection. Extraction (sandboxed) reads and checks the rest.
_TEXT_SNIFF_BYTES = 64 * 1024
# Signatures of formats that are never a CV here. A file that starts with one is that format even when a
# PDF header follows within the first KiB (a polyglot built to pass a PDF check).
_FOREIGN_MAGIC = (
    b"MZ",  # Windows executable
    b"\x7fELF",
    b"\xfe\xed\xfa",  # Mach-O (32/64-bit, big-endian)
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary, Java class
    b"#!",  # script
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    _RTF_MAGIC,
)


def detect_kind(data: bytes) -> str | None:
    """Return ``"pdf"``, ``"docx"``, ``"doc"``, ``"txt"`` or ``None`` for anything else, judged by content.

    The first bytes decide. A file starting with a ZIP header is a ZIP, and counts as DOCX only if it holds
    ``word/document.xml`` and passes the zip-bomb limits (see ``_docx``), even when a PDF hides in its first
    KiB; ``"doc"`` is any OLE2 compound file. A PDF header anywhere in the first KiB makes a PDF unless the
    file starts as an executable, image, script, RTF or HTML/XML (PDF/ZIP or PDF/HTML polyglots are judged by
    their first format; a PDF with a ZIP appended is a PDF and is read as one). Text must decode, hold
    almost no control characters and not be markup. Empty or whitespace-only input is ``"txt"``, so that
    ``extract_text`` can report it as an empty document rather than a wrong type.
    """
    if data.startswith(_ZIP_MAGIC):
        return "docx" if is_docx(data) else None
    if data.startswith(_OLE2_MAGIC):
        return "doc"
    header = data.find(_PDF_MAGIC, 0, _PDF_HEADER_WINDOW)
    if header >= 0 and not _foreign_start(data[:header]):
        return "pdf"
    if data.lstrip().startswith(_RTF_MAGIC):
        return None  # RTF decodes as text but would yield control words, not the CV
    text = decode_text(data[:_TEXT_SNIFF_BYTES])
    if text is not None and looks_like_text(text) and not starts_with_markup(text):
        return "txt"
    return None


def _foreign_start(prefix: bytes) -> bool:
    stripped = prefix.lstrip()
    return stripped.startswith(_FOREIGN_MAGIC) or starts_with_markup(prefix.decode("latin-1"))


def extract_text(data: bytes, kind: str) -> str:
    """Extract and normalise the visible text of a document of the given ``kind`` (from ``detect_kind``).

    Normalisation: NFC; NBSP and other Unicode spaces -> space; soft hyphens and zero-width characters
    removed; ligatures expanded; CRLF/CR -> LF; runs of spaces and tabs collapsed to one space; lines
    stripped; three or more newlines collapsed to one blank line; result stripped.

    Text hidden from a reader (see ``extract_document``) is left out; a document with none yields the same
    text as before detection existed (parser 1.1.0).

    Raises ``UnsupportedFileType`` for unknown kinds (and an OLE2 ``"doc"`` that is not a Word document),
    ``UnreadableDocument`` (codes ``encrypted_pdf``, ``encrypted_document``, ``no_text_layer``,
    ``corrupt_file``, ``empty_document``, ``document_too_large``, ``unsupported_doc_format``,
    ``doc_reader_missing``) when the file yields no usable text. PDFs are read up to their first 20 pages;
    PDFs of more than 500 pages are refused. ``"doc"`` (Word 97-2003) is read by the ``antiword`` program
    (see ``_doc``). Runs in the calling process with no resource limits: for uploads, prefer
    ``extract_text_sandboxed``.
    """
    return extract_document(data, kind).text


def extract_document(data: bytes, kind: str) -> Extraction:
    """``extract_text``'s visible text, and the segments a reader does not see, as an ``Extraction``.

    Hidden segments are PDF text drawn white (with no image or coloured shape under it), under 4 pt, in an
    invisible render mode or outside the page, DOCX runs marked hidden, white or under 4 pt, and DOC text in
    Word's hidden font effect; they are removed from ``text`` so the scorer reads what a recruiter reads,
    and listed in ``hidden`` (capped: 500
    characters each, 5,000 in all) so the application can be flagged. Plain text hides nothing. Raises as
    ``extract_text`` does; a document whose text is all hidden has no usable text.
    """
    hidden: tuple[HiddenSegment, ...] = ()
    if kind == "pdf":
        raw, hidden = pdf_document(data)
    elif kind == "docx":
        raw, hidden = docx_document(data)
    elif kind == "txt":
        decoded = decode_text(data)
        if decoded is None or not looks_like_text(decoded):
            raise UnreadableDocument("This file does not contain readable text.", "corrupt_file")
        raw = decoded
    elif kind == "doc":
        raw, hidden = doc_document(data)
    else:
        raise UnsupportedFileType("Please upload a PDF, DOCX, DOC or plain-text CV.")
    text = normalise(raw)
    if not text:
        if hidden:
            raise UnreadableDocument(
                "All of the document's text is hidden from readers (hidden, white or tiny text); please "
                "upload a CV whose text can be read.",
                "empty_document",
            )
        raise UnreadableDocument("The document contains no text.", "empty_document")
    return Extraction(text, hidden)
