"""The evaluation command's building blocks: metrics, the task layout, the TF-IDF baseline, and the
robustness checks (format stability, counterfactual swaps, integrity gains) with the encoder on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from scoring import evaluation, semantic


def test_metrics_on_a_hand_computed_ranking():
    judged = {"a": 2, "b": 0, "c": 1}
    ranked = ["b", "a", "c"]
    assert evaluation.precision_at(ranked, judged, 2) == 0.5
    assert evaluation.average_precision(ranked, judged) == pytest.approx((1 / 2 + 2 / 3) / 2)
    ideal = 1 + 1 / 1.5849625007211563
    assert evaluation.ndcg(ranked, judged, 10, graded=False) == pytest.approx(
        (1 / 1.5849625007211563 + 0.5) / ideal
    )


def test_query_blind_references_against_every_permutation():
    import itertools

    # Two queries that grade three documents nearly alike: a fixed order does well, as the labels say.
    task = evaluation.Task(
        name="t",
        direction="cv_to_jobs",
        rank_only_judged=False,
        queries={"q1": "", "q2": ""},
        documents={"a": "", "b": "", "c": ""},
        qrels={"q1": {"a": 3, "b": 2, "c": 1}, "q2": {"a": 3, "b": 1, "c": 2}},
    )
    orders = [list(p) for p in itertools.permutations("abc")]
    scores = [evaluation.metrics_for(task, {"q1": order, "q2": order})["gndcg5"] for order in orders]
    fixed = evaluation.metrics_for(task, evaluation.fixed_order_rankings(task))
    assert evaluation.fixed_order_rankings(task)["q1"] == ["a", "b", "c"]
    assert fixed["gndcg5"] == max(scores)
    random = evaluation.random_order_metrics(task)
    assert random["gndcg5"] == pytest.approx(sum(scores) / len(scores), abs=1e-4)
    assert random["p10"] == 0.3 and random["ndcg10"] == 1.0  # all three relevant, ten places


def _write_task(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "task.json").write_text(json.dumps({"name": "mini", "direction": "job_to_cvs"}))
    (folder / "queries.csv").write_text(
        "query_id,text\nq1,Registered Nurse. Provide patient care, give medication and keep care plans.\n"
    )
    (folder / "documents.csv").write_text(
        "doc_id,text\n"
        'd1,"REGISTERED NURSE\nSummary\nNurse giving patient care and medication on a surgical ward since 2015."\n'
        'd2,"CHEF\nSummary\nChef cooking seasonal menus and training kitchen staff since 2012."\n'
    )
    (folder / "qrels.csv").write_text("query_id,doc_id,grade\nq1,d1,1\n")


def test_the_command_evaluates_any_folder_in_the_layout(tmp_path, capsys):
    _write_task(tmp_path / "tasks" / "mini")
    call_command(
        "evaluate_scoring", "--data", str(tmp_path / "tasks"), "--json", "--skip-robustness", "--workers", "1"
    )
    out = json.loads(capsys.readouterr().out)
    assert out["mini"]["ndcg10"] == 1.0 and out["mini"]["p10"] == 0.1
    assert set(out["mini"]) >= {"ndcg10", "p10", "map", "gndcg5", "gndcg10", "tfidf_ndcg10"}
    # d1 first or second, alike: (1 + 1/log2(3)) / 2
    assert out["mini"]["randomorder_ndcg10"] == 0.8155 and out["mini"]["fixedorder_ndcg10"] == 1.0


def test_the_command_prints_the_query_blind_references_beside_the_rankers(tmp_path, capsys):
    _write_task(tmp_path / "tasks" / "mini")
    call_command("evaluate_scoring", "--data", str(tmp_path / "tasks"), "--skip-robustness", "--workers", "1")
    lines = capsys.readouterr().out.splitlines()
    rows = {
        line.split()[0]: line.split()[1:6]
        for line in lines
        if line.startswith("  ") and len(line.split()) > 5
    }
    assert rows["engine"] == ["1.000", "0.100", "1.000", "1.000", "1.000"]
    assert rows["fixed"] == ["1.000", "0.100", "1.000", "1.000", "1.000"]
    assert rows["random"] == ["0.816", "0.100", "-", "0.816", "0.816"]


def test_a_missing_or_malformed_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No evaluation data"):
        call_command("evaluate_scoring", "--data", str(tmp_path / "nowhere"))
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "task.json").write_text("{}")
    with pytest.raises(CommandError, match="not a task folder"):
        call_command("evaluate_scoring", "--data", str(tmp_path), "--skip-robustness")


@pytest.mark.skipif(not semantic.available(), reason="the MiniLM model package is not installed")
def test_robustness_holds_with_the_encoder_on():
    figures = evaluation.robustness(n=3)
    assert figures["stabilityMaxDelta"] <= 1
    assert figures["counterfactualMaxDelta"] == 0
    assert figures["injectionMaxGain"] <= 2
    assert figures["stuffingMaxGain"] <= 2
    assert figures["hiddenTextMaxGain"] <= 2
