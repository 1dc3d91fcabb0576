"""The parser and engine fuzz harnesses (fuzz/, atheris), a bounded run each, and what they found.

Each harness runs in its own process for 300 inputs from a fixed libFuzzer seed, mutating the seeds of
``fuzz/seeds.py`` into a temporary corpus (all five take about 30 s here); a crash fails the test with
the harness's traceback. ``make fuzz-parsers`` runs them for 10 minutes each. Inputs the fuzzers found
that crashed a reader join the hostile corpus (``scoring.parsing.hostile``, built in code) and are
checked here in-process and, with the rest of that corpus, in the sandbox (tests/scoring/test_hostile.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fuzz import run as fuzz_run
from fuzz import seeds as fuzz_seeds
from scoring.parsing import DocumentError, detect_kind, extract_document
from scoring.parsing.hostile import hostile_corpus

pytestmark = pytest.mark.fuzz

# Hostile files that first turned up as fuzzer crashes, with the refusal each must now get: the
# DocumentError code extraction raises, or None where detect_kind must refuse the upload (415).
FOUND_BY_FUZZING = {
    "docx-bad-deflate": "corrupt_file",
    "docx-future-zip-version": None,
    "docx-nameless-entry": "corrupt_file",
    "docx-encrypted-entry": "encrypted_document",
}


@pytest.mark.parametrize("name", fuzz_run.HARNESSES)
def test_harness_runs_300_inputs_without_a_crash(name: str, tmp_path: Path) -> None:
    if not fuzz_run.available(name):
        pytest.skip("antiword is not installed (apt-get install antiword)")
    flags = ["-runs=300", "-seed=1", "-timeout=60", f"-artifact_prefix={tmp_path}/"]
    result = fuzz_run.run_harness(name, flags, tmp_path / "corpus")
    assert not result.crashed, result.output[-6000:]
    assert result.runs == 300, result.output[-2000:]
    print(result.summary())


@pytest.mark.parametrize(
    ("kind", "seeds"),
    [("pdf", fuzz_seeds.pdf_seeds), ("docx", fuzz_seeds.docx_seeds), ("txt", fuzz_seeds.txt_seeds)],
)
def test_seeds_are_files_of_their_kind_and_mostly_readable(kind: str, seeds) -> None:
    """Seeds that parse let the fuzzer start deep in the reader; a refusal is allowed only where meant."""
    readable = 0
    for data in seeds():
        if not data.strip():
            continue  # the whitespace-only text seed, for the empty-document path
        assert detect_kind(data) == kind
        try:
            fuzz_seeds.check_extraction(extract_document(data, kind))
            readable += 1
        except DocumentError as exc:
            assert exc.code == "encrypted_pdf"  # the one seed made to be refused
    assert readable >= 3


@pytest.mark.skipif(
    shutil.which("antiword") is None, reason="antiword is not installed (apt-get install antiword)"
)
def test_doc_seeds_are_word_files() -> None:
    assert [detect_kind(data) for data in fuzz_seeds.doc_seeds()] == ["doc", "doc", "doc"]


def test_engine_seeds_are_text() -> None:
    assert all(data.decode() for data in fuzz_seeds.engine_seeds())


@pytest.mark.parametrize("name", sorted(FOUND_BY_FUZZING))
def test_crashers_found_by_fuzzing_are_refused_cleanly_in_process(name: str) -> None:
    item = next(item for item in hostile_corpus() if item.name == name)
    kind = detect_kind(item.data)  # runs in the web process: it must never raise
    code = FOUND_BY_FUZZING[name]
    if code is None:
        assert kind is None
        # Extracting it anyway (as the kind its name claims) is a refusal too, never a crash.
        with pytest.raises(DocumentError) as refused:
            extract_document(item.data, "docx")
        assert refused.value.code == "corrupt_file"
        return
    assert kind is not None
    with pytest.raises(DocumentError) as refused:
        extract_document(item.data, kind)
    assert refused.value.code == code
    assert refused.value.reason
