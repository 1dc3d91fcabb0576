"""Check `manage.py evaluate_scoring --json` output against issue 4's targets; prints every figure.

Exit status 1 when a target marked ENFORCED is missed. Targets not yet reached are printed as MISS and
reported in the issue; they are enforced as soon as they are met, so quality cannot slip back.
"""

import json
import sys

# Baselines published in ../shared/eval/README.md (same metric code for all).
BASELINES = {
    "jd-category-dev": {"ndcg10": 0.602, "p10": 0.583, "map": 0.405},  # best of TF-IDF/BM25/MiniLM/...
    "cv-to-jobs-vanetik": {"gndcg5": 0.932},
}
NDCG_TARGET = 0.65

with open(sys.argv[1]) as fh:
    results = json.load(fh)
ENFORCED = set(sys.argv[2].split(",")) if len(sys.argv) > 2 and sys.argv[2] else set()
failed = False


def check(name: str, ok: bool, detail: str) -> None:
    global failed
    status = "ok" if ok else ("FAIL" if name in ENFORCED else "MISS")
    failed |= (not ok) and name in ENFORCED
    print(f"{status:4} {name}: {detail}")


for task, metrics in BASELINES.items():
    row = results.get(task)
    if row is None:
        print(f"skip {task}: not in the evaluated data")
        continue
    for metric, baseline in metrics.items():
        check(
            f"{task}.{metric}>baseline",
            row[metric] > baseline,
            f"{row[metric]:.3f} vs best baseline {baseline:.3f}",
        )
        check(
            f"{task}.{metric}>tfidf",
            row[metric] > row[f"tfidf_{metric}"],
            f"{row[metric]:.3f} vs TF-IDF in this run {row[f'tfidf_{metric}']:.3f}",
        )
    if "fixedorder_gndcg5" in row:
        print(
            f"info {task}: rankings that ignore the query reach gNDCG@5 {row['fixedorder_gndcg5']:.3f} "
            f"(one fixed order, from the labels) and {row['randomorder_gndcg5']:.3f} (random order, expected)"
        )
if "jd-category-dev" in results:
    value = results["jd-category-dev"]["ndcg10"]
    check("jd-category-dev.ndcg10>=0.65", value >= NDCG_TARGET, f"{value:.3f} vs target {NDCG_TARGET}")
robust = results.get("robustness")
if robust:
    check("stability", robust["stabilityMaxDelta"] <= 1, f"max |delta| {robust['stabilityMaxDelta']} (<= 1)")
    check(
        "counterfactual",
        robust["counterfactualMaxDelta"] == 0,
        f"max |delta| {robust['counterfactualMaxDelta']} (0)",
    )
    for key in ("injectionMaxGain", "stuffingMaxGain", "hiddenTextMaxGain"):
        check(key, robust[key] <= 2, f"{robust[key]} (<= 2)")
sys.exit(1 if failed else 0)
