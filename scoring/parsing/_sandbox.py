"""Run ``extract_text`` or ``extract_document`` in a forked child process under resource limits.

A hostile upload must cost one failed application, never a worker: pdfium is C++ and can crash or loop,
pdfminer is pure Python and can be driven into minutes of CPU or gigabytes of memory. So the extraction runs
in a child that cannot take the worker down with it:

* ``os.fork()`` from the already-warm process: the child shares pdfium, pdfminer, lxml and our code
  with the parent and starts extracting at once. A fresh interpreter per file (subprocess, or
  multiprocessing "spawn") pays ~370 ms just to import this package on the 2-core dev machine, 35x a
  typical PDF's extraction (~10 ms), against a budget of 3x. Measured with bench/intake.py on 416 CVs
  (200 synthetic PDF/DOCX/TXT plus 216 real PDF/DOCX), parent loaded with Django and the engine: the
  sandbox adds ~12 ms per file (median; +30 ms p95) and sandboxed extraction takes 1.35x the in-process
  time overall, 1.9x on the ~10 ms synthetic PDFs, 20x on 0.6 ms text files. Most of the fixed cost is
  page faults: fork copies the page tables (~3 ms for a 150 MB worker) and the child copies every page it
  writes (~4 us a page on this VM). The child is reaped after its result is read, off the caller's clock.
* In the child: ``RLIMIT_CPU`` (SIGXCPU at the limit, SIGKILL a second later), ``RLIMIT_AS`` (the address
  space inherited at fork plus ``memory_bytes``: an absolute cap would fail every call in a parent that is
  already large), ``RLIMIT_FSIZE=0`` (no file can be written), ``RLIMIT_NOFILE`` small, ``RLIMIT_CORE=0``.
  Every inherited descriptor except stderr and the result pipe is closed, so the child cannot talk to the
  parent's database, broker or log files; signal handlers the parent installed (Celery's SIGTERM, SIGINT,
  SIGUSR1...) go back to the default, the signal wakeup fd is dropped and logging is collected in memory
  and re-emitted by the parent.
* The child writes one length-prefixed JSON frame (JSON, not pickle: a compromised child must not be able
  to make the parent run code): the text, and for ``extract_document_sandboxed`` the hidden segments as
  ``[text, reason, page]`` lists, which the parent checks (types, known reasons, the caps of ``_hidden``)
  before it builds an ``Extraction``; then it ``os._exit``s. The parent polls the pipe with a deadline,
  reading as data arrives so a large result never blocks the child on a full pipe, SIGKILLs the child at
  the wall limit, and turns signals and exit codes into ``UnreadableDocument`` codes ``resource_limit`` or
  ``parser_crashed``.
* A ``.doc`` is read by the ``antiword`` program, which the child starts (it inherits the child's limits
  and gets a tighter memory limit of its own, see ``_doc``). antiword needs a seekable file, and the child
  may write none, so the parent puts the bytes in a memfd (memory, not disk) before it forks and the child
  keeps it open at fd 4 for antiword's standard input.
* pdfium's lock is taken around every fork (``_pdf`` registers at-fork hooks), so no other thread is
  inside pdfium when its state is copied, and the child gets a fresh lock.

What the sandbox does not do: it has no seccomp or namespaces, so a child taken over by an exploit could
still create empty files (``RLIMIT_FSIZE`` stops every byte written), open network connections or read
files it has permission for; the limits bound what a misbehaving parser costs, not what an attacker with
code execution can see. A crash is ``parser_crashed`` unless the child had grown by half its memory
allowance, then it counts as out of memory (pdfium aborts on a failed allocation instead of returning an
error).

Where ``os.fork`` does not exist (Windows) the extraction runs in-process, with a warning, and only the
output limit applies.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import logging
import os
import select
import signal
import struct
import threading
import time
import traceback
import warnings
from dataclasses import dataclass
from typing import Any, NoReturn

from . import _doc
from ._core import extract_document, extract_text
from ._errors import DocumentError, UnreadableDocument, UnsupportedFileType
from ._hidden import MAX_HIDDEN_CHARS, MAX_SEGMENT_CHARS, MAX_SEGMENTS, REASONS, Extraction, HiddenSegment

logger = logging.getLogger(__name__)

try:
    import fcntl
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

_CAN_FORK = hasattr(os, "fork") and resource is not None

_MIB = 1024 * 1024
_FRAME_HEADER = struct.Struct(">Q")
_RESULT_FD = 3  # the child moves the pipe here and closes everything above it
_SOURCE_FD = 4  # a .doc's bytes, in a memfd the parent filled (the child may not write files)
_CHILD_NOFILE = 16  # stdio, the pipe, and a few files pdfminer may read (CMaps)
_READ_CHUNK = 1 << 20
_FRAME_SLACK = 256 * 1024  # JSON framing, the log records and a traceback
# The hidden segments: their text (12 bytes a character at worst, as for the text) plus framing per segment.
_HIDDEN_FRAME_BYTES = 12 * MAX_HIDDEN_CHARS + 64 * MAX_SEGMENTS
_MAX_LOG_RECORDS = 20
# A child that crashes after growing this share of its memory allowance is taken to have run out of
# memory: pdfium aborts (SIGTRAP/SIGILL/SIGABRT) rather than returning an error when an allocation fails.
_MEMORY_CRASH_SHARE = 0.5
_EXIT_MEMORY = 3  # MemoryError in the child
_EXIT_INTERNAL = 4  # the child failed before or while reporting
_CRASH_SIGNALS = frozenset(
    {signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT, signal.SIGILL, signal.SIGFPE, signal.SIGTRAP}
)
# Handlers a worker may have installed that the child must not run (Celery: TERM, INT, QUIT, USR1, HUP).
_RESET_SIGNALS = tuple(
    getattr(signal, name)
    for name in ("SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGCHLD")
    if hasattr(signal, name)
)
_ERROR_TYPES: dict[str, type[DocumentError]] = {
    cls.__name__: cls for cls in (DocumentError, UnreadableDocument, UnsupportedFileType)
}


@dataclass(frozen=True)
class SandboxLimits:
    """Limits for one sandboxed extraction.

    ``memory_bytes`` is address space the child may add to what it inherits from the parent at fork;
    ``cpu_seconds`` is CPU time (pdfium and pdfminer are single-threaded, so about wall time on an idle
    core); ``wall_seconds`` also covers a child that sleeps or waits; ``max_output_chars`` bounds the text
    (a CV is 2-20k characters; 20 PDF pages of dense text stay under 500k).
    """

    memory_bytes: int = 768 * _MIB
    cpu_seconds: int = 30
    wall_seconds: float = 45.0
    max_output_chars: int = 500_000

    def __post_init__(self) -> None:
        if self.memory_bytes <= 0 or self.cpu_seconds <= 0 or self.wall_seconds <= 0:
            raise ValueError("sandbox limits must be positive")
        if self.max_output_chars <= 0:
            raise ValueError("max_output_chars must be positive")


DEFAULT_LIMITS = SandboxLimits()

# Children whose result has arrived but which had not exited yet: reaped on later calls, so their
# teardown (unmapping a copy of the worker's memory, ~2-3 ms) is not on the caller's clock.
_unreaped: dict[int, float] = {}  # pid -> monotonic deadline after which it is killed
_unreaped_lock = threading.Lock()
_warned_no_fork = False


def extract_text_sandboxed(data: bytes, kind: str, *, limits: SandboxLimits | None = None) -> str:
    """``extract_text(data, kind)`` in a forked child under ``limits`` (default ``SandboxLimits()``).

    Returns the same text and raises the same ``DocumentError`` subclasses as ``extract_text``. A child
    that exceeds a limit raises ``UnreadableDocument`` with code ``resource_limit`` and a reason naming
    the limit; one that crashes (a signal, or an unexpected exception in the parsers) raises
    ``UnreadableDocument`` with code ``parser_crashed``. Nothing else escapes, except exceptions raised in
    the calling process while it waits (a Celery soft time limit), after which the child is killed and
    reaped. Safe to call from several threads.
    """
    return _sandboxed(data, kind, limits or DEFAULT_LIMITS, document=False).text


def extract_document_sandboxed(data: bytes, kind: str, *, limits: SandboxLimits | None = None) -> Extraction:
    """``extract_document(data, kind)`` in a forked child under ``limits``: visible text and hidden segments.

    Same limits, errors and guarantees as ``extract_text_sandboxed``; the ``Extraction`` equals the
    in-process one (the output limit applies to the visible text; the hidden segments are capped anyway).
    """
    return _sandboxed(data, kind, limits or DEFAULT_LIMITS, document=True)


def _sandboxed(data: bytes, kind: str, limits: SandboxLimits, *, document: bool) -> Extraction:
    if not _CAN_FORK:
        return _extract_in_process(data, kind, limits, document=document)
    _reap_finished()
    address_space, rss_at_fork = _memory_now()  # the child inherits both at fork
    source_fd = _doc.prepare_source(data) if kind == "doc" else None
    try:
        read_fd, write_fd = os.pipe()
    except BaseException:
        _close(source_fd)
        raise
    try:
        pid = os.fork()
    except BaseException:
        os.close(read_fd)
        os.close(write_fd)
        _close(source_fd)
        raise
    if pid == 0:  # pragma: no cover - runs in the child, which never returns to the caller's stack
        try:
            os.close(read_fd)
            _child_main(write_fd, data, kind, limits, address_space, document, source_fd)
        finally:
            os._exit(_EXIT_INTERNAL)  # a signal handler inherited from the parent raised before the reset
    os.close(write_fd)
    _close(source_fd)
    try:
        return _collect(pid, read_fd, limits, rss_at_fork)
    finally:
        os.close(read_fd)


# --- parent -----------------------------------------------------------------------------------------


def _collect(pid: int, read_fd: int, limits: SandboxLimits, rss_at_fork: int) -> Extraction:
    deadline = time.monotonic() + limits.wall_seconds
    # The child checks the length itself; this bounds what a misbehaving child can make the parent buffer
    # (12 bytes is a \\u-escaped surrogate pair).
    max_bytes = _FRAME_HEADER.size + 12 * limits.max_output_chars + _HIDDEN_FRAME_BYTES + _FRAME_SLACK
    reaped = False
    try:
        frame, outcome = _read_frame(read_fd, deadline, max_bytes)
        if outcome == "timeout":
            _kill_and_reap(pid)
            reaped = True
            raise _limit_error(f"The file took more than {limits.wall_seconds:g} s to read.")
        if outcome == "too_large":
            _kill_and_reap(pid)
            reaped = True
            raise _limit_error(_too_long(limits))
        if frame is not None:
            _reap_later(pid, limits)
            reaped = True
            return _result_from_frame(frame)
        # No complete frame: the child died (or closed the pipe); its exit status says why.
        status, rusage = _wait_until(pid, deadline)
        reaped = True
        raise _error_from_status(status, rusage, limits, rss_at_fork)
    finally:
        if not reaped:  # an exception in this process (Celery's soft time limit) while the child runs
            _kill_and_reap(pid)


def _read_frame(read_fd: int, deadline: float, max_bytes: int) -> tuple[bytes | None, str]:
    """Read one ``length + payload`` frame; outcome is ``"ok"``, ``"eof"``, ``"timeout"`` or ``"too_large"``.

    Returns as soon as the frame is complete, without waiting for the child to close the pipe or exit.
    """
    os.set_blocking(read_fd, False)
    poller = select.poll()  # not select(): descriptors above 1023 are common in busy workers
    poller.register(read_fd, select.POLLIN | select.POLLHUP | select.POLLERR)
    buffer = bytearray()
    expected: int | None = None
    while True:
        if expected is None and len(buffer) >= _FRAME_HEADER.size:
            (expected,) = _FRAME_HEADER.unpack_from(buffer)
            expected += _FRAME_HEADER.size
            if expected > max_bytes:
                return None, "too_large"
        if expected is not None and len(buffer) >= expected:
            return bytes(buffer[_FRAME_HEADER.size : expected]), "ok"
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None, "timeout"
        # poll() is retried by Python after EINTR (PEP 475) with the timeout recomputed.
        if not poller.poll(max(1, int(remaining * 1000))):
            continue
        try:
            chunk = os.read(read_fd, _READ_CHUNK)
        except BlockingIOError:
            continue
        if not chunk:
            return None, "eof"
        buffer += chunk
        if len(buffer) > max_bytes:
            return None, "too_large"


def _result_from_frame(frame: bytes) -> Extraction:
    try:
        payload = json.loads(frame)
    except ValueError:
        raise _crash_error() from None
    if not isinstance(payload, dict):
        raise _crash_error()
    records = payload.get("log")
    for record in records[:_MAX_LOG_RECORDS] if isinstance(records, list) else ():
        with contextlib.suppress(TypeError, ValueError):
            level, name, message = record
            logging.getLogger(str(name)).log(int(level), "[sandbox] %s", message)
    if isinstance(payload.get("text"), str):
        return Extraction(payload["text"], _hidden_from_payload(payload.get("hidden", [])))
    error = payload.get("error")
    if isinstance(error, dict) and error.get("type") in _ERROR_TYPES:
        return _raise(_ERROR_TYPES[error["type"]](str(error.get("reason")), str(error.get("code"))))
    if isinstance(payload.get("crash"), str):
        logger.error("Document parser failed in the sandbox:\n%s", payload["crash"])
    raise _crash_error()


def _hidden_from_payload(items: Any) -> tuple[HiddenSegment, ...]:
    """The child's hidden segments, checked as strictly as the rest of the frame (malformed: a crash)."""
    if not isinstance(items, list) or len(items) > MAX_SEGMENTS:
        raise _crash_error()
    segments, total = [], 0
    for item in items:
        if not (isinstance(item, list) and len(item) == 3):
            raise _crash_error()
        text, reason, page = item
        if (
            not isinstance(text, str)
            or len(text) > MAX_SEGMENT_CHARS
            or reason not in REASONS
            or not (page is None or (type(page) is int and page > 0))
        ):
            raise _crash_error()
        total += len(text)
        segments.append(HiddenSegment(text, reason, page))
    if total > MAX_HIDDEN_CHARS:
        raise _crash_error()
    return tuple(segments)


def _raise(error: DocumentError) -> NoReturn:
    raise error


def _error_from_status(
    status: int | None, rusage: Any, limits: SandboxLimits, rss_at_fork: int
) -> UnreadableDocument:
    if status is None:  # someone else reaped the child (a SIGCHLD handler calling waitpid(-1))
        logger.warning("Sandbox child exited without a result and its status was taken by another handler")
        return _crash_error()
    cpu_used = (rusage.ru_utime + rusage.ru_stime) if rusage is not None else 0.0
    grew = (rusage.ru_maxrss * 1024 - rss_at_fork) if rusage is not None else 0
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu_used >= limits.cpu_seconds):
            return _limit_error(f"The file needed more than {limits.cpu_seconds} s of CPU to read.")
        if sig == signal.SIGXFSZ:
            return _limit_error("Reading the file tried to write to disk, which is not allowed.")
        if sig in _CRASH_SIGNALS and grew >= _MEMORY_CRASH_SHARE * limits.memory_bytes:
            return _limit_error(_too_much_memory(limits))
        logger.warning(
            "Sandbox child killed by signal %d (CPU %.1f s, grew %d MiB)", sig, cpu_used, grew // _MIB
        )
        return _crash_error()
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == _EXIT_MEMORY:
        return _limit_error(_too_much_memory(limits))
    logger.warning("Sandbox child exited with status %d without a result", status)
    return _crash_error()


def _close(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)


def _limit_error(reason: str) -> UnreadableDocument:
    return UnreadableDocument(reason, "resource_limit")


def _crash_error() -> UnreadableDocument:
    return UnreadableDocument(
        "The document reader crashed on this file; it is probably damaged. Please export it again and "
        "re-upload it, or upload a DOCX.",
        "parser_crashed",
    )


def _too_much_memory(limits: SandboxLimits) -> str:
    return f"The file needed more memory than allowed ({limits.memory_bytes // _MIB} MiB) to read."


def _too_long(limits: SandboxLimits) -> str:
    return f"The file's text is longer than {limits.max_output_chars:,} characters, far more than a CV's."


def _wait_until(pid: int, deadline: float) -> tuple[int | None, Any]:
    """Wait for ``pid`` until ``deadline``, then kill it; return (status, rusage), status None if gone."""
    delay = 0.0005
    while True:
        try:
            done, status, rusage = os.wait4(pid, os.WNOHANG)
        except ChildProcessError:
            return None, None
        if done:
            return status, rusage
        if time.monotonic() >= deadline:
            return _kill_and_reap(pid)
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


def _kill_and_reap(pid: int) -> tuple[int | None, Any]:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    try:
        _, status, rusage = os.wait4(pid, 0)
    except ChildProcessError:
        return None, None
    return status, rusage


def _reap_later(pid: int, limits: SandboxLimits) -> None:
    """Reap ``pid`` if it has exited, else remember it for a later call."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return
    if not done:
        with _unreaped_lock:
            _unreaped[pid] = time.monotonic() + limits.wall_seconds


def _reap_finished() -> None:
    """Reap children left by earlier calls; kill any still alive past their deadline."""
    with _unreaped_lock:
        pending = list(_unreaped.items())
    now = time.monotonic()
    for pid, deadline in pending:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if not done and now > deadline:
                _kill_and_reap(pid)
                done = pid
        except ChildProcessError:
            done = pid
        if done:
            with _unreaped_lock:
                _unreaped.pop(pid, None)


def reap_all(timeout: float = 1.0) -> int:
    """Wait up to ``timeout`` for children that delivered results, kill the rest; return how many remain.

    Not needed in normal use (each call reaps the previous ones); tests use it to leave no process behind.
    """
    end = time.monotonic() + timeout
    while True:
        _reap_finished()
        with _unreaped_lock:
            left = list(_unreaped)
        if not left:
            return 0
        if time.monotonic() >= end:
            for pid in left:
                _kill_and_reap(pid)
            _reap_finished()
            with _unreaped_lock:
                return len(_unreaped)
        time.sleep(0.002)


def _memory_now() -> tuple[int, int]:
    """(address space, resident set) of this process in bytes, from /proc (Linux); (0, 0) if unknown."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            size, resident = handle.read().split()[:2]
    except (OSError, ValueError):
        return 0, 0
    page = os.sysconf("SC_PAGE_SIZE")
    return int(size) * page, int(resident) * page


def _extract_in_process(data: bytes, kind: str, limits: SandboxLimits, *, document: bool) -> Extraction:
    global _warned_no_fork
    if not _warned_no_fork:
        _warned_no_fork = True
        message = "os.fork is not available: CV extraction runs in-process without resource limits"
        warnings.warn(message, RuntimeWarning, stacklevel=4)
        logger.warning(message)
    result = extract_document(data, kind) if document else Extraction(extract_text(data, kind))
    if len(result.text) > limits.max_output_chars:
        raise _limit_error(_too_long(limits))
    return result


# --- child ------------------------------------------------------------------------------------------


class _Collector(logging.Handler):
    """Keeps the child's log records for the parent to re-emit (the child may not write to log files)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[int, str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < _MAX_LOG_RECORDS:
            with contextlib.suppress(Exception):
                self.records.append((record.levelno, record.name, record.getMessage()[:2000]))


def _child_main(  # pragma: no cover
    write_fd: int,
    data: bytes,
    kind: str,
    limits: SandboxLimits,
    address_space: int,
    document: bool,
    source_fd: int | None = None,
) -> NoReturn:
    """Harden this process, extract, write the frame, exit. Never returns, whatever happens."""
    code = _EXIT_INTERNAL
    try:
        collector = _harden(write_fd, limits, address_space, source_fd)
        if source_fd is not None:
            _doc.use_prepared_source(_SOURCE_FD)
        payload: dict[str, Any]
        try:
            # extract_text is looked up here, not through extract_document, so tests can replace it.
            result = extract_document(data, kind) if document else Extraction(extract_text(data, kind))
            if len(result.text) > limits.max_output_chars:
                payload = _error_payload(_limit_error(_too_long(limits)))
            else:
                payload = {"text": result.text}
                if result.hidden:
                    payload["hidden"] = [[s.text, s.reason, s.page] for s in result.hidden]
        except DocumentError as exc:
            payload = _error_payload(exc)
        except MemoryError:
            os._exit(_EXIT_MEMORY)
        except Exception:
            payload = {"crash": traceback.format_exc(limit=20)[-8000:]}
        payload["log"] = collector.records
        # ASCII JSON: \\u escapes carry any str, lone surrogates from odd PDFs included.
        body = json.dumps(payload).encode("ascii")
        _write_all(_RESULT_FD, _FRAME_HEADER.pack(len(body)) + body)
        code = 0
    except MemoryError:
        code = _EXIT_MEMORY
    except BaseException:
        code = _EXIT_INTERNAL
    finally:
        os._exit(code)


def _error_payload(exc: DocumentError) -> dict[str, Any]:
    return {"error": {"type": type(exc).__name__, "reason": exc.reason, "code": exc.code}}


def _harden(write_fd: int, limits: SandboxLimits, address_space: int, source_fd: int | None) -> _Collector:
    # Objects inherited from the parent go to the permanent generation: the child's collections then skip
    # them (no walk over the worker's whole heap, no copy-on-write of every page it touches), and garbage
    # the parent had not collected yet (a dropped connection with a __del__) is never finalised here.
    gc.freeze()
    for sig in _RESET_SIGNALS:
        with contextlib.suppress(OSError, ValueError):
            signal.signal(sig, signal.SIG_DFL)
    # A file-size violation must fail the write (EFBIG), not kill a child that only tried to log.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    with contextlib.suppress(ValueError):
        signal.set_wakeup_fd(-1)  # else a signal here would be written into the parent's wakeup pipe
    signal.pthread_sigmask(signal.SIG_SETMASK, set())

    # Every record goes to the collector instead of the parent's handlers (files, sockets, Sentry): one
    # class attribute, where clearing each logger's handlers costs ~1.5 ms in a Django worker.
    collector = _Collector()
    logging.Logger.callHandlers = lambda self, record: collector.handle(record)  # type: ignore[method-assign]

    _keep_only_descriptors(write_fd, source_fd)
    _set_limit(resource.RLIMIT_CORE, 0)
    _set_limit(resource.RLIMIT_FSIZE, 0)
    _set_limit(resource.RLIMIT_NOFILE, _CHILD_NOFILE)
    # SIGXCPU at the soft limit (reported as such), SIGKILL one second later if it is ignored.
    _set_limit(resource.RLIMIT_CPU, limits.cpu_seconds, hard=limits.cpu_seconds + 1)
    if address_space:  # unknown off Linux: no RLIMIT_AS then (macOS does not enforce it anyway)
        _set_limit(resource.RLIMIT_AS, address_space + limits.memory_bytes)
    return collector


def _keep_only_descriptors(write_fd: int, source_fd: int | None = None) -> None:
    """stdin/stdout -> /dev/null, stderr kept (crash reports), the pipe at fd 3, a .doc's memfd (if any) at
    fd 4, everything else closed."""
    # If the parent ran with stdio closed the pipe or the memfd may have been 0-2; they live on at 3-4 only.
    stdio_taken = write_fd <= 2 or (source_fd is not None and source_fd <= 2)
    last = _RESULT_FD
    if source_fd is not None:
        # Each may sit where the other goes: move both above 3 and 4 first.
        floor = max(write_fd, source_fd, _SOURCE_FD) + 1
        write_fd = fcntl.fcntl(write_fd, fcntl.F_DUPFD, floor)
        source_fd = fcntl.fcntl(source_fd, fcntl.F_DUPFD, floor)
        os.dup2(source_fd, _SOURCE_FD)
        last = _SOURCE_FD
    if write_fd != _RESULT_FD:
        os.dup2(write_fd, _RESULT_FD)
    os.closerange(last + 1, max(_max_fd(), write_fd + 1, (source_fd or 0) + 1))
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2) if stdio_taken else (0, 1):
        os.dup2(null, fd)
    if null > last:
        os.close(null)


def _max_fd() -> int:
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY or soft > 1 << 20:
        return 1 << 20
    return soft


def _set_limit(which: int, soft: int, *, hard: int | None = None) -> None:
    """Lower soft and hard limits (the child can never raise them again), within the inherited hard one."""
    hard = soft if hard is None else hard
    _, current = resource.getrlimit(which)
    if current != resource.RLIM_INFINITY:
        soft, hard = min(soft, current), min(hard, current)
    resource.setrlimit(which, (soft, hard))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except InterruptedError:
            continue
        except OSError as exc:
            if exc.errno == errno.EAGAIN:
                select.select([], [fd], [])
                continue
            raise
        view = view[written:]
