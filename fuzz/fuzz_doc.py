"""Fuzz the legacy Word (.doc) path: the OLE2 checks and Debian's ``antiword`` run under its own limits.

Every input also goes through ``detect_kind``, which must never raise. ``extract_document(data, "doc")``
may refuse a file with a ``DocumentError`` (not Word, encrypted, unsupported by antiword, antiword
failed or ran out of its limits); any other exception is a crash. Needs ``antiword`` on the PATH.
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
        extraction = extract_document(data, "doc")
    except DocumentError:
        return
    seeds.check_extraction(extraction)


if __name__ == "__main__":
    _harness.main("doc", test_one, seeds.doc_seeds)
