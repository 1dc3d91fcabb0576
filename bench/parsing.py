"""Benchmark CV text extraction on the evaluation corpus (PDFs in pdf/, DOCX in docx/).

    .venv/bin/python bench/parsing.py [--data DIR]

DIR defaults to ../shared/eval/files beside the repository; without it the script says so and exits 0.
For PDFs it runs four variants, so the cost and the gain of each repair show: pypdfium2 alone, pypdfium2
with re-spacing (word spaces pdfium dropped, put back from its page objects), the previous pipeline
(pdfminer.six for every glued or two-column page) and the current one (re-spacing first, pdfminer for what
is still glued or two-column). Each variant's tokens are compared with the previous pipeline's, whose
pages are nearly all pdfminer output ("agree"), and counted as glued where a token is not a word but two
words run together.

The glued-words word list: the DOCX corpus in DIR (real CVs, read by python-docx, which has no spacing to
infer), 200 fictional CVs from ``scoring.synthetic``, the skill names in scoring/engine/data/skills.json,
and every token that occurs in at least two documents of the pdfminer pipeline's output (the reference
the brief measures against; its CV vocabulary is what the other sources lack). The engine's reference.json
vocabulary is stemmed ("softwar") and cannot tell words, so it is not used. A token counts as glued when,
lower-cased and stripped of punctuation, it is not in the list but splits into two parts that are: each of
three or more letters, or one of a few short function words ("a", "of", "to", "in"...), so that suffixes
("process|ed") do not count. Real compounds ("understaffed") still match, so the figure has a floor above
zero; compare variants, not absolute values.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
GLUE_LEN = 18
REFERENCE_MIN_DOCUMENTS = 2
_SHORT_WORDS = frozenset(
    [
        "a",
        "an",
        "as",
        "at",
        "be",
        "by",
        "do",
        "he",
        "if",
        "in",
        "is",
        "it",
        "me",
        "my",
        "no",
        "of",
        "on",
        "or",
        "so",
        "to",
        "up",
        "us",
        "we",
    ]
)
_PUNCTUATION = ".,;:!?()[]{}\"'`«»“”\u2018\u2019•·-\u2013—/|*"


@dataclass
class Run:
    name: str
    files: int = 0
    pages: int = 0
    pdfminer_pages: int = 0
    respaced_pages: int = 0
    seconds: float = 0.0
    tokens: int = 0
    long_tokens: int = 0
    words: int = 0
    glued_words: int = 0
    agree: int = 0
    reference_tokens: int = 0
    chars: int = 0
    texts: dict[str, str] = field(default_factory=dict)
    glued_examples: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)

    def report(self, with_pages: bool) -> None:
        secs = max(self.seconds, 1e-9)
        print(f"  {self.name}")
        print(f"    files {self.files}, failures {sum(self.failures.values())}, time {self.seconds:.2f} s")
        if with_pages:
            pages = max(self.pages, 1)
            print(
                f"    pages {self.pages}, {self.pages / secs:.1f} pages/s, re-spaced {self.respaced_pages / pages:.1%}"
                f" of pages, pdfminer path {self.pdfminer_pages / pages:.1%}"
            )
        print(f"    {self.files / secs:.1f} docs/s, {self.chars:,} chars")
        glue = self.long_tokens / max(self.tokens, 1)
        print(f"    tokens {self.tokens:,}, longer than {GLUE_LEN} chars: {self.long_tokens:,} ({glue:.2%})")
        if self.words:
            share = self.glued_words / self.words
            examples = ", ".join(word for word, _ in self.glued_examples.most_common(8))
            print(
                f"    glued words: {self.glued_words:,} of {self.words:,} words ({share:.2%}), e.g. {examples}"
            )
        if self.reference_tokens:
            print(
                f"    agree with the pdfminer pipeline on {self.agree / self.reference_tokens:.2%} of its tokens "
                f"({self.agree:,} of {self.reference_tokens:,}; multiset overlap per document)"
            )
        for reason, count in self.failures.most_common():
            print(f"    failed x{count}: {reason}")

    def add_text(self, name: str, text: str) -> None:
        tokens = text.split()
        self.texts[name] = text
        self.tokens += len(tokens)
        self.long_tokens += sum(1 for t in tokens if len(t) > GLUE_LEN)
        self.chars += len(text)

    def count_glued(self, vocabulary: set[str]) -> None:
        for text in self.texts.values():
            for word in filter(None, (_word(token) for token in text.split())):
                self.words += 1
                if _is_glued(word, vocabulary):
                    self.glued_words += 1
                    self.glued_examples[word] += 1

    def compare(self, reference: Run) -> None:
        for name, text in self.texts.items():
            theirs = Counter(reference.texts.get(name, "").split())
            self.agree += sum((Counter(text.split()) & theirs).values())
            self.reference_tokens += max(sum(theirs.values()), len(text.split()))


def _word(token: str) -> str | None:
    word = token.strip(_PUNCTUATION).lower()
    return word if word.isalpha() else None


def _is_glued(word: str, vocabulary: set[str]) -> bool:
    if word in vocabulary or len(word) < 3:
        return False
    return any(_part(word[:i], vocabulary) and _part(word[i:], vocabulary) for i in range(1, len(word)))


def _part(word: str, vocabulary: set[str]) -> bool:
    return word in _SHORT_WORDS or (len(word) >= 3 and word in vocabulary)


def reference_words(texts: dict[str, str]) -> set[str]:
    """Words in at least ``REFERENCE_MIN_DOCUMENTS`` of the reference output's documents."""
    documents: Counter[str] = Counter()
    for text in texts.values():
        documents.update({word for word in map(_word, text.split()) if word})
    return {word for word, count in documents.items() if count >= REFERENCE_MIN_DOCUMENTS}


def build_vocabulary(docx_files: list[Path]) -> set[str]:
    from scoring.parsing import DocumentError, extract_text
    from scoring.synthetic import generate_corpus

    texts = [cv.text for cv in generate_corpus(200, seed=0)]
    for path in docx_files:
        try:
            texts.append(extract_text(path.read_bytes(), "docx"))
        except DocumentError:
            continue
    skills = json.loads((REPO_ROOT / "scoring" / "engine" / "data" / "skills.json").read_text())["skills"]
    texts.append(" ".join(skills))
    return {word for text in texts for word in map(_word, text.split()) if word}


def bench_pdfs(files: list[Path], vocabulary: set[str]) -> None:
    """Run the PDF variants; ``vocabulary`` is completed with the reference output's frequent words."""
    from scoring.parsing import DocumentError
    from scoring.parsing._pdf import MAX_PAGES, extract_pdf, require_text
    from scoring.parsing._text import normalise

    variants = [
        ("pypdfium2 only (baseline)", {"use_pdfminer": False, "respace": False}),
        ("pypdfium2 + re-spacing, no pdfminer", {"use_pdfminer": False, "respace": True}),
        ("previous pipeline: pypdfium2, pdfminer for every glued or two-column page", {"respace": False}),
        ("pipeline: pypdfium2 + re-spacing, pdfminer for pages still glued or two-column", {}),
    ]
    runs = []
    for name, options in variants:
        run = Run(name)
        for path in files:
            data = path.read_bytes()
            run.files += 1
            start = time.perf_counter()
            try:
                # The body of extract_text(data, "pdf"), unrolled to see the page routing.
                result = extract_pdf(data, **options)
                text = normalise(require_text(result))
            except DocumentError as exc:
                run.failures[f"{exc.code}: {exc.reason} [{path.name}]"] += 1
                continue
            finally:
                run.seconds += time.perf_counter() - start
            run.add_text(path.name, text)
            run.pages += min(result.page_count, MAX_PAGES)
            run.pdfminer_pages += len(result.pdfminer_pages)
            run.respaced_pages += len(result.respaced_pages)
        runs.append(run)
    reference = runs[2]
    added = reference_words(reference.texts) - vocabulary
    vocabulary |= added
    print(
        f"  word list: {len(vocabulary):,} words, {len(added):,} of them from the pdfminer pipeline's output"
    )
    for run in runs:
        run.count_glued(vocabulary)
        if run is not reference:
            run.compare(reference)
        run.report(with_pages=True)


def bench_docx(files: list[Path]) -> None:
    import docx

    from scoring.parsing import DocumentError, extract_text
    from scoring.parsing._text import normalise

    def naive(data: bytes) -> str:
        import io

        return normalise("\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs))

    runs: list[tuple[str, Callable[[bytes], str]]] = [
        ("python-docx body paragraphs only (baseline)", naive),
        (
            "pipeline: headers, paragraphs, tables, content controls, text boxes",
            lambda d: extract_text(d, "docx"),
        ),
    ]
    for name, extract in runs:
        run = Run(name)
        for path in files:
            data = path.read_bytes()
            run.files += 1
            start = time.perf_counter()
            try:
                text = extract(data)
            except DocumentError as exc:
                run.failures[f"{exc.code}: {exc.reason} [{path.name}]"] += 1
                continue
            finally:
                run.seconds += time.perf_counter() - start
            run.add_text(path.name, text)
        run.report(with_pages=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "eval" / "files")
    args = parser.parse_args()
    if not args.data.is_dir():
        print(f"No benchmark data at {args.data}; nothing to measure.")
        return 0
    sys.path.insert(0, str(REPO_ROOT))

    pdfs = sorted((args.data / "pdf").glob("*.pdf"))
    docxs = sorted((args.data / "docx").glob("*.docx"))
    vocabulary = build_vocabulary(docxs)
    print(
        f"word list for the glued-words figure: {len(vocabulary):,} words (DOCX corpus, synthetic CVs, skills)"
    )
    print(f"PDF: {len(pdfs)} files in {args.data / 'pdf'}")
    if pdfs:
        bench_pdfs(pdfs, vocabulary)
    print(f"DOCX: {len(docxs)} files in {args.data / 'docx'}")
    if docxs:
        bench_docx(docxs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
