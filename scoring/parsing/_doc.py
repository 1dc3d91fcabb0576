"""Legacy Word 97-2003 (``.doc``) text, read by Debian's ``antiword`` in a subprocess.

antiword is a small C program (about 4 ms a file) that reads the binary Word format; no maintained
pure-Python reader does (olefile only opens the container). It runs with no shell, an empty environment
apart from a UTF-8 locale, and a timeout; ``extract_document_sandboxed`` runs this module inside its forked
child, so antiword inherits the child's CPU, file-size and descriptor limits, and it gets an address-space
limit of its own (the child's is sized from the worker's address space, far more than antiword needs).

The bytes reach antiword as its standard input opened by path (``/dev/stdin``): a memfd holding the file,
so antiword can seek and nothing is written to disk (``antiword -`` would copy a pipe into a file in /tmp,
which the sandbox forbids). The sandbox's child may not write files at all, memfds included, so
``extract_document_sandboxed`` fills the memfd in the parent before it forks (``prepare_source``) and the
child hands it over with ``use_prepared_source``.

Formatted-text mode (``-f``) is used because it honours Word's "Hidden" font effect (plain mode ``-t``
prints hidden text); when the file may hold hidden text, a second run with ``-s`` shows it too, and what it
adds is reported as ``HiddenSegment``s (reason ``hidden_run``) so the application is flagged, as for DOCX. White or tiny text
cannot be seen this way: antiword does not report colours or sizes in text mode.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator

from ._errors import UnreadableDocument, UnsupportedFileType
from ._hidden import HIDDEN_RUN, HiddenCollector, HiddenSegment, has_ink

try:
    import resource
except ImportError:  # pragma: no cover - Windows, where there is no antiword either
    resource = None  # type: ignore[assignment]

ANTIWORD = "antiword"
# Within the sandbox's 45 s wall limit, so a stuck antiword is reported as such rather than as the child's
# timeout; a CV takes milliseconds.
TIMEOUT_SECONDS = 20.0
# antiword's own limits (it holds the document's structures and text: a CV needs a few MiB).
MEMORY_BYTES = 256 * 1024 * 1024
CPU_SECONDS = 15
# More than any CV's text as UTF-8 (the sandbox refuses text past 500,000 characters anyway).
MAX_OUTPUT_BYTES = 16 * 1024 * 1024
_ENV = {"LC_ALL": "C.UTF-8", "HOME": "/nonexistent"}  # HOME: antiword looks for ~/.antiword first
# Where antiword and prlimit are looked for: the worker's PATH, and the system's in case it has none.
_PATH = os.pathsep.join(filter(None, (os.environ.get("PATH"), "/usr/local/bin:/usr/bin:/bin")))
# Word's "Hidden" effect is the character property sprmCFVanish (opcode 0x083C, little-endian) set to 1 or
# to "the opposite of the style" (0x81), in a run or a style. Only a file holding those bytes somewhere is
# read a second time to report its hidden text; a false alarm costs one run, and the visible text never
# depends on this guess (the first run leaves hidden text out whatever it finds).
_VANISH_ON = re.compile(rb"\x3c\x08[\x01\x81]")
# Word hides text per run: beyond this many words the second opinion is compared line by line instead.
_MAX_DIFF_WORDS = 20_000

_prepared_fd: int | None = None  # set in the sandbox's child: a memfd made by the parent before the fork

# antiword's messages (stderr) for files it refuses, and what the uploader is told.
_NOT_WORD = re.compile(r"is an Excel spreadsheet|does not contain a Word document|probably an? ")
_OLD_OR_ODD = re.compile(r"before Word 6|version of Word is not supported|fast saved|too small to handle")


def doc_document(data: bytes) -> tuple[str, tuple[HiddenSegment, ...]]:
    """The visible text of a Word 97-2003 document, and the hidden-font text it holds.

    Raises ``UnreadableDocument`` (codes ``encrypted_document``, ``unsupported_doc_format``,
    ``corrupt_file``, ``resource_limit``, ``doc_reader_missing``) or ``UnsupportedFileType`` (an OLE2 file
    that is not a Word document: a spreadsheet, a presentation, an Outlook message).
    """
    program = shutil.which(ANTIWORD, path=_PATH)
    if program is None:
        raise _missing()
    with _source(data) as fd:
        visible = _antiword(program, fd, show_hidden=False)
        everything = _antiword(program, fd, show_hidden=True) if _VANISH_ON.search(data) else visible
    hidden = _hidden_segments(visible, everything) if everything != visible else ()
    return _tidy_tables(visible), hidden


# --- the input file ---------------------------------------------------------------------------------


def prepare_source(data: bytes) -> int:
    """A seekable descriptor holding ``data`` and not on disk (a memfd; a deleted temp file elsewhere)."""
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("cv.doc", os.MFD_CLOEXEC)
    else:  # pragma: no cover - macOS: an unlinked file in the temp directory
        handle = tempfile.TemporaryFile()  # noqa: SIM115 - the descriptor outlives the object
        fd = os.dup(handle.fileno())
        handle.close()
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        os.close(fd)
        raise
    return fd


def use_prepared_source(fd: int | None) -> None:
    """Make ``doc_document`` read ``fd`` (filled by ``prepare_source``) instead of writing its own copy.

    Only for the sandbox's child, which may not write files and handles exactly one document.
    """
    global _prepared_fd
    _prepared_fd = fd


@contextlib.contextmanager
def _source(data: bytes) -> Iterator[int]:
    if _prepared_fd is not None:
        yield _prepared_fd
        return
    try:
        fd = prepare_source(data)
    except OSError as exc:  # EFBIG: a process under RLIMIT_FSIZE=0 that was not handed a prepared copy
        raise UnreadableDocument(
            "The .doc file could not be handed to the reader.", "parser_crashed"
        ) from exc
    try:
        yield fd
    finally:
        os.close(fd)


# --- running antiword -------------------------------------------------------------------------------


def _command(program: str, *, show_hidden: bool) -> tuple[list[str], Callable[[], None] | None]:
    """antiword's argument list, under util-linux's ``prlimit`` when there is one (always on Debian).

    ``prlimit`` sets the limits between its fork and exec at the cost of one exec (~0.3 ms); a Python
    ``preexec_fn`` would do the same but makes subprocess fork instead of vfork, copying the page tables
    of a large worker for each call (+3-4 ms measured).
    """
    # -f: formatted text (honours hidden text), -w 0: a paragraph per line (no wrapping, so no word is split
    # at a hyphen), -m: UTF-8 output. /dev/stdin is reopened by antiword: seekable, at offset 0.
    args = [program, "-f", "-w", "0", "-m", "UTF-8.txt", *(["-s"] if show_hidden else []), "/dev/stdin"]
    memory = _within_hard_limit("RLIMIT_AS", MEMORY_BYTES)
    cpu = _within_hard_limit("RLIMIT_CPU", CPU_SECONDS)
    limits = [f"--as={memory}", f"--cpu={cpu}", "--core=0"]
    prlimit = shutil.which("prlimit", path=_PATH)
    if prlimit:
        return [prlimit, *limits, "--", *args], None
    return args, _limit_in_child  # pragma: no cover - systems without util-linux


def _within_hard_limit(name: str, wanted: int) -> int:
    """``wanted``, or less if this process may not go that high (the sandbox's child lowers its limits)."""
    if resource is None:  # pragma: no cover
        return wanted
    _, hard = resource.getrlimit(getattr(resource, name))
    return wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)


def _limit_in_child() -> None:  # pragma: no cover - runs between fork and exec
    for name, wanted in (("RLIMIT_AS", MEMORY_BYTES), ("RLIMIT_CPU", CPU_SECONDS), ("RLIMIT_CORE", 0)):
        value = _within_hard_limit(name, wanted)
        resource.setrlimit(getattr(resource, name), (value, value))


def _antiword(program: str, fd: int, *, show_hidden: bool) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    args, preexec = _command(program, show_hidden=show_hidden)
    try:
        completed = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            args,
            stdin=fd,
            capture_output=True,
            env=_ENV,
            timeout=TIMEOUT_SECONDS,
            close_fds=True,
            preexec_fn=preexec,  # only without prlimit
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UnreadableDocument(
            f"The .doc file took more than {TIMEOUT_SECONDS:g} s to read.", "resource_limit"
        ) from None
    except OSError as exc:  # not executable, or no process could be started
        raise _missing() from exc
    if completed.returncode != 0 or len(completed.stdout) > MAX_OUTPUT_BYTES:
        raise _error(completed.returncode, completed.stderr.decode("utf-8", "replace"), len(completed.stdout))
    return completed.stdout.decode("utf-8", "replace")


def _missing() -> UnreadableDocument:
    return UnreadableDocument(
        "Legacy Word (.doc) files cannot be read on this server right now; please retry later, or upload the "
        "CV as PDF or DOCX.",
        "doc_reader_missing",
    )


def _error(returncode: int, stderr: str, output_bytes: int) -> UnreadableDocument | UnsupportedFileType:
    if output_bytes > MAX_OUTPUT_BYTES:
        return UnreadableDocument("The .doc file's text is far longer than a CV's.", "resource_limit")
    if "Encrypted documents" in stderr:
        return UnreadableDocument(
            "This Word document is password protected. Please upload a copy without a password.",
            "encrypted_document",
        )
    if _NOT_WORD.search(stderr):
        return UnsupportedFileType(
            "This file is not a Word document (it looks like a spreadsheet or another Office file). "
            "Please upload the CV as PDF, DOCX, DOC or plain text."
        )
    if _OLD_OR_ODD.search(stderr):
        return UnreadableDocument(
            "This Word document uses a variant of the .doc format that cannot be read (very old, "
            "fast-saved or very short). Please save it as DOCX or PDF and upload it again.",
            "unsupported_doc_format",
        )
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL) or "memory" in stderr.lower():
        return UnreadableDocument(
            "The .doc file needed more time or memory to read than allowed.", "resource_limit"
        )
    if returncode < 0:  # killed by another signal: a crash
        return UnreadableDocument(
            "The .doc reader could not finish this file; it is probably damaged. Please save it as DOCX or "
            "PDF and upload it again.",
            "corrupt_file",
        )
    return UnreadableDocument(
        "This Word document is damaged and cannot be read. Please save it as DOCX or PDF and upload it again.",
        "corrupt_file",
    )


# --- output -----------------------------------------------------------------------------------------


def _tidy_tables(text: str) -> str:
    """antiword draws a table row as ``|cell   |cell   |``; write it as DOCX rows are: ``cell | cell``."""
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
            cells = [cell.strip() for cell in stripped[1:-1].split("|")]
            line = " | ".join(cell for cell in cells if cell)
        lines.append(line)
    return "\n".join(lines)


def _hidden_segments(visible: str, everything: str) -> tuple[HiddenSegment, ...]:
    """What the ``-s`` run adds to the visible text: word stretches, in document order."""
    collector = HiddenCollector()
    shown, full = visible.split(), everything.split()
    if len(full) <= _MAX_DIFF_WORDS:
        matcher = difflib.SequenceMatcher(None, shown, full, autojunk=False)
        for tag, _, _, start, end in matcher.get_opcodes():
            if tag in ("insert", "replace"):
                collector.add(" ".join(full[start:end]), HIDDEN_RUN)
    else:  # a huge document: lines that only the second run has (quadratic diffs are not worth it)
        seen = Counter(visible.splitlines())
        for line in everything.splitlines():
            if seen[line] > 0:
                seen[line] -= 1
            elif has_ink(line):
                collector.add(line, HIDDEN_RUN)
    return collector.result()
