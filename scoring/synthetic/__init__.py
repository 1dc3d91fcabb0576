"""Fictional CVs with ground truth, for measuring how well CVs are parsed.

    from scoring.synthetic import generate_corpus

    for cv in generate_corpus(200, seed=0):
        data = cv.render("pdf2col")        # "pdf", "pdf2col", "docx" or "txt" -> bytes
        cv.truth.skills, cv.truth.phone    # what a perfect parser would find

Pure Python (fpdf2 and python-docx for the binary formats, phonenumbers to draw valid numbers) and
deterministic: ``random.Random(seed)`` drives every choice and the rendered bytes carry fixed dates.
The people, employers and schools are invented from syllables; cities and countries are real.
Professions: software, data, finance, sales, nursing, HR, teaching, construction, design.  Varied on
purpose: heading styles, date formats, entry layouts, phone formats of seven countries (national and
international), skills in lists and in bullet points (some CVs have no skills section), languages with
and without levels, optional certificates and personal details (protected, never to be scored).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from ._generate import DEFAULT_TODAY, CVDocument, Truth, TruthRole, generate_cv
from ._render import KINDS, render

__all__ = ["DEFAULT_TODAY", "KINDS", "SyntheticCV", "Truth", "TruthRole", "generate_corpus"]


@dataclass(frozen=True)
class SyntheticCV:
    """One generated CV: ``truth`` and the document, rendered on demand by :meth:`render`."""

    id: str
    truth: Truth
    document: CVDocument

    def render(self, kind: str) -> bytes:
        """The CV as ``"pdf"`` (one column), ``"pdf2col"`` (sidebar + main column), ``"docx"`` or ``"txt"``."""
        return render(self.document, kind)

    @property
    def text(self) -> str:
        """The plain-text rendering as a string."""
        return self.render("txt").decode("utf-8")


def generate_corpus(n: int, *, seed: int = 0, today: datetime.date = DEFAULT_TODAY) -> list[SyntheticCV]:
    """``n`` fictional CVs, the same for the same ``seed`` and ``today`` ("present" in date ranges and
    the end of current roles in the truth's years of experience)."""
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = random.Random(seed)
    corpus = []
    for i in range(n):
        document, truth = generate_cv(rng, today=today)
        corpus.append(SyntheticCV(f"syn-{seed}-{i:04d}", truth, document))
    return corpus
