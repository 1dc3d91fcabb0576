"""Fuzz the scoring engine's text entry points: ``parse_cv``, ``job_requirements`` and ``score_cv``.

The bytes are decoded as UTF-8 (bad sequences replaced, as extracted text never holds them) and used
both as a CV and as a job ad: ``parse_cv(text)``, its ``to_dict``/``from_dict`` round trip,
``job_requirements(title=<first line>, description=text)`` with empty lists (so the skills, years,
education, languages and certifications are read from the ad), and ``score_cv`` of the CV against that
rubric. None of these documents an exception for any text: every exception is a crash, and so is a
score outside 0..100.
"""

from __future__ import annotations

import datetime

import _harness
import atheris

with atheris.instrument_imports(include=["scoring.engine"]):
    from scoring.engine import ParsedCV, job_requirements, parse_cv, score_cv

from fuzz import seeds

TODAY = datetime.date(2026, 1, 1)


def test_one(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    parsed = parse_cv(text, today=TODAY)
    assert ParsedCV.from_dict(parsed.to_dict()).to_dict() == parsed.to_dict(), "profile round trip differs"
    title = text.split("\n", 1)[0][:200]
    requirements = job_requirements(
        title=title,
        description=text,
        required_skills=[],
        nice_to_have_skills=[],
        min_years_experience=None,
        education_level=None,
        languages=[],
    )
    result = score_cv(parsed, requirements)
    assert 0 <= result.score <= 100, result.score


if __name__ == "__main__":
    _harness.main("engine", test_one, seeds.engine_seeds)
