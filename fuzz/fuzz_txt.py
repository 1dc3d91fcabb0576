"""Fuzz the plain-text path: encoding detection, the text checks and normalisation.

Every input also goes through ``detect_kind``, which must never raise. ``extract_document(data, "txt")``
may refuse a file with a ``DocumentError`` (not text, empty); any other exception is a crash.
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
        extraction = extract_document(data, "txt")
    except DocumentError:
        return
    seeds.check_extraction(extraction)


if __name__ == "__main__":
    _harness.main("txt", test_one, seeds.txt_seeds)
