"""Exceptions raised by the parsing package; re-exported from ``scoring.parsing``."""

from __future__ import annotations


class DocumentError(Exception):
    """A document could not be turned into text.

    ``code`` is stable and machine readable (API responses, metrics); ``reason`` is a sentence that can be
    shown to the person who uploaded the file. ``args`` is ``(reason, code)`` so the exception survives
    pickling (Celery result backends, multiprocessing).
    """

    code: str = "document_error"

    def __init__(self, reason: str, code: str | None = None) -> None:
        self.reason = reason
        self.code = code or type(self).code
        super().__init__(reason, self.code)

    def __str__(self) -> str:
        return self.reason


class UnsupportedFileType(DocumentError):
    """The bytes are not a format we extract text from (images, executables, an OLE2 file that is not Word...)."""

    code = "unsupported_file_type"


class UnreadableDocument(DocumentError):
    """The format is supported but this file yields no usable text.

    Codes: ``encrypted_pdf``, ``encrypted_document`` (a password-protected .doc, or a DOCX whose zip entries are encrypted), ``no_text_layer``,
    ``corrupt_file``, ``empty_document``, ``document_too_large``, ``unsupported_doc_format`` (a .doc antiword
    cannot read: before Word 6, fast-saved, or very short), ``doc_reader_missing`` (antiword is not installed
    on this server: retry once it is); ``resource_limit`` (CPU, memory, wall time or output length exceeded)
    and ``parser_crashed`` (the reader died or failed unexpectedly).
    """

    code = "corrupt_file"
