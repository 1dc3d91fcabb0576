"""Evaluate the scoring engine's ranking quality on TREC-style labelled tasks.

Usage (from the repository root)::

    .venv/bin/python bench/evaluate.py --data ../shared/eval/tasks

Each task folder holds ``task.json`` (name, direction, rank_only_judged), ``queries.csv``
(query_id,text), ``documents.csv`` (doc_id,text) and ``qrels.csv`` (query_id,doc_id,grade; grade > 0 is
relevant, unlisted = 0).  For ``job_to_cvs`` every query is a job ad (first sentence = title, rest =
description, no explicit skills, so the engine derives the requirements) and every document a CV; for
``cv_to_jobs`` the reverse.  Each CV is parsed once.  Documents are ranked by score, ties broken by the
unrounded weighted component sum and then by document id (``--integer-ties`` skips the middle key).

Metrics: NDCG@10, P@10 and MAP over binary relevance (grade > 0), and graded NDCG@5/@10 with linear
gain (gain = grade, log2 discount), averaged over queries that have at least one relevant document.
The labelled data carries no licence to redistribute: it is read from outside the repository only.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import math
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scoring.engine import ENGINE_VERSION, job_requirements, parse_cv, score_cv  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "eval" / "tasks"
TODAY = datetime.date(2025, 1, 1)  # fixed so runs are reproducible
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


@dataclass
class Task:
    name: str
    direction: str
    rank_only_judged: bool
    queries: dict[str, str]
    documents: dict[str, str]
    qrels: dict[str, dict[str, int]]


def _read_csv(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_task(folder: Path) -> Task:
    """Read one task folder."""
    meta = json.loads((folder / "task.json").read_text(encoding="utf-8"))
    qrels: dict[str, dict[str, int]] = {}
    for row in _read_csv(folder / "qrels.csv"):
        qrels.setdefault(row["query_id"], {})[row["doc_id"]] = int(row["grade"])
    return Task(
        name=meta.get("name", folder.name),
        direction=meta["direction"],
        rank_only_judged=bool(meta.get("rank_only_judged", False)),
        queries={r["query_id"]: r["text"] for r in _read_csv(folder / "queries.csv")},
        documents={r["doc_id"]: r["text"] for r in _read_csv(folder / "documents.csv")},
        qrels=qrels,
    )


def job_from_ad(text: str):
    """First sentence = title, the rest = description; the engine derives the skills."""
    text = text.strip()
    parts = _SENTENCE_END.split(text, maxsplit=1)
    title = parts[0].strip().rstrip(".")
    description = parts[1].strip() if len(parts) > 1 else ""
    return job_requirements(
        title=title,
        description=description,
        required_skills=[],
        nice_to_have_skills=[],
        min_years_experience=None,
        education_level=None,
        languages=[],
    )


def _fine(result, component: str | None) -> float:
    if component:
        return result.breakdown.get(component, {}).get("score", 0.0)
    return sum(c["score"] * c["weight"] for c in result.breakdown.values())


def dcg(gains: list[float]) -> float:
    """Discounted cumulative gain with a log2(rank + 1) discount."""
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg(ranked: list[str], judged: dict[str, int], k: int, *, graded: bool) -> float:
    """NDCG@k (binary gain unless ``graded``; graded gain = grade)."""

    def gain(grade: int) -> float:
        return float(grade) if graded else float(grade > 0)

    ideal = sorted((gain(g) for g in judged.values() if g > 0), reverse=True)[:k]
    best = dcg(ideal)
    return dcg([gain(judged.get(d, 0)) for d in ranked[:k]]) / best if best else 0.0


def precision_at(ranked: list[str], judged: dict[str, int], k: int) -> float:
    """Share of relevant documents among the first k."""
    return sum(judged.get(d, 0) > 0 for d in ranked[:k]) / k


def average_precision(ranked: list[str], judged: dict[str, int]) -> float:
    """Mean of precision at each relevant document's rank, over all relevant documents."""
    relevant = sum(g > 0 for g in judged.values())
    hits, total = 0, 0.0
    for i, d in enumerate(ranked, start=1):
        if judged.get(d, 0) > 0:
            hits += 1
            total += hits / i
    return total / relevant if relevant else 0.0


def evaluate(task: Task, *, integer_ties: bool, component: str | None) -> dict:
    """Score every (query, document) pair the task needs and compute the metrics."""
    jobs_are_queries = task.direction == "job_to_cvs"
    if task.direction not in ("job_to_cvs", "cv_to_jobs"):
        raise ValueError(f"{task.name}: unknown direction {task.direction!r}")
    job_texts = task.queries if jobs_are_queries else task.documents
    cv_texts = task.documents if jobs_are_queries else task.queries

    t0 = time.perf_counter()
    jobs = {jid: job_from_ad(text) for jid, text in job_texts.items()}
    t1 = time.perf_counter()
    cvs = {cid: parse_cv(text, today=TODAY) for cid, text in cv_texts.items()}
    t2 = time.perf_counter()

    candidates: dict[str, list[str]] = {}
    for qid in task.queries:
        pool = list(task.qrels.get(qid, {})) if task.rank_only_judged else list(task.documents)
        candidates[qid] = [d for d in pool if d in task.documents]

    keys: dict[str, list[tuple]] = {qid: [] for qid in task.queries}
    pairs = 0
    # CV-major order: all scores of one CV are computed together, so its analysis is reused.
    wanted: dict[str, list[tuple[str, str]]] = {}
    for qid, docs in candidates.items():
        for did in docs:
            cv_id, job_id = (did, qid) if jobs_are_queries else (qid, did)
            wanted.setdefault(cv_id, []).append((job_id, qid))
    for cv_id in sorted(wanted):
        for job_id, qid in wanted[cv_id]:
            result = score_cv(cvs[cv_id], jobs[job_id])
            did = cv_id if jobs_are_queries else job_id
            fine = _fine(result, component)
            primary = fine if component else result.score
            keys[qid].append((-primary, 0.0 if integer_ties else -fine, did))
            pairs += 1
    t3 = time.perf_counter()

    per_query = []
    for qid, rows in keys.items():
        judged = task.qrels.get(qid, {})
        if not any(g > 0 for g in judged.values()):
            continue
        ranked = [did for _, _, did in sorted(rows)]
        per_query.append(
            {
                "ndcg10": ndcg(ranked, judged, 10, graded=False),
                "p10": precision_at(ranked, judged, 10),
                "map": average_precision(ranked, judged),
                "gndcg5": ndcg(ranked, judged, 5, graded=True),
                "gndcg10": ndcg(ranked, judged, 10, graded=True),
            }
        )
    n = len(per_query) or 1
    metrics = {m: sum(q[m] for q in per_query) / n for m in ("ndcg10", "p10", "map", "gndcg5", "gndcg10")}
    return {
        "task": task.name,
        "direction": task.direction,
        "queries": len(per_query),
        "documents": len(task.documents),
        "pairs": pairs,
        **metrics,
        "parse_ms_per_cv": 1000 * (t2 - t1) / max(len(cvs), 1),
        "score_ms_per_pair": 1000 * (t3 - t2) / max(pairs, 1),
        "pairs_per_s": pairs / max(t3 - t0, 1e-9),
        "cvs_per_s": len(cvs) / max(t2 - t1, 1e-9),
        "seconds": t3 - t0,
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help=f"folder of task folders ({DEFAULT_DATA})"
    )
    parser.add_argument("--task", action="append", help="only this task (repeatable)")
    parser.add_argument("--integer-ties", action="store_true", help="break score ties by document id only")
    parser.add_argument("--by", metavar="COMPONENT", help="rank by one breakdown component (diagnostics)")
    parser.add_argument("--json", action="store_true", help="print results as JSON lines")
    args = parser.parse_args(argv)

    data = args.data if args.data.is_absolute() else (Path.cwd() / args.data)
    if not data.is_dir():
        print(
            f"No evaluation data at {data}; nothing to evaluate (the labelled sets are not part of the repo)."
        )
        return 0
    folders = sorted(p for p in data.iterdir() if (p / "task.json").is_file())
    if args.task:
        folders = [p for p in folders if p.name in args.task]
    if not folders:
        print(f"No task folders (with task.json) under {data}.")
        return 0

    print(f"HireScope scoring engine {ENGINE_VERSION}" + (f", ranked by {args.by}" if args.by else ""))
    header = f"{'task':<22} {'q':>3} {'docs':>5} {'NDCG@10':>8} {'P@10':>6} {'MAP':>6} {'gNDCG@5':>8} {'gNDCG@10':>9}"
    if not args.json:
        print(header)
    for folder in folders:
        result = evaluate(load_task(folder), integer_ties=args.integer_ties, component=args.by)
        if args.json:
            print(json.dumps(result))
            continue
        print(
            f"{result['task']:<22} {result['queries']:>3} {result['documents']:>5} {result['ndcg10']:>8.3f} "
            f"{result['p10']:>6.3f} {result['map']:>6.3f} {result['gndcg5']:>8.3f} {result['gndcg10']:>9.3f}"
        )
        print(
            f"{'':<22} parse {result['parse_ms_per_cv']:.1f} ms/CV ({result['cvs_per_s']:.0f} CVs/s), "
            f"score {result['score_ms_per_pair']:.2f} ms/pair, {result['pairs_per_s']:.0f} pairs/s end to end"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
