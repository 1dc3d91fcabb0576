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
