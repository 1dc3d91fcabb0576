"""Tests for scoring.parsing.extract_text_sandboxed: same results as extract_text, limits, crashes, hygiene.

Most misbehaviour is produced by replacing ``_sandbox.extract_text`` with a function that loops, sleeps,
allocates or crashes: the forked child runs the replacement, exactly as it would a parser doing so.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import logging
import os
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scoring.parsing import (
    DocumentError,
    SandboxLimits,
    UnreadableDocument,
    UnsupportedFileType,
    _pdf,
    _sandbox,
    extract_text,
    extract_text_sandboxed,
)
from tests.scoring.test_parsing import docx_bytes, encrypted_pdf, glued_pdf, pdf_bytes, rich_docx

FAST = SandboxLimits(cpu_seconds=1, wall_seconds=5)


def children() -> set[int]:
    """PIDs of this process's children (zombies included), from /proc."""
    pids: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        with contextlib.suppress(OSError):
            pids |= {int(pid) for pid in (task / "children").read_text().split()}
    return pids


@pytest.fixture(autouse=True)
def no_children_left_behind() -> Iterator[None]:
    before = children()
    yield
    _sandbox.reap_all()
    assert children() - before == set(), "a sandbox child was left running or unreaped"


@pytest.fixture
def child_runs(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[bytes, str], str]], None]:
    """Make the sandboxed child run ``function(data, kind)`` instead of the real extraction."""

    def install(function: Callable[[bytes, str], str]) -> None:
        monkeypatch.setattr(_sandbox, "extract_text", function)

    return install


def sandboxed_error(data: bytes, kind: str, limits: SandboxLimits | None = None) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        extract_text_sandboxed(data, kind, limits=limits)
    return caught.value


# --- same results as extract_text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (pdf_bytes("Jane Example", "Senior Data Engineer", "Skills: Python, SQL"), "pdf"),
        (glued_pdf(), "pdf"),  # goes through pdfminer inside the child
        (rich_docx(), "docx"),
        ("Jürgen Müller \u2013 Zürich\nData engineer\n".encode("cp1252"), "txt"),
    ],
    ids=["pdf", "glued-pdf", "docx", "cp1252-txt"],
)
def test_sandboxed_text_equals_in_process_text(data: bytes, kind: str) -> None:
    assert extract_text_sandboxed(data, kind) == extract_text(data, kind)


@pytest.mark.parametrize(
    ("data", "kind", "error_type", "code"),
    [
        (encrypted_pdf(user_password="user-secret"), "pdf", UnreadableDocument, "encrypted_pdf"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "pdf", UnreadableDocument, "corrupt_file"),
        (docx_bytes(lambda d: d.add_paragraph("   ")), "docx", UnreadableDocument, "empty_document"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
            "doc",
            UnreadableDocument,
            "corrupt_file",  # antiword: not a Word document (tests/scoring/test_parsing_doc.py has more)
        ),
        (b"hello", "png", UnsupportedFileType, "unsupported_file_type"),
    ],
    ids=["encrypted", "corrupt-pdf", "empty-docx", "empty-ole2-doc", "unknown-kind"],
)
def test_sandboxed_errors_equal_in_process_errors(
    data: bytes, kind: str, error_type: type, code: str
) -> None:
    with pytest.raises(DocumentError) as direct:
        extract_text(data, kind)
    error = sandboxed_error(data, kind)
    assert type(error) is error_type is type(direct.value)
    assert (error.code, error.reason) == (code, direct.value.reason)


def test_large_output_is_streamed_without_deadlock(child_runs) -> None:
    # Far more than a pipe buffer (64 KiB): the parent must read while the child writes.
    text = "".join(f"line {i} of a long but legal CV, Zürich \u2013 ok\n" for i in range(9_000))
    child_runs(lambda data, kind: text)
    assert len(text) > 400_000
    assert extract_text_sandboxed(b"", "txt") == text


def test_text_with_lone_surrogates_round_trips(child_runs) -> None:
    child_runs(lambda data, kind: "odd \ud800 glyph and \U0001f600")
    assert extract_text_sandboxed(b"", "txt") == "odd \ud800 glyph and \U0001f600"


# --- limits -----------------------------------------------------------------------------------------


def test_output_over_the_limit_is_a_resource_limit(child_runs) -> None:
    child_runs(lambda data, kind: "x" * 2_000)
    error = sandboxed_error(b"", "txt", SandboxLimits(max_output_chars=1_000))
    assert error.code == "resource_limit"
    assert "1,000 characters" in error.reason


def spin(data: bytes, kind: str) -> str:
    while True:
        pass


def test_cpu_limit_stops_a_looping_parser(child_runs) -> None:
    child_runs(spin)
    start = time.monotonic()
    error = sandboxed_error(b"", "pdf", FAST)
    assert isinstance(error, UnreadableDocument)
    assert error.code == "resource_limit"
    assert error.reason == "The file needed more than 1 s of CPU to read."
    assert time.monotonic() - start < 4


def test_wall_limit_kills_a_child_that_sleeps(child_runs) -> None:
    child_runs(lambda data, kind: time.sleep(60) or "")
    start = time.monotonic()
    error = sandboxed_error(b"", "pdf", SandboxLimits(wall_seconds=0.5))
    elapsed = time.monotonic() - start
    assert error.code == "resource_limit"
    assert error.reason == "The file took more than 0.5 s to read."
    assert 0.5 <= elapsed < 2.5


def hoard(data: bytes, kind: str) -> str:
    chunks = []
    while True:
        chunks.append(bytearray(16 * 1024 * 1024))  # bytearray() writes zeros: the pages are really used


@pytest.mark.parametrize(
    "function", [lambda data, kind: str(bytearray(4 * 1024**3)), hoard], ids=["one-block", "gradual"]
)
def test_memory_limit_stops_a_parser_that_allocates(child_runs, function) -> None:
    child_runs(function)
    error = sandboxed_error(b"", "pdf", SandboxLimits(memory_bytes=128 * 1024 * 1024, cpu_seconds=10))
    assert error.code == "resource_limit"
    assert error.reason == "The file needed more memory than allowed (128 MiB) to read."


def test_memory_limit_is_relative_to_the_inherited_address_space(child_runs) -> None:
    # A parent that already maps more than memory_bytes must still be able to extract.
    ballast = bytearray(300 * 1024 * 1024)
    child_runs(lambda data, kind: "fine")
    assert extract_text_sandboxed(b"", "txt", limits=SandboxLimits(memory_bytes=64 * 1024 * 1024)) == "fine"
    del ballast


# --- crashes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "function",
    [
        lambda data, kind: ctypes.string_at(0),  # SIGSEGV, as a bad pdfium read would
        lambda data, kind: os.abort(),  # SIGABRT, as a failed pdfium CHECK would
        lambda data, kind: os._exit(0),  # exits without a result
        lambda data, kind: 1 / 0,  # a parser bug: an exception that is not a DocumentError
    ],
    ids=["segfault", "abort", "silent-exit", "bug"],
)
def test_a_crashing_child_is_reported_as_parser_crashed(child_runs, function, caplog) -> None:
    child_runs(function)
    with caplog.at_level(logging.WARNING, logger="scoring.parsing._sandbox"):
        error = sandboxed_error(b"", "pdf", FAST)
    assert isinstance(error, UnreadableDocument)
    assert error.code == "parser_crashed"
    assert "damaged" in error.reason
    assert caplog.records, "the parent logs why the child failed"


def test_the_worker_survives_a_crash_and_serves_the_next_file(child_runs, monkeypatch) -> None:
    child_runs(lambda data, kind: ctypes.string_at(0))
    assert sandboxed_error(b"", "pdf", FAST).code == "parser_crashed"
    monkeypatch.undo()
    data = pdf_bytes("Jane Example", "Data Engineer")
    assert extract_text_sandboxed(data, "pdf") == extract_text(data, "pdf")


# --- the child's environment ------------------------------------------------------------------------


def test_child_has_limits_no_inherited_descriptors_and_default_signal_handlers(child_runs, tmp_path) -> None:
    def probe(data: bytes, kind: str) -> str:
        return json.dumps(
            {
                "fds": sorted(int(fd) for fd in os.listdir("/proc/self/fd")),
                "fsize": resource.getrlimit(resource.RLIMIT_FSIZE),
                "core": resource.getrlimit(resource.RLIMIT_CORE),
                "cpu": resource.getrlimit(resource.RLIMIT_CPU),
                "nofile": resource.getrlimit(resource.RLIMIT_NOFILE),
                "as": resource.getrlimit(resource.RLIMIT_AS)[0],
                "sigterm": signal.getsignal(signal.SIGTERM) == signal.SIG_DFL,
                "sigint": signal.getsignal(signal.SIGINT) == signal.SIG_DFL,
                "pdfium_lock_free": not _pdf._PDFIUM_LOCK.locked(),
            }
        )

    child_runs(probe)
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: None)  # as Celery installs one
    try:
        with open(tmp_path / "inherited.txt", "w") as handle:  # a descriptor the child must not keep
            report = json.loads(extract_text_sandboxed(b"", "pdf", limits=SandboxLimits(cpu_seconds=7)))
            inherited = handle.fileno()
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert inherited not in report["fds"]
    assert set(report["fds"]) <= {0, 1, 2, 3, 4}  # stdio, the result pipe, and listdir's own descriptor
    assert report["fsize"] == [0, 0]
    assert report["core"] == [0, 0]
    assert report["cpu"] == [7, 8]
    assert report["nofile"][0] <= 16
    assert report["as"] > 768 * 1024 * 1024  # inherited address space + the allowance
    assert report["sigterm"] and report["sigint"] and report["pdfium_lock_free"]


def test_child_cannot_write_files(child_runs, tmp_path) -> None:
    target = tmp_path / "leak.txt"

    def write(data: bytes, kind: str) -> str:
        with open(target, "w") as handle:
            handle.write("stolen data" * 1000)
        return "written"

    child_runs(write)
    assert sandboxed_error(b"", "pdf", FAST).code == "parser_crashed"  # EFBIG
    # RLIMIT_FSIZE stops every byte; creating an empty file is not prevented (see the module docstring).
    assert not target.exists() or target.stat().st_size == 0


def test_child_log_records_are_re_emitted_by_the_parent(child_runs, caplog) -> None:
    def noisy(data: bytes, kind: str) -> str:
        logging.getLogger("scoring.parsing._pdf").warning("pdfminer failed on page %d", 3)
        return "ok"

    child_runs(noisy)
    with caplog.at_level(logging.INFO):
        assert extract_text_sandboxed(b"", "pdf") == "ok"
    assert any(
        r.name == "scoring.parsing._pdf" and r.getMessage() == "[sandbox] pdfminer failed on page 3"
        for r in caplog.records
    )


# --- the calling process ----------------------------------------------------------------------------


class SoftTimeLimit(Exception):
    """Stands in for Celery's SoftTimeLimitExceeded, raised by a signal handler in the worker."""


def test_an_exception_in_the_parent_while_waiting_kills_the_child(child_runs) -> None:
    child_runs(lambda data, kind: time.sleep(60) or "")

    def soft_limit(signum, frame):
        raise SoftTimeLimit

    previous = signal.signal(signal.SIGALRM, soft_limit)
    signal.setitimer(signal.ITIMER_REAL, 0.3)
    start = time.monotonic()
    try:
        with pytest.raises(SoftTimeLimit):
            extract_text_sandboxed(b"", "pdf")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - start < 2
    # no_children_left_behind checks that the sleeping child is gone


def test_fork_waits_for_a_thread_inside_pdfium_instead_of_copying_a_held_lock() -> None:
    data = pdf_bytes("Jane Example", "Data Engineer")
    released = threading.Event()

    def hold_pdfium_lock() -> None:
        with _pdf._PDFIUM_LOCK:
            time.sleep(0.3)
        released.set()

    holder = threading.Thread(target=hold_pdfium_lock)
    holder.start()
    time.sleep(0.05)
    try:
        # Before the fix a child forked now inherited a held lock and hung until the wall limit.
        assert extract_text_sandboxed(data, "pdf", limits=SandboxLimits(wall_seconds=5)) == extract_text(
            data, "pdf"
        )
    finally:
        holder.join()
    assert released.is_set()


def test_sandboxed_extraction_is_safe_from_several_threads() -> None:
    documents = [glued_pdf(), pdf_bytes("Jane Example", "Data Engineer"), rich_docx()] * 3
    kinds = ["pdf", "pdf", "docx"] * 3
    expected = [extract_text(d, k) for d, k in zip(documents, kinds, strict=True)]
    results: list[str | None] = [None] * len(documents)

    def run(index: int) -> None:
        results[index] = extract_text_sandboxed(documents[index], kinds[index])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(documents))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == expected


def test_without_fork_extraction_runs_in_process_with_a_warning(monkeypatch) -> None:
    monkeypatch.setattr(_sandbox, "_CAN_FORK", False)
    monkeypatch.setattr(_sandbox, "_warned_no_fork", False)
    data = pdf_bytes("Jane Example", "Data Engineer")
    with pytest.warns(RuntimeWarning, match="without resource limits"):
        assert extract_text_sandboxed(data, "pdf") == extract_text(data, "pdf")
    with pytest.raises(UnreadableDocument) as caught:
        extract_text_sandboxed(data, "pdf", limits=SandboxLimits(max_output_chars=5))
    assert caught.value.code == "resource_limit"


def test_limits_are_frozen_and_validated() -> None:
    limits = SandboxLimits()
    assert (limits.memory_bytes, limits.cpu_seconds, limits.wall_seconds, limits.max_output_chars) == (
        768 * 1024 * 1024,
        30,
        45.0,
        500_000,
    )
    with pytest.raises(AttributeError):
        limits.cpu_seconds = 5  # type: ignore[misc]
    with pytest.raises(ValueError):
        SandboxLimits(cpu_seconds=0)


def test_many_calls_leave_no_zombies() -> None:
    data = pdf_bytes("Jane Example", "Senior Data Engineer")
    for _ in range(30):
        extract_text_sandboxed(data, "pdf")
    assert _sandbox.reap_all() == 0
