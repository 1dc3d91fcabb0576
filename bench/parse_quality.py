"""Parse quality: fictional CVs with ground truth, rendered as PDF, two-column PDF, DOCX and text.

Usage (from the repository root)::

    .venv/bin/python bench/parse_quality.py [--n 240] [--seed 0] [--show 5] [--real DIR]

Generates ``--n`` CVs with ``scoring.synthetic`` (rendering i is ``KINDS[i % 4]``, so the renderings
share the CVs evenly), extracts the text the way the app does (``scoring.parsing.extract_text_sandboxed``
when it exists, else ``extract_text``), runs ``parse_cv`` and prints, per field and rendering: e-mail
and phone recall/precision, name accuracy, skills precision/recall/F1 against the truth's canonical
skills, share of CVs whose years of experience are within one year, education-level accuracy,
languages recall, and the extra fields (location, roles).  Figures only, no pass/fail.

``--real DIR`` (default ``../shared/eval/files`` beside the repository) also parses the real CVs in
``DIR/pdf`` and ``DIR/docx``: crashes (must be 0; files the extractor rejects are counted apart) and
field coverage.  Those files are read in place and never copied.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scoring import parsing  # noqa: E402
from scoring.engine import ENGINE_VERSION, parse_cv  # noqa: E402
from scoring.synthetic import DEFAULT_TODAY, KINDS, generate_corpus  # noqa: E402
from scoring.synthetic._quality import Report  # noqa: E402

DEFAULT_REAL = REPO.parent / "shared" / "eval" / "files"
_extract = getattr(parsing, "extract_text_sandboxed", None) or parsing.extract_text


def extract(data: bytes) -> str:
    """Text of a document, as the app extracts it (kind detected from the content)."""
    kind = parsing.detect_kind(data)
    if kind is None:
        raise parsing.UnsupportedFileType("unknown file type")
    return _extract(data, kind)


def run_synthetic(n: int, seed: int) -> tuple[dict[str, Report], dict[str, list[float]]]:
    """Reports per rendering (and "all") and timings in ms per CV (render, extract, parse)."""
    reports: dict[str, Report] = defaultdict(Report)
    timings: dict[str, list[float]] = defaultdict(list)
    corpus = generate_corpus(n, seed=seed)
    if corpus:  # load the skill dictionary and the PDF/DOCX libraries before timing anything
        for kind in KINDS:
            parse_cv(extract(corpus[0].render(kind)), today=DEFAULT_TODAY)
    for i, cv in enumerate(corpus):
        kind = KINDS[i % len(KINDS)]
        t0 = time.perf_counter()
        data = cv.render(kind)
        t1 = time.perf_counter()
        text = extract(data)
        t2 = time.perf_counter()
        parsed = parse_cv(text, today=DEFAULT_TODAY)
        t3 = time.perf_counter()
        timings[f"render {kind}"].append(1000 * (t1 - t0))
        timings[f"extract {kind}"].append(1000 * (t2 - t1))
        timings["parse_cv"].append(1000 * (t3 - t2))
        for key in (kind, "all"):
            reports[key].add(cv.id + f" [{kind}]", cv.truth, parsed)
    return reports, timings


_ROWS = (
    ("email", "recall"),
    ("email", "precision"),
    ("phone", "recall"),
    ("phone", "precision"),
    ("name", "accuracy"),
    ("skills", "precision"),
    ("skills", "recall"),
    ("skills", "f1"),
    ("years ±1", "accuracy"),
    ("education level", "accuracy"),
    ("languages", "recall"),
    ("languages", "precision"),
    ("language level", "accuracy"),
    ("location", "accuracy"),
    ("experience count", "accuracy"),
    ("role title", "accuracy"),
    ("role employer", "accuracy"),
)


def print_synthetic(reports: dict[str, Report], timings: dict[str, list[float]], show: int) -> None:
    """Print the per-field, per-rendering table (and up to ``show`` misses per field)."""
    columns = [k for k in (*KINDS, "all") if k in reports]
    print(f"{'field':<28}" + "".join(f"{c:>9}" for c in columns))
    print(f"{'CVs':<28}" + "".join(f"{reports[c].count:>9}" for c in columns))
    for name, metric in _ROWS:
        values = [getattr(reports[c].fields[name], metric) for c in columns]
        print(f"{name + ' ' + metric:<28}" + "".join(f"{value:>9.3f}" for value in values))
    print()
    for key in sorted(timings):
        values = sorted(timings[key])
        median = values[len(values) // 2]
        print(f"  {key:<18} median {median:7.1f} ms   max {values[-1]:7.1f} ms")
    if show:
        for name, misses in reports["all"].misses.items():
            print(f"\n  {name}: {len(misses)} CVs differ; first {min(show, len(misses))}:")
            for line in misses[:show]:
                print(f"    {line}")


def run_real(folder: Path) -> None:
    """Parse the real CVs under ``folder/pdf`` and ``folder/docx``; print crashes and field coverage."""
    for sub in ("pdf", "docx"):
        files = sorted((folder / sub).glob("*")) if (folder / sub).is_dir() else []
        if not files:
            print(f"  {sub}: no files under {folder / sub}")
            continue
        counts: dict[str, int] = defaultdict(int)
        crashes: list[str] = []
        rejected: list[str] = []
        parse_ms: list[float] = []
        for path in files:
            try:
                text = extract(path.read_bytes())
            except parsing.DocumentError as exc:
                rejected.append(f"{path.name}: {exc}")
                continue
            try:
                t0 = time.perf_counter()
                parsed = parse_cv(text, today=DEFAULT_TODAY)
                parse_ms.append(1000 * (time.perf_counter() - t0))
            except Exception as exc:  # the figure we want is how many crash, so catch everything
                crashes.append(f"{path.name}: {type(exc).__name__}: {exc}")
                continue
            counts["parsed"] += 1
            counts["email"] += bool(parsed.emails)
            counts["phone"] += bool(parsed.phones)
            counts["name"] += parsed.name is not None
            counts["location"] += parsed.location is not None
            counts[">=1 experience"] += bool(parsed.experiences)
            counts["years"] += parsed.years_experience is not None
            counts["education level"] += parsed.education_level is not None
            counts[">=3 skills"] += len(parsed.skills) >= 3
            counts["languages"] += bool(parsed.languages)
        n = max(counts["parsed"], 1)
        parse_ms.sort()
        median = parse_ms[len(parse_ms) // 2] if parse_ms else 0.0
        print(
            f"  {sub}: {len(files)} files, {counts['parsed']} parsed, {len(crashes)} crashes, "
            f"{len(rejected)} rejected by the extractor; parse_cv median {median:.1f} ms, max "
            f"{parse_ms[-1] if parse_ms else 0:.1f} ms"
        )
        for key in (
            "email",
            "phone",
            "name",
            "location",
            ">=1 experience",
            "years",
            "education level",
            ">=3 skills",
            "languages",
        ):
            print(f"    {key:<16} {counts[key] / n:6.1%}")
        for line in crashes + rejected:
            print(f"    {line}")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=240, help="number of synthetic CVs (default 240)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--show", type=int, default=0, help="print up to N misses per field")
    parser.add_argument("--real", type=Path, default=DEFAULT_REAL, help=f"real CV files ({DEFAULT_REAL})")
    parser.add_argument("--no-real", action="store_true", help="skip the real CVs")
    args = parser.parse_args(argv)

    print(
        f"HireScope parse quality, engine {ENGINE_VERSION}, extractor {parsing.PARSER_VERSION} "
        f"({_extract.__name__}), {args.n} synthetic CVs, seed {args.seed}"
    )
    reports, timings = run_synthetic(args.n, args.seed)
    print_synthetic(reports, timings, args.show)
    if not args.no_real:
        print(f"\nReal CVs under {args.real}:")
        if args.real.is_dir():
            run_real(args.real)
        else:
            print("  not found; skipped (the evaluation files are not part of the repository)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
