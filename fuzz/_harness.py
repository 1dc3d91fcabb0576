"""What every harness shares: the repository on ``sys.path``, seeding a corpus, starting atheris.

A harness is run as a script: ``python fuzz/fuzz_pdf.py [libFuzzer flags] [CORPUS_DIR]``. Without a
corpus directory it uses ``var/fuzz/corpus/<name>``; either way the seeds (``fuzz/seeds.py``, generated
in code) are written into it first, and crashers are written to ``var/fuzz/crashes/<name>/`` unless an
``-artifact_prefix=`` flag says otherwise.

Only exceptions a harness does not expect are crashes: each harness catches the refusals its entry
points document (``DocumentError`` for the extractors) and lets anything else escape to atheris, which
prints the traceback, writes the input as ``crash-<sha1>`` and exits non-zero.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import atheris  # noqa: E402  (after the path, so the harness runs from any directory)


def write_seeds(directory: Path, seeds: Iterable[bytes]) -> int:
    """Write each seed as a file named by its SHA-1 (idempotent); return how many there are."""
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    for seed in seeds:
        (directory / hashlib.sha1(seed).hexdigest()).write_bytes(seed)  # noqa: S324 (a file name, not security)
        count += 1
    return count


def main(name: str, test_one: Callable[[bytes], None], seeds: Callable[[], Iterable[bytes]]) -> None:
    """Seed the corpus, then hand ``sys.argv`` (libFuzzer flags and the corpus) to atheris."""
    args = sys.argv[1:]
    positional = [arg for arg in args if not arg.startswith("-")]
    flags = [arg for arg in args if arg.startswith("-")]
    if not positional:
        positional = [str(ROOT / "var" / "fuzz" / "corpus" / name)]
    if not any(flag.startswith("-artifact_prefix=") for flag in flags):
        crashes = ROOT / "var" / "fuzz" / "crashes" / name
        crashes.mkdir(parents=True, exist_ok=True)
        flags.append(f"-artifact_prefix={crashes}/")
    # A flag-free run on a file (libFuzzer's reproduce mode) gets no seeds: it runs just that input.
    corpus = Path(positional[0])
    if not corpus.is_file():
        count = write_seeds(corpus, seeds())
        print(f"fuzz {name}: {count} seeds in {corpus}", flush=True)
    atheris.Setup([sys.argv[0], *flags, *positional], test_one)
    atheris.Fuzz()
