"""Turn uploaded CV bytes into normalised text. Pure Python: no Django, no database.

Typical use::

    kind = detect_kind(data)
    if kind is None:
        raise UnsupportedFileType("Please upload a PDF, DOCX or plain-text CV.")
    text = extract_text_sandboxed(data, kind)  # DocumentError subclasses carry .code and .reason

``extract_text_sandboxed`` runs ``extract_text`` in a forked child under CPU, memory, time and output limits
(see ``_sandbox``), so a hostile upload costs one failed application, never the worker; ``extract_text``
is the same extraction in the calling process, for trusted input, tests and benchmarks.

Everything is decided from the content, never from the file name or the client's content type.
Safe to call from several threads (pdfium calls are serialised); every call owns its objects.
``hostile.hostile_corpus()`` builds the hostile files the package is tested against.
"""

from __future__ import annotations

from ._core import detect_kind, extract_text
from ._errors import DocumentError, UnreadableDocument, UnsupportedFileType
from ._sandbox import SandboxLimits, extract_text_sandboxed

__all__ = [
    "PARSER_VERSION",
    "DocumentError",
    "SandboxLimits",
    "UnreadableDocument",
    "UnsupportedFileType",
    "detect_kind",
    "extract_text",
    "extract_text_sandboxed",
]

# Bump when extraction output can change for the same bytes, so stored texts can be re-parsed.
# 1.1.0: word spaces restored by pdfium re-spacing instead of pdfminer; lenient UTF-8 and stray-NUL
# decoding; markup and polyglots refused; PDFs over 500 pages and DOCX with a DTD refused.
PARSER_VERSION = "1.1.0"
