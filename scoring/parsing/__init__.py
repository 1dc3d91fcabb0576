"""Turn uploaded CV bytes into normalised text. Pure Python: no Django, no database.

Typical use::

    kind = detect_kind(data)
    if kind is None:
        raise UnsupportedFileType("Please upload a PDF, DOCX, DOC or plain-text CV.")
    text = extract_text_sandboxed(data, kind)  # DocumentError subclasses carry .code and .reason

``extract_text_sandboxed`` runs ``extract_text`` in a forked child under CPU, memory, time and output limits
(see ``_sandbox``), so a hostile upload costs one failed application, never the worker; ``extract_text``
is the same extraction in the calling process, for trusted input, tests and benchmarks.

Legacy Word 97-2003 files (``"doc"``) are read by Debian's ``antiword`` program, started from inside the
sandbox with limits of its own (``_doc``); a server without it fails those files with the code
``doc_reader_missing`` (install with ``apt-get install antiword``).

Text a reader does not see (white, tiny, invisible or off-page PDF text; hidden, white or tiny DOCX runs;
DOC text in Word's hidden font effect) is never part of the text, so keywords or instructions hidden for the scorer are not scored.
``extract_document`` / ``extract_document_sandboxed`` return an ``Extraction``: the same visible text plus
the ``HiddenSegment``s found, so the application can be flagged::

    extraction = extract_document_sandboxed(data, kind)
    text, flagged = extraction.text, bool(extraction.hidden)

Everything is decided from the content, never from the file name or the client's content type.
Safe to call from several threads (pdfium calls are serialised); every call owns its objects.
``hostile.hostile_corpus()`` builds the hostile files the package is tested against.
"""

from __future__ import annotations

from ._core import detect_kind, extract_document, extract_text
from ._errors import DocumentError, UnreadableDocument, UnsupportedFileType
from ._hidden import Extraction, HiddenSegment
from ._sandbox import SandboxLimits, extract_document_sandboxed, extract_text_sandboxed

__all__ = [
    "PARSER_VERSION",
    "DocumentError",
    "Extraction",
    "HiddenSegment",
    "SandboxLimits",
    "UnreadableDocument",
    "UnsupportedFileType",
    "detect_kind",
    "extract_document",
    "extract_document_sandboxed",
    "extract_text",
    "extract_text_sandboxed",
]

# Bump when extraction output can change for the same bytes, so stored texts can be re-parsed.
# 1.1.0: word spaces restored by pdfium re-spacing instead of pdfminer; lenient UTF-8 and stray-NUL
# decoding; markup and polyglots refused; PDFs over 500 pages and DOCX with a DTD refused.
# 1.2.0: text hidden from a reader is detected and left out of the text (PDF: white with nothing under it,
# under 4 pt, invisible render mode or transparent, off the page; DOCX: hidden, white or under 4 pt runs);
# documents without hidden text extract exactly as in 1.1.0. extract_document(_sandboxed) report it.
# Legacy .doc files are read since (within 1.2.0: no .doc was ever stored before, so nothing to re-parse).
PARSER_VERSION = "1.2.0"
