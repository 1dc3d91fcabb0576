"""``manage.py evaluate_scoring --data DIR [--json]``: the engine's ranking quality on labelled tasks.

Prints, per task, NDCG@10, P@10, MAP and graded NDCG@5/@10 of the engine and of a TF-IDF baseline
computed in the same run; what a ranking that ignores the query reaches on the task's labels (one
fixed order of the documents by their summed grades, and the expected value of a random order), which
tells whether a task measures matching at all; the share of relevant pairs per score band, then the
robustness figures:
format stability (PDF vs DOCX vs TXT), counterfactual swaps (name, gender, age, nationality, location)
and score gains from injected instructions, keyword stuffing and hidden text.  ``--json`` prints one
object ``{task: {metric: value}}`` instead (robustness under the key ``robustness``).
"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from scoring import engine, evaluation

DEFAULT_DATA = Path(settings.BASE_DIR).parent / "shared" / "eval" / "tasks"


class Command(BaseCommand):
    help = "Evaluate the scoring engine on a folder of labelled tasks (TREC layout, see docs/scoring.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data", type=Path, default=DEFAULT_DATA, help=f"folder of task folders ({DEFAULT_DATA})"
        )
        parser.add_argument("--task", action="append", help="only this task (repeatable)")
        parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
        parser.add_argument(
            "--workers", type=int, default=None, help="processes preparing CVs (default: CPUs)"
        )
        parser.add_argument("--skip-robustness", action="store_true", help="ranking metrics only")

    def handle(self, *args, data: Path, task, json: bool, workers, skip_robustness: bool, **options):
        as_json = json
        if not data.is_dir():
            raise CommandError(f"No evaluation data at {data}: give --data DIR (a folder of task folders).")
        folders = evaluation.task_folders(data)
        if task:
            folders = [f for f in folders if f.name in task]
        if not folders:
            raise CommandError(f"No task folders (with task.json) under {data}.")

        def note(message: str) -> None:
            print(message, file=sys.stderr, flush=True)

        out: dict[str, dict] = {}
        if not as_json:
            encoder = engine.semantic_version() or "not installed (semantic components off)"
            self.stdout.write(f"HireScope scoring engine {engine.ENGINE_VERSION}; encoder {encoder}")
        for folder in folders:
            try:
                loaded = evaluation.load_task(folder)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            result = evaluation.evaluate_task(loaded, workers=workers, progress=note)
            row = dict(result["engine"])
            row.update({f"tfidf_{k}": v for k, v in result["tfidf"].items()})
            row.update({f"fixedorder_{k}": v for k, v in result["fixedOrder"].items()})
            row.update({f"randomorder_{k}": v for k, v in result["randomOrder"].items()})
            row.update(
                {
                    "queries": result["queries"],
                    "documents": result["documents"],
                    "prepareSecondsPerCv": result["prepareSecondsPerCv"],
                    "scoreMsPerPair": result["scoreMsPerPair"],
                }
            )
            out[loaded.name] = row
            if not as_json:
                self._print_task(loaded.name, result)
        if not skip_robustness:
            note("robustness checks on fictional CVs...")
            out["robustness"] = evaluation.robustness()
            if not as_json:
                self._print_robustness(out["robustness"])
        if as_json:
            self.stdout.write(_json_dumps(out))

    def _print_task(self, name: str, result: dict) -> None:
        w = self.stdout.write
        w(
            f"\n{name} ({result['queries']} queries x {result['documents']} documents, {result['pairs']} pairs)"
        )
        w(f"  {'ranker':<8} {'NDCG@10':>8} {'P@10':>6} {'MAP':>6} {'gNDCG@5':>8} {'gNDCG@10':>9}")
        w(_metrics_row("engine", result["engine"]))
        w(_metrics_row("tf-idf", result["tfidf"]))
        w("  query-blind, from the labels (every query ranks the documents alike):")
        w(_metrics_row("fixed", result["fixedOrder"], "one order for all, by summed grades"))
        w(_metrics_row("random", result["randomOrder"], "expected value of a random order"))
        w("  score band       pairs  relevant share")
        for row in result["calibration"]:
            share = "-" if row["relevantShare"] is None else f"{row['relevantShare']:.3f}"
            w(f"  {row['band']:<14} {row['pairs']:>7}  {share:>14}")
        w(
            f"  {result['prepareSecondsPerCv'] * 1000:.0f} ms to prepare a CV, {result['scoreMsPerPair']:.2f} ms per pair"
        )

    def _print_robustness(self, r: dict) -> None:
        w = self.stdout.write
        w(f"\nrobustness on {r['cvs']} fictional CVs x 3 jobs (targets in brackets)")
        w(f"  stability, PDF vs DOCX vs TXT: max |delta| {r['stabilityMaxDelta']} (<= 1)")
        w(
            f"  counterfactual name/gender/age/nationality/location swaps: max |delta| {r['counterfactualMaxDelta']} (0)"
        )
        w(f"  injected instructions: max gain {r['injectionMaxGain']} (<= 2)")
        w(f"  keyword stuffing: max gain {r['stuffingMaxGain']} (<= 2)")
        w(f"  hidden text in the PDF: max gain {r['hiddenTextMaxGain']} (<= 2)")


def _metrics_row(label: str, metrics: dict, comment: str = "") -> str:
    """One ranker's line of the task table ("-" for a metric it does not have)."""
    cells = [
        f"{metrics[key]:>{width}.3f}" if key in metrics else f"{'-':>{width}}"
        for key, width in (("ndcg10", 8), ("p10", 6), ("map", 6), ("gndcg5", 8), ("gndcg10", 9))
    ]
    return f"  {label:<8} {' '.join(cells)}" + (f"   {comment}" if comment else "")


def _json_dumps(data: dict) -> str:
    return json.dumps(data, sort_keys=True)
