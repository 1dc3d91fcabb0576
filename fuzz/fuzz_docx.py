"""Fuzz the DOCX extractor (zip checks, the verified package, python-docx and the hidden-run pass).

Every input also goes through ``detect_kind``, which must never raise. ``extract_document(data, "docx")``
may refuse a file with a ``DocumentError`` (damaged archive, zip-bomb limits, a DTD, a macro-enabled
type, no text); any other exception is a crash. Runs in-process, without the sandbox.
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
        extraction = extract_document(data, "docx")
    except DocumentError:
        return
    seeds.check_extraction(extraction)


if __name__ == "__main__":
    _harness.main("docx", test_one, seeds.docx_seeds)
