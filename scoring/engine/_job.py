"""Job requirements: canonicalised skills, and skills derived from the ad when the employer gave none."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ._education import EDUCATION_LEVELS
from ._languages import LANGUAGE_NAMES as _LANGUAGE_NAMES
from ._taxonomy import load_taxonomy
from ._text import content_terms, normalise_text
from ._vectors import text_vector

_EDUCATION_SYNONYMS = {
    "HIGH_SCHOOL": "HIGH_SCHOOL",
    "HIGHSCHOOL": "HIGH_SCHOOL",
    "SECONDARY": "HIGH_SCHOOL",
    "GED": "HIGH_SCHOOL",
    "ASSOCIATE": "ASSOCIATE",
    "ASSOCIATES": "ASSOCIATE",
    "BACHELOR": "BACHELOR",
    "BACHELORS": "BACHELOR",
    "UNDERGRADUATE": "BACHELOR",
    "MASTER": "MASTER",
    "MASTERS": "MASTER",
    "POSTGRADUATE": "MASTER",
    "DOCTORATE": "DOCTORATE",
    "DOCTORAL": "DOCTORATE",
    "PHD": "DOCTORATE",
}


@dataclass(frozen=True)
class JobRequirements:
    """What a job asks for, in canonical form (build it with :func:`job_requirements`).

    ``skills_derived`` is True when the employer listed no skills and ``nice_to_have_skills`` are the
    dictionary skills the engine found in the title and description.
    """

    title: str
    description: str
    required_skills: list[str] = field(default_factory=list)
    nice_to_have_skills: list[str] = field(default_factory=list)
    min_years_experience: float | None = None
    education_level: str | None = None
    languages: list[str] = field(default_factory=list)
    skills_derived: bool = False

    def to_dict(self) -> dict:
        """JSON-ready dict with camelCase keys."""
        return {
            "title": self.title,
            "description": self.description,
            "requiredSkills": list(self.required_skills),
            "niceToHaveSkills": list(self.nice_to_have_skills),
            "minYearsExperience": self.min_years_experience,
            "educationLevel": self.education_level,
            "languages": list(self.languages),
            "skillsDerived": self.skills_derived,
        }


def canonical_skill(name: str) -> str:
    """Dictionary name for a skill typed by a person, or the tidied input when it is not in the dictionary."""
    tidy = " ".join(name.split())
    return load_taxonomy().canonical(tidy) or tidy


def canonical_language(name: str) -> str:
    """ "french" -> "French", "Farsi" -> "Persian"; unknown names are title-cased."""
    tidy = " ".join(name.split())
    lookup = {k.lower(): v for k, v in _LANGUAGE_NAMES.items()}
    return lookup.get(tidy.lower(), tidy[:1].upper() + tidy[1:])


def canonical_education(level: str | None) -> str | None:
    """Normalise an education level ("Bachelor's" -> "BACHELOR"); raises ValueError for unknown levels."""
    if level is None or not str(level).strip():
        return None
    key = "".join(ch if ch.isalnum() else "_" for ch in str(level).strip().upper().replace("'", ""))
    key = "_".join(part for part in key.split("_") if part)
    key = key.removesuffix("_DEGREE").removesuffix("_DIPLOMA")
    if key not in _EDUCATION_SYNONYMS:
        raise ValueError(f"unknown education level {level!r}; expected one of {', '.join(EDUCATION_LEVELS)}")
    return _EDUCATION_SYNONYMS[key]


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        if name and name.lower() not in seen:
            seen.add(name.lower())
            out.append(name)
    return out


def job_requirements(
    *,
    title: str,
    description: str,
    required_skills: list[str],
    nice_to_have_skills: list[str],
    min_years_experience: float | None,
    education_level: str | None,
    languages: list[str],
) -> JobRequirements:
    """Build canonical :class:`JobRequirements`.

    Skills are mapped to dictionary names ("postgres" -> "PostgreSQL"; unknown skills are kept as typed),
    de-duplicated, and a skill listed both as required and nice-to-have counts as required.

    When the employer listed no skills at all, the dictionary skills found in the title and description
    become the requirements (``skills_derived=True``), so a job with only a description still gets a
    skill component.  They are recorded as nice-to-have, not must-have: prose mentions tools and duties
    without saying which are essential, and on labelled data treating every mention as a must-have
    ranked CVs worse than the text alone.  Scoring weights them by specificity (see ``_score``).
    """
    if min_years_experience is not None:
        min_years_experience = float(min_years_experience)
        if min_years_experience < 0:
            raise ValueError("min_years_experience must be >= 0")
    required = _unique([canonical_skill(s) for s in required_skills if s and s.strip()])
    required_keys = {s.lower() for s in required}
    nice = [
        s
        for s in _unique([canonical_skill(s) for s in nice_to_have_skills if s and s.strip()])
        if s.lower() not in required_keys
    ]
    derived = False
    if not required and not nice:
        text = normalise_text(f"{title}\n{description}")
        nice = list(dict.fromkeys(hit.skill for hit in load_taxonomy().find(text)))
        derived = bool(nice)
    return JobRequirements(
        title=" ".join(title.split()),
        description=description.strip(),
        required_skills=required,
        nice_to_have_skills=nice,
        min_years_experience=min_years_experience,
        education_level=canonical_education(education_level),
        languages=_unique([canonical_language(lang) for lang in languages if lang and lang.strip()]),
        skills_derived=derived,
    )


@functools.lru_cache(maxsize=256)
def job_vector(title: str, description: str, skills: tuple[str, ...]) -> dict[str, float]:
    """Bag-of-words vector of the job: title, description and skill names (memoised, pure)."""
    return text_vector(content_terms(normalise_text("\n".join((title, description, *skills)))))
