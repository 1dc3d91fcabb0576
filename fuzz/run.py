"""Run every parser harness in its own process and print what each did; exit 1 if any crashed.

    python fuzz/run.py [--only pdf,docx] [--corpus-root DIR] [libFuzzer flags, e.g. -runs=300]

Each harness runs as ``python fuzz/fuzz_<name>.py <flags> <corpus-root>/<name>``; the summary line per
harness gives the runs libFuzzer reports ("Done N runs in S second(s)"), the wall time and the runs per
second over that wall time (start-up and seeding included), or the crash and where its input was written.
Crashers go to ``var/fuzz/crashes/<name>/`` unless an ``-artifact_prefix=`` flag says otherwise.
``make fuzz-parsers`` runs it with ``-max_total_time=600 -timeout=60``; ``tests/test_fuzz_parsers.py`` with
``-runs=300`` into a temporary corpus.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HARNESSES = ("pdf", "docx", "doc", "txt", "engine")
_DONE = re.compile(r"^Done (\d+) runs in (\d+) second", re.MULTILINE)
_ARTIFACT = re.compile(r"Test unit written to (\S+)")


@dataclass
class Result:
    name: str
    returncode: int
    runs: int | None
    fuzz_seconds: int | None  # libFuzzer's own count of the fuzzing time (whole seconds)
    seconds: float
    output: str

    @property
    def crashed(self) -> bool:
        return self.returncode != 0

    def summary(self) -> str:
        if self.crashed:
            artifact = _ARTIFACT.search(self.output)
            where = artifact.group(1) if artifact else "no input written"
            return f"{self.name:7} CRASH (exit {self.returncode}) after {self.seconds:.1f} s: {where}"
        runs = self.runs or 0
        line = f"{self.name:7} {runs:>9,} runs in {self.seconds:7.1f} s wall = {runs / self.seconds:7,.0f} runs/s"
        if self.fuzz_seconds:
            line += f"; fuzzing {self.fuzz_seconds:,} s = {runs / self.fuzz_seconds:7,.0f} exec/s"
        return line


def run_harness(name: str, flags: list[str], corpus_root: Path) -> Result:
    command = [sys.executable, str(HERE / f"fuzz_{name}.py"), *flags, str(corpus_root / name)]
    start = time.monotonic()
    completed = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)  # noqa: S603
    seconds = time.monotonic() - start
    output = completed.stdout + completed.stderr
    done = _DONE.search(output)
    runs, fuzz_seconds = (int(done.group(1)), int(done.group(2))) if done else (None, None)
    return Result(name, completed.returncode, runs, fuzz_seconds, seconds, output)


def available(name: str) -> bool:
    """The DOC harness needs Debian's antiword; every other one runs anywhere the requirements are installed."""
    return name != "doc" or shutil.which("antiword") is not None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(HARNESSES), help="comma-separated harness names")
    parser.add_argument("--corpus-root", type=Path, default=ROOT / "var" / "fuzz" / "corpus")
    args, flags = parser.parse_known_args(argv)
    crashed = False
    for name in args.only.split(","):
        if not available(name):
            print(f"{name:7} not run: antiword is not installed (apt-get install antiword)", flush=True)
            continue
        result = run_harness(name, flags, args.corpus_root)
        print(result.summary(), flush=True)
        if result.crashed:
            crashed = True
            print(result.output[-6000:], file=sys.stderr, flush=True)
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
