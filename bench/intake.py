"""Benchmark sandboxed CV extraction (what the worker runs) against in-process extraction of the same files.

    .venv/bin/python bench/intake.py [--data DIR] [--synthetic N] [--django]

The corpus: N fictional CVs from ``scoring.synthetic`` (default 200, round-robin one-column PDF,
two-column PDF, DOCX and TXT) plus, when present, the real PDFs and DOCX in DIR (default
../shared/eval/files beside the repository). Each file is read once in-process (``extract_text``) and
once through ``extract_text_sandboxed``; the script prints throughput, median and p95 latency, peak memory
of this process and of the largest child, failures, whether both paths agree, and the sandbox's overhead
ratio (total sandboxed time / total in-process time; the requirement is at most 3x). ``--django`` first
loads the Django project and the scoring engine, so the forked parent is as large as a real worker.
Figures only, no pass/fail.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Sample:
    group: str
    name: str
    data: bytes


@dataclass
class Timings:
    raw: list[float] = field(default_factory=list)
    sandboxed: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    mismatches: list[str] = field(default_factory=list)


def synthetic_samples(count: int) -> list[Sample]:
    from scoring.synthetic import KINDS, generate_corpus

    return [
        Sample(f"synthetic {KINDS[i % len(KINDS)]}", cv.id, cv.render(KINDS[i % len(KINDS)]))
        for i, cv in enumerate(generate_corpus(count, seed=0))
    ]


def real_samples(data_dir: Path) -> list[Sample]:
    samples = []
    for folder, pattern in (("pdf", "*.pdf"), ("docx", "*.docx")):
        for path in sorted((data_dir / folder).glob(pattern)):
            samples.append(Sample(f"real {folder}", path.name, path.read_bytes()))
    return samples


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def resident_mib() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run(samples: list[Sample]) -> dict[str, Timings]:
    from scoring.parsing import DocumentError, detect_kind, extract_text, extract_text_sandboxed

    groups: dict[str, Timings] = {}
    for sample in samples:
        timings = groups.setdefault(sample.group, Timings())
        kind = detect_kind(sample.data)
        if kind is None:
            timings.failures["detect_kind: None"] += 1
            continue
        outcomes = []
        # Alternate which path goes first so neither always gets the warmer caches.
        order = (False, True) if len(timings.raw) % 2 else (True, False)
        for sandboxed in order:
            start = time.perf_counter()
            try:
                outcome = (extract_text_sandboxed if sandboxed else extract_text)(sample.data, kind)
            except DocumentError as exc:
                outcome = f"{type(exc).__name__}:{exc.code}"
            elapsed = time.perf_counter() - start
            (timings.sandboxed if sandboxed else timings.raw).append(elapsed)
            outcomes.append(outcome)
            if sandboxed and outcome.startswith(("UnreadableDocument:", "UnsupportedFileType:")):
                timings.failures[outcome] += 1
        if outcomes[0] != outcomes[1]:
            timings.mismatches.append(sample.name)
    return groups


def report(groups: dict[str, Timings], wall: float) -> None:
    everything = Timings()
    print(f"{'group':<20} {'files':>5} {'raw ms':>16} {'sandboxed ms':>16} {'ratio':>6}   (median / p95)")
    for name, timings in sorted(groups.items()):
        everything.raw += timings.raw
        everything.sandboxed += timings.sandboxed
        everything.failures += timings.failures
        everything.mismatches += timings.mismatches
        print(
            f"{name:<20} {len(timings.raw):>5} "
            f"{statistics.median(timings.raw) * 1000:>7.1f} / {percentile(timings.raw, 0.95) * 1000:>6.1f} "
            f"{statistics.median(timings.sandboxed) * 1000:>7.1f} / {percentile(timings.sandboxed, 0.95) * 1000:>6.1f} "
            f"{sum(timings.sandboxed) / sum(timings.raw):>6.2f}"
        )
    raw, boxed = everything.raw, everything.sandboxed
    print()
    print(f"files: {len(boxed)}, bench wall time {wall:.1f} s")
    print(
        f"in-process:  {len(raw) / sum(raw):6.1f} CVs/s, median {statistics.median(raw) * 1000:6.1f} ms, "
        f"p95 {percentile(raw, 0.95) * 1000:6.1f} ms, total {sum(raw):.2f} s"
    )
    print(
        f"sandboxed:   {len(boxed) / sum(boxed):6.1f} CVs/s, median {statistics.median(boxed) * 1000:6.1f} ms, "
        f"p95 {percentile(boxed, 0.95) * 1000:6.1f} ms, total {sum(boxed):.2f} s"
    )
    per_file = [b - r for r, b in zip(raw, boxed, strict=True)]
    print(
        f"overhead:    ratio {sum(boxed) / sum(raw):.2f}x (target <= 3x); per file median "
        f"{statistics.median(per_file) * 1000:+.1f} ms, p95 {percentile(per_file, 0.95) * 1000:+.1f} ms"
    )
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"memory:      parent RSS now {resident_mib():.0f} MiB, peak {self_peak:.0f} MiB; largest child peak "
        f"{child_peak:.0f} MiB (includes the pages it shares with the parent)"
    )
    print(f"same result in both paths: {len(boxed) - len(everything.mismatches)}/{len(boxed)}")
    for name in everything.mismatches[:10]:
        print(f"  differs: {name}")
    for reason, count in everything.failures.most_common():
        print(f"  failed x{count}: {reason}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "eval" / "files")
    parser.add_argument("--synthetic", type=int, default=200, help="number of fictional CVs (default 200)")
    parser.add_argument(
        "--django", action="store_true", help="load Django and the engine first (worker-sized)"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(REPO_ROOT))
    if args.django:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiresscope.settings")
        import django

        django.setup()
        import candidates.pipeline  # noqa: F401 - the modules a worker has loaded
        import scoring.engine  # noqa: F401

    start = time.perf_counter()
    samples = synthetic_samples(args.synthetic)
    if args.data.is_dir():
        samples += real_samples(args.data)
    else:
        print(f"No real files at {args.data}; synthetic CVs only.")
    print(
        f"rendered {len(samples)} files in {time.perf_counter() - start:.1f} s; parent RSS {resident_mib():.0f} MiB"
    )

    from scoring.parsing import detect_kind, extract_text, extract_text_sandboxed

    for sample in samples[:4]:  # import-time and first-call costs stay out of the figures
        kind = detect_kind(sample.data) or "txt"
        extract_text(sample.data, kind)
        extract_text_sandboxed(sample.data, kind)

    start = time.perf_counter()
    groups = run(samples)
    report(groups, time.perf_counter() - start)
    return 0


if __name__ == "__main__":
    sys.exit(main())
