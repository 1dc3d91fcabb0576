"""Benchmark the offline sentence encoder (``scoring.semantic``) on this machine.

    .venv/bin/python bench/semantic.py [--seconds S]

Prints: the process's peak RSS before and after loading the model (and the growth, i.e. what the
weights and tokenizer cost), the BLAS the encoder runs on, and single-thread throughput, by wall clock
and by CPU time, for 64-token sentences (``embed_sentences``), 256-token windows (``encode``) and
4-window documents (``embed_document``; each document is long enough to fill all four windows).  The
texts are fictional sentences built from a fixed seed, so runs are comparable.  The encoder pins BLAS
to one thread itself; each measurement runs for about S seconds (default 5) after one warm-up call.
Figures only, no pass/fail.  Exits 0 with a message when the model package is not installed.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from threadpoolctl import threadpool_info  # noqa: E402

from scoring import semantic  # noqa: E402
from scoring.semantic import _model  # noqa: E402

VOCABULARY = (
    "python django backend engineer built maintained api services postgres kafka team led migrated "
    "platform reduced latency customers nurse patients ward shifts accounting payroll invoices audit "
    "warehouse logistics forklift safety training managed budget stakeholders roadmap analytics sql "
    "dashboards experiments designed tested deployed kubernetes cloud costs mentoring hiring reviews"
)
WORDS = tuple(VOCABULARY.split())


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fake_texts(count: int, words: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(words)) + "." for _ in range(count)]


def rate(label: str, items: list[str], run: Callable[[str], object], seconds: float, unit: str) -> None:
    """Call ``run`` on ``items`` round-robin for about ``seconds``; print items per second.

    Both wall-clock and CPU-time rates are shown: on a shared machine the CPU-time rate is the one that
    says what the encoder costs, the wall-clock one what a caller waited.
    """
    run(items[0])
    done, start, cpu_start = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds:
        run(items[done % len(items)])
        done += 1
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(
        f"{label:50s} {done / elapsed:6.1f} {unit}/s wall, {done / cpu:6.1f}/s CPU "
        f"({1000 * cpu / done:6.1f} ms CPU each, n={done})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time per measurement")
    args = parser.parse_args()

    if not semantic.available():
        print(f"semantic encoder unavailable: {semantic.unavailable_reason()}")
        return 0

    before = peak_rss_mib()
    start = time.perf_counter()
    model = _model.load()
    load_seconds = time.perf_counter() - start
    after = peak_rss_mib()
    print(f"{semantic.SEMANTIC_VERSION}")
    print(
        f"model load: {load_seconds:.2f} s; peak RSS {before:.0f} MiB before, {after:.0f} MiB after "
        f"(+{after - before:.0f} MiB)"
    )
    blas = [f"{i['internal_api']} {i['version']} {i.get('architecture', '?')}" for i in threadpool_info()]
    print(f"BLAS: {', '.join(blas) or 'none found'}; the encoder limits it to 1 thread")

    sentences = fake_texts(200, 80, seed=1)
    windows = fake_texts(50, 300, seed=2)
    documents = fake_texts(20, 1200, seed=3)
    tok = model.tokenizer
    assert all(len(tok.encode(s, add_special_tokens=False).ids) >= 62 for s in sentences)
    assert all(len(tok.encode(d, add_special_tokens=False).ids) >= 4 * 254 for d in documents)

    rate(
        "sentences, 64 tokens (embed_sentences)",
        sentences,
        lambda s: semantic.embed_sentences([s]),
        args.seconds,
        "sentences",
    )
    rate(
        "windows, 256 tokens (encode)",
        windows,
        lambda s: semantic.encode([s]),
        args.seconds,
        "documents",
    )
    rate(
        "documents, 4 x 256-token windows (embed_document)",
        documents,
        semantic.embed_document,
        args.seconds,
        "documents",
    )
    start, cpu_start = time.perf_counter(), time.process_time()
    semantic.embed_sentences(sentences[:64])
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"one call with 64 sentences: {1000 * wall:.0f} ms wall, {1000 * cpu:.0f} ms CPU")
    print(f"peak RSS at the end: {peak_rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
