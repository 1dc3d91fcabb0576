"""Fuzz the PDF extractor (pdfium, the hidden-text pass and pdfminer's re-read) with mutated PDFs.

Every input also goes through ``detect_kind``, which must never raise. ``extract_document(data, "pdf")``
may refuse a file with a ``DocumentError`` (its documented outcome for a damaged, encrypted, empty or
too-large PDF); any other exception is a crash. Runs in-process, without the sandbox, so a slow or
memory-hungry input shows up as a libFuzzer timeout or out-of-memory report instead of being cut short.
"""

from __future__ import annotations

import _harness
import atheris

with atheris.instrument_imports(include=["scoring.parsing"]):
    from scoring.parsing import DocumentError, detect_kind, extract_document

from fuzz import seeds


def test_one(data: bytes) -> None:
    detect_kind(data)
    try:
        extraction = extract_document(data, "pdf")
    except DocumentError:
        return
    seeds.check_extraction(extraction)


if __name__ == "__main__":
    _harness.main("pdf", test_one, seeds.pdf_seeds)
