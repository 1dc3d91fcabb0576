"""Legacy Word (.doc) CVs: antiword in the sandbox, hidden text, the failures a .doc can have, hostile ones.

The files under tests/fixtures/doc/ were made by LibreOffice from our own fictional text (see
make_fixtures.py there); the hostile variants are derived from them here, byte by byte.
"""

from __future__ import annotations

import random
import shutil
import struct
import tempfile
import time
from pathlib import Path

import pytest

from scoring.parsing import (
    DocumentError,
    SandboxLimits,
    UnreadableDocument,
    UnsupportedFileType,
    _doc,
    _sandbox,
    detect_kind,
    extract_document,
    extract_document_sandboxed,
    extract_text,
    extract_text_sandboxed,
)
from tests.scoring.test_sandbox import children

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "doc"
EVAL_FILES = Path(__file__).resolve().parents[3] / "shared" / "eval" / "files"
LIMITS = SandboxLimits(cpu_seconds=3, wall_seconds=6)

pytestmark = pytest.mark.skipif(
    shutil.which("antiword") is None, reason="antiword is not installed (apt-get install antiword)"
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


CV = fixture("cv.doc")
HIDDEN = fixture("cv-hidden-text.doc")
XLS = fixture("not-word.xls")


def _fib(data: bytes) -> int:
    """Offset of the Word File Information Block (wIdent 0xA5EC at the start of a 512-byte sector)."""
    return next(o for o in range(512, len(data), 512) if data[o : o + 2] == b"\xec\xa5")


def _patched(data: bytes, at: int, raw: bytes) -> bytes:
    out = bytearray(data)
    out[at : at + len(raw)] = raw
    return bytes(out)


def _encrypted(data: bytes) -> bytes:
    fib = _fib(data)
    return _patched(data, fib + 0x0B, bytes([data[fib + 0x0B] | 0x01]))  # FIB flags bit 8: fEncrypted


_WORD_DOCUMENT_ENTRY = "WordDocument".encode("utf-16-le")

# (name, bytes, outcome): a DocumentError code, or "text" when reading it anyway is the right answer.
HOSTILE = [
    ("truncated-half", CV[: len(CV) // 2], "corrupt_file"),
    ("truncated-header", CV[:600], "corrupt_file"),
    ("ole2-header-then-random", CV[:8] + random.Random(15).randbytes(64 * 1024), "corrupt_file"),
    ("ole2-header-then-zeros", CV[:8] + bytes(504), "corrupt_file"),
    ("excel-spreadsheet", XLS, "unsupported_file_type"),
    ("encrypted", _encrypted(CV), "encrypted_document"),
    # A FAT of 268 million sectors: antiword tries to allocate it and meets its own memory limit.
    ("huge-fat-count", _patched(CV, 0x2C, struct.pack("<I", 0x0FFFFFFF)), "resource_limit"),
    # Sizes antiword does not trust: the text is read from the real streams.
    (
        "huge-stream-size",
        _patched(CV, CV.index(_WORD_DOCUMENT_ENTRY) + 0x78, struct.pack("<I", 0x7FFFFFF0)),
        "text",
    ),
    ("huge-text-length", _patched(CV, _fib(CV) + 0x4C, struct.pack("<I", 0x7FFFFFFF)), "text"),
]


# --- reading --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cv.doc", "cv-hidden-text.doc", "not-word.xls"])
def test_ole2_files_are_detected_as_doc(name: str) -> None:
    assert detect_kind(fixture(name)) == "doc"


def test_a_doc_cv_yields_its_words_in_order() -> None:
    text = extract_text(CV, "doc")

    assert text.startswith("Jane Example\n\nSenior Python Developer")
    assert "jane.example@example.test" in text
    assert "Led the move of a Django monolith to PostgreSQL 15 and Celery workers" in text
    # Unicode survives (antiword writes UTF-8), and no line is wrapped (no word split at a hyphen).
    assert "Zoë's café résumé test: ünïcödé" in text
    assert "Bristol — March 2020 to present" in text
    assert "on-call." in text
    # Table rows read like DOCX ones.
    assert text.endswith("Certification | Year\nAWS Solutions Architect | 2022")


def test_sandboxed_extraction_equals_in_process_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    _sandbox.reap_all()
    before = children()

    assert extract_text_sandboxed(CV, "doc") == extract_text(CV, "doc")
    assert extract_document_sandboxed(HIDDEN, "doc") == extract_document(HIDDEN, "doc")

    assert list(tmp_path.iterdir()) == []
    assert _sandbox.reap_all() == 0
    assert children() - before == set()


def test_hidden_text_is_left_out_and_reported() -> None:
    extraction = extract_document_sandboxed(HIDDEN, "doc")

    assert "Kubernetes" not in extraction.text
    assert extraction.text == extract_text(CV, "doc")  # the same CV without the hidden run
    assert [(s.text, s.reason, s.page) for s in extraction.hidden] == [
        ("Kubernetes Terraform Golang Rust machine learning expert", "hidden_run", None)
    ]
    assert extract_document(CV, "doc").hidden == ()


def test_real_doc_from_the_evaluation_set_is_read() -> None:
    path = EVAL_FILES / "misc" / "tests_doc_raw_text.doc"
    if not path.is_file():
        pytest.skip(f"evaluation file {path} not available")

    text = extract_text_sandboxed(path.read_bytes(), "doc")

    assert text.startswith("I love word documents.")
    assert "pop-up disrupt" in text


# --- failures -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "outcome"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_doc_fails_cleanly_and_quickly(name: str, data: bytes, outcome: str) -> None:
    assert detect_kind(data) == "doc"
    _sandbox.reap_all()
    before = children()
    start = time.monotonic()
    try:
        text, error = extract_text_sandboxed(data, "doc", limits=LIMITS), None
    except DocumentError as exc:  # anything else escaping fails the test
        text, error = None, exc
    elapsed = time.monotonic() - start

    assert elapsed < 3, f"{name} took {elapsed:.1f} s"
    if outcome == "text":
        assert error is None and text.startswith("Jane Example")
    else:
        assert error is not None, f"{name} was read: {text!r:.100}"
        assert (error.code, len(error.reason) > 20) == (outcome, True), error.reason
        expected_type = UnsupportedFileType if outcome == "unsupported_file_type" else UnreadableDocument
        assert type(error) is expected_type
        # The same answer in-process as in the sandbox.
        with pytest.raises(DocumentError) as direct:
            extract_text(data, "doc")
        assert (direct.value.code, direct.value.reason) == (error.code, error.reason)
    assert _sandbox.reap_all() == 0
    assert children() - before == set()


def test_encrypted_doc_says_password() -> None:
    with pytest.raises(UnreadableDocument) as caught:
        extract_text_sandboxed(_encrypted(CV), "doc")
    assert "password" in caught.value.reason


def test_a_doc_whose_text_is_all_hidden_has_no_usable_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # The visible run yields nothing, the -s run the words: antiword as it answers for such a file.
    real = _doc._antiword
    monkeypatch.setattr(
        _doc,
        "_antiword",
        lambda program, fd, *, show_hidden: real(program, fd, show_hidden=True) if show_hidden else "\n",
    )
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(HIDDEN, "doc")
    assert caught.value.code == "empty_document"
    assert "hidden" in caught.value.reason


def test_a_stuck_reader_is_stopped_by_its_timeout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A stand-in for antiword that never answers: the timeout must end it, not the sandbox's wall limit.
    sleeper = tmp_path / "antiword"
    sleeper.write_text("#!/bin/sh\nexec sleep 30\n")
    sleeper.chmod(0o755)
    monkeypatch.setattr(_doc, "ANTIWORD", str(sleeper))
    monkeypatch.setattr(_doc, "TIMEOUT_SECONDS", 0.5)
    start = time.monotonic()

    with pytest.raises(UnreadableDocument) as caught:
        extract_text_sandboxed(CV, "doc", limits=LIMITS)

    assert caught.value.code == "resource_limit"
    assert time.monotonic() - start < 3
    assert _sandbox.reap_all() == 0


@pytest.mark.parametrize("sandboxed", [False, True], ids=["in-process", "sandboxed"])
def test_without_antiword_the_document_fails_with_a_retryable_reason(
    monkeypatch: pytest.MonkeyPatch, sandboxed: bool
) -> None:
    monkeypatch.setattr(_doc, "ANTIWORD", "antiword-not-installed-here")
    extract = extract_text_sandboxed if sandboxed else extract_text

    with pytest.raises(UnreadableDocument) as caught:
        extract(CV, "doc")

    assert caught.value.code == "doc_reader_missing"
    assert "cannot be read on this server" in caught.value.reason
