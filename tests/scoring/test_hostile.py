"""The hostile corpus through detect_kind and the sandbox, at library level.

Each file must meet its expectation (``reject``: detect_kind says None; ``fail``: sandboxed extraction
raises a DocumentError with the expected code and a reason, within the wall limit; ``accept-sanitised``:
a good PDF under a hostile name), nothing but DocumentError may escape, and nothing may be written to
disk. The upload API and a real worker run the same corpus in tests/test_worker.py.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest

from scoring.parsing import (
    DocumentError,
    SandboxLimits,
    _sandbox,
    detect_kind,
    extract_text_sandboxed,
    hostile,
)
from scoring.parsing.hostile import EXPECTATIONS, HostileFile, hostile_corpus
from tests.scoring.test_sandbox import children

# Tighter than production so the slow files cost seconds, not the full 30 s of CPU; the memory
# allowance is the production one, so the bombs are judged against the real limit.
LIMITS = SandboxLimits(cpu_seconds=3, wall_seconds=6)
UPLOAD_LIMIT = 5 * 1024 * 1024  # settings.CV_MAX_BYTES: larger files would be refused before any parsing

# The outcome each "fail" file must have: (code, a phrase of the reason). The flate bomb's failure is a
# race between two limits: on an idle core it reaches the memory cap first, on a loaded one (CI on two
# shared cores) the CPU cap; either is the right outcome, so both phrases are accepted.
FAILURES = {
    "docx-zip-bomb-understated": ("corrupt_file", "damaged"),
    "docx-bad-deflate": ("corrupt_file", "damaged"),
    "docx-nameless-entry": ("corrupt_file", "damaged"),
    "docx-encrypted-entry": ("encrypted_document", "password"),
    "docx-xxe": ("corrupt_file", "DTD"),
    "docx-billion-laughs": ("corrupt_file", "DTD"),
    "docx-huge-text": ("resource_limit", "500,000 characters"),
    "pdf-encrypted": ("encrypted_pdf", "password"),
    "pdf-truncated": ("corrupt_file", "damaged"),
    "pdf-10000-pages": ("document_too_large", "10,000 pages"),
    "pdf-slow-layout": ("resource_limit", "3 s of CPU"),
    "pdf-flate-bomb": ("resource_limit", ("more memory than allowed", "3 s of CPU")),
}
REQUIRED = {
    "exe-renamed-pdf",
    "html-renamed-pdf",
    "pdf-zip-polyglot",
    "docx-zip-bomb",
    "docx-10000-entries",
    "docx-xxe",
    "docx-billion-laughs",
    "pdf-encrypted",
    "pdf-truncated",
    "pdf-10000-pages",
    "pdf-slow-layout",
    "txt-invalid-utf8",
    "txt-nul-bytes",
    "name-path-traversal",
    "name-rtl-override",
}
CORPUS = hostile_corpus()


def test_corpus_covers_the_required_cases_within_the_upload_limit() -> None:
    names = [item.name for item in CORPUS]
    assert len(names) == len(set(names))
    assert set(names) >= REQUIRED
    assert {item.name for item in CORPUS if item.expect == "fail"} == set(FAILURES)
    for item in CORPUS:
        assert item.expect in EXPECTATIONS
        assert 0 < len(item.data) <= UPLOAD_LIMIT, item.name
        assert item.description, item.name


def test_corpus_is_deterministic() -> None:
    hostile._corpus.cache_clear()
    again = hostile_corpus()
    assert [(i.name, i.filename, i.data) for i in again] == [(i.name, i.filename, i.data) for i in CORPUS]


def test_unknown_expectation_is_refused() -> None:
    with pytest.raises(ValueError):
        HostileFile("x", "x.pdf", b"x", "accept")


@pytest.fixture
def empty_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Run with an empty working directory and temp directory, to check afterwards that both stay empty."""
    cwd, tmp = tmp_path / "cwd", tmp_path / "tmp"
    cwd.mkdir()
    tmp.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return [cwd, tmp]


@pytest.mark.parametrize("item", CORPUS, ids=[item.name for item in CORPUS])
def test_hostile_file_meets_its_expectation(item: HostileFile, empty_dirs: list[Path]) -> None:
    kind = detect_kind(item.data)
    if item.expect == "reject":
        assert kind is None
        return

    assert kind is not None
    _sandbox.reap_all()
    before = children()
    start = time.monotonic()
    try:
        text = extract_text_sandboxed(item.data, kind, limits=LIMITS)
        error = None
    except DocumentError as exc:  # anything else escaping fails the test
        text, error = None, exc
    elapsed = time.monotonic() - start

    assert elapsed < LIMITS.wall_seconds + 1, f"{item.name} took {elapsed:.1f} s"
    if item.expect == "fail":
        assert error is not None, f"{item.name} was read: {text!r:.200}"
        code, phrase = FAILURES[item.name]
        assert error.code == code, error.reason
        phrases = phrase if isinstance(phrase, tuple) else (phrase,)
        assert any(p in error.reason for p in phrases), error.reason
    else:
        assert error is None, error
        assert kind == "pdf"
        assert "Senior Data Engineer" in text
        assert "/" in item.filename or "\u202e" in item.filename
    for directory in empty_dirs:
        assert list(directory.iterdir()) == [], f"{item.name} wrote {list(directory.iterdir())}"
    assert _sandbox.reap_all() == 0
    assert children() - before == set()


def test_xxe_never_leaks_the_file_it_names() -> None:
    item = next(i for i in CORPUS if i.name == "docx-xxe")
    with pytest.raises(DocumentError) as caught:
        extract_text_sandboxed(item.data, "docx", limits=LIMITS)
    assert "root:" not in caught.value.reason


def test_slow_pdf_is_stopped_by_the_wall_limit_when_cpu_is_not_the_bottleneck() -> None:
    item = next(i for i in CORPUS if i.name == "pdf-slow-layout")
    _sandbox.reap_all()
    before = children()
    start = time.monotonic()
    with pytest.raises(DocumentError) as caught:
        extract_text_sandboxed(item.data, "pdf", limits=SandboxLimits(cpu_seconds=60, wall_seconds=1.5))
    assert caught.value.code == "resource_limit"
    assert "1.5 s to read" in caught.value.reason
    assert time.monotonic() - start < 3
    assert _sandbox.reap_all() == 0
    assert children() - before == set(), "the killed child must be reaped"
