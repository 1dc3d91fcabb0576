"""Job requirements: canonicalised skills, and skills derived from the ad when the employer gave none."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ._education import EDUCATION_LEVELS
from ._languages import LANGUAGE_NAMES as _LANGUAGE_NAMES
from ._rubric import (
    CATEGORIES,
    KINDS,
    RUBRIC_SCHEMA,
    alternatives_name,
    alternatives_used,
    canonical_json_hash,
    certifications_from_ad,
    education_from_ad,
    languages_from_ad,
    level_name,
    requirement_id,
    skills_from_ad,
    years_from_ad,
)
from ._taxonomy import load_taxonomy
from ._text import content_terms, normalise_text, storable
from ._vectors import skill_specificity, text_vector

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
    """A job's scoring rubric in canonical form (build it with :func:`job_requirements`).

    ``skills_derived`` is True when the employer listed no skills and the ad states no requirements, so
    ``nice_to_have_skills`` are the dictionary skills found in its prose (weighted by specificity).
    ``weights`` holds per-requirement weights by requirement id (default 1.0); ``knockouts`` the ids of
    requirements whose absence caps the score.  ``location`` is shown, never scored.  ``alternatives``
    maps the name of a skill or certification requirement that any one of several meets ("PHP, Python
    or Go") to them.
    """

    title: str
    description: str
    required_skills: list[str] = field(default_factory=list)
    nice_to_have_skills: list[str] = field(default_factory=list)
    min_years_experience: float | None = None
    education_level: str | None = None
    languages: list[str] = field(default_factory=list)
    skills_derived: bool = False
    certifications: list[str] = field(default_factory=list)
    nice_to_have_certifications: list[str] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)
    knockouts: frozenset[str] = frozenset()
    location: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def skill_names(self) -> list[str]:
        """Every skill the rubric names, the members of its alternatives included, required first."""
        names = (*self.required_skills, *self.nice_to_have_skills)
        return list(dict.fromkeys(m for name in names for m in self.alternatives.get(name, (name,))))

    def weight_of(self, category: str, name: str) -> float:
        """The weight of one requirement (1.0 unless the rubric says otherwise)."""
        return self.weights.get(requirement_id(category, name), 1.0)

    def to_dict(self) -> dict:
        """JSON-ready dict with camelCase keys (the plain lists; see :meth:`rubric` for the items)."""
        return {
            "title": self.title,
            "description": self.description,
            "requiredSkills": list(self.required_skills),
            "niceToHaveSkills": list(self.nice_to_have_skills),
            "minYearsExperience": self.min_years_experience,
            "educationLevel": self.education_level,
            "languages": list(self.languages),
            "certifications": list(self.certifications),
            "niceToHaveCertifications": list(self.nice_to_have_certifications),
            "skillsDerived": self.skills_derived,
        }

    def rubric(self) -> dict:
        """The rubric as the API shows it and an employer edits it (see ``_rubric``)."""
        items = []

        def add(kind: str, category: str, name: str, **extra) -> None:
            rid = requirement_id(category, name)
            items.append(
                {
                    "id": rid,
                    "kind": kind,
                    "category": category,
                    "name": name,
                    "weight": round(self.weights.get(rid, 1.0), 4),
                    "knockout": rid in self.knockouts,
                    "source": self.sources.get(rid, "job"),
                    **extra,
                }
            )
            if name in self.alternatives:
                items[-1]["anyOf"] = list(self.alternatives[name])

        for skill in self.required_skills:
            add("MUST_HAVE", "SKILL", skill)
        for skill in self.nice_to_have_skills:
            add("NICE_TO_HAVE", "SKILL", skill)
        if self.min_years_experience:
            add(
                "MUST_HAVE",
                "EXPERIENCE",
                f"{self.min_years_experience:g}+ years of experience",
                years=self.min_years_experience,
            )
        if self.education_level:
            add(
                "MUST_HAVE",
                "EDUCATION",
                f"{level_name(self.education_level)} or higher",
                level=self.education_level,
            )
        for language in self.languages:
            add("MUST_HAVE", "LANGUAGE", language)
        for cert in self.certifications:
            add("MUST_HAVE", "CERTIFICATION", cert)
        for cert in self.nice_to_have_certifications:
            add("NICE_TO_HAVE", "CERTIFICATION", cert)
        return {
            "schemaVersion": RUBRIC_SCHEMA,
            "skillsDerived": self.skills_derived,
            "location": self.location,
            "requirements": items,
        }

    def content_hash(self) -> str:
        """SHA-256 of everything that can change a score: the rubric plus the title and description."""
        return canonical_json_hash(
            {"rubric": self.rubric(), "title": self.title, "description": self.description}
        )


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


def _unique(names: list[str], category: str) -> list[str]:
    """The names without repeats, a repeat being a name with the same requirement id ("CI/CD" and "ci cd"):
    the rubric is keyed by id, and one that named an id twice could not be read back."""
    seen: set[str] = set()
    out = []
    for name in names:
        key = requirement_id(category, name) if name else ""
        if name and key not in seen:
            seen.add(key)
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
    certifications: list[str] | None = None,
    location: str | None = None,
) -> JobRequirements:
    """Extract a job's rubric: its lists canonicalised, and what the lists leave open read from the ad.

    Skills are mapped to dictionary names ("postgres" -> "PostgreSQL"; unknown skills are kept as typed),
    de-duplicated, and a skill listed both as required and nice-to-have counts as required.  With no
    skill lists, skills come from the description (``_rubric.skills_from_ad``): under a requirements
    heading they are must-haves, elsewhere nice-to-haves; an ad that states no requirements at all gets
    derived nice-to-haves weighted by specificity (``skills_derived``), because prose names tools and
    duties without saying which are essential, and on labelled data treating every mention as a
    must-have ranked CVs worse.  Years, education, languages and certifications the fields leave empty
    are read from the description too (``_rubric``).
    """
    if min_years_experience is not None:
        min_years_experience = float(min_years_experience)
        if min_years_experience < 0:
            raise ValueError("min_years_experience must be >= 0")
    # Job fields arrive from JSON, which can carry a lone surrogate or a NUL: they would make the
    # rubric's hash and its storage raise.
    title, description = storable(title), storable(description)
    required_skills, nice_to_have_skills = (
        _storable_list(required_skills),
        _storable_list(nice_to_have_skills),
    )
    languages, certifications = _storable_list(languages), _storable_list(certifications or [])
    sources: dict[str, str] = {}
    alternatives: dict[str, tuple[str, ...]] = {}
    required = _unique([_typed_skill(s, alternatives) for s in required_skills if s and s.strip()], "SKILL")
    required_keys = {requirement_id("SKILL", s) for s in required}
    nice = [
        s
        for s in _unique(
            [_typed_skill(s, alternatives) for s in nice_to_have_skills if s and s.strip()], "SKILL"
        )
        if requirement_id("SKILL", s) not in required_keys
    ]
    derived = False
    weights: dict[str, float] = {}
    if not required and not nice:
        required, nice, sectioned, alternatives = skills_from_ad(title, description)
        for skill in (*required, *nice):
            sources[requirement_id("SKILL", skill)] = "description"
        if not sectioned:
            derived = bool(nice)
            weights = {requirement_id("SKILL", s): round(skill_specificity(s), 4) for s in nice}
    if not min_years_experience:
        min_years_experience = years_from_ad(description)
        if min_years_experience:
            sources["experience"] = "description"
    level = canonical_education(education_level)
    if level is None:
        level = education_from_ad(description)
        if level:
            sources["education"] = "description"
    spoken = _unique([canonical_language(lang) for lang in languages if lang and lang.strip()], "LANGUAGE")
    if not spoken:
        spoken = languages_from_ad(description)
        sources.update({requirement_id("LANGUAGE", lang): "description" for lang in spoken})
    certs = _unique([" ".join(c.split()) for c in certifications or [] if c and c.strip()], "CERTIFICATION")
    nice_certs: list[str] = []
    if not certs:
        certs, nice_certs, cert_alternatives = certifications_from_ad(description)
        alternatives.update(cert_alternatives)
        sources.update({requirement_id("CERTIFICATION", c): "description" for c in (*certs, *nice_certs)})
    return JobRequirements(
        title=" ".join(title.split()),
        description=description.strip(),
        required_skills=required,
        nice_to_have_skills=nice,
        min_years_experience=min_years_experience,
        education_level=level,
        languages=spoken,
        skills_derived=derived,
        certifications=certs,
        nice_to_have_certifications=nice_certs,
        weights=weights,
        location=(location or "").strip() or None,
        sources=sources,
        alternatives=alternatives_used(alternatives, required, nice, certs, nice_certs),
    )


def _storable_list(items: list[str]) -> list[str]:
    return [storable(item) if isinstance(item, str) else item for item in items]


def _storable_json(value):
    """A JSON value with :func:`storable` applied to every string in it, keys included."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, dict):
        return {_storable_json(k): _storable_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable_json(v) for v in value]
    return value


_TYPED_ALTERNATIVES = re.compile(r"\s*(?:,\s*or\b|,|\bor\b|\|)\s*", re.IGNORECASE)
_TYPED_CHOICE = re.compile(r"\bor\b|\|", re.IGNORECASE)


def typed_skill_names(typed: str) -> tuple[str, ...]:
    """The skills an employer's list item names: its canonical name, or each skill of a choice they typed
    ("python or golang" -> ("Python", "Go"); also "MySQL | PostgreSQL") when every part is a known skill.
    "Python, Django" typed as one item lists both and is no choice: it stays one (unknown) name."""
    name = canonical_skill(typed)
    known = load_taxonomy().skills
    if name in known or not _TYPED_CHOICE.search(typed):
        return (name,)
    parts = [p for p in _TYPED_ALTERNATIVES.split(typed) if p.strip()]
    members = tuple(dict.fromkeys(canonical_skill(p) for p in parts))
    return members if len(members) > 1 and all(m in known for m in members) else (name,)


def _typed_skill(typed: str, alternatives: dict[str, tuple[str, ...]]) -> str:
    """The requirement name of an employer's list item; a choice is recorded in ``alternatives``."""
    members = typed_skill_names(typed)
    if len(members) == 1:
        return members[0]
    group = alternatives_name(members)
    alternatives[group] = members
    return group


def _choice_or_name(
    item: dict,
    name: str,
    where: str,
    canonical: Callable[[str], str],
    alternatives: dict[str, tuple[str, ...]],
) -> str:
    """The canonical name of a SKILL or CERTIFICATION rubric item: made from its ``anyOf`` members when
    it has them (recorded in ``alternatives``), else its ``name``; raises ValueError for neither."""
    members = item.get("anyOf")
    if members is None:
        if not name:
            raise ValueError(f"{where}.name is required")
        return canonical(name)
    if (
        not isinstance(members, list)
        or len(members) < 2
        or not all(isinstance(m, str) and m.strip() for m in members)
    ):
        raise ValueError(f"{where}.anyOf must list at least two names")
    members = tuple(dict.fromkeys(canonical(m) for m in members))
    if len(members) == 1:
        return members[0]
    choice = alternatives_name(members)
    alternatives[choice] = members
    return choice


def requirements_from_rubric(rubric: dict, *, title: str, description: str) -> JobRequirements:
    """Rebuild :class:`JobRequirements` from an (employer-edited) rubric dict; raises ValueError on a bad one.

    Each item needs ``kind``, ``category`` and ``name``; ``weight`` (> 0, default 1), ``knockout``,
    ``years`` (EXPERIENCE) and ``level`` (EDUCATION) are optional.  A SKILL or CERTIFICATION item may
    list ``anyOf`` (two or more, any one of which meets it; its name is then made from them).  Skill
    and language names are canonicalised, duplicates refused.
    """
    if not isinstance(rubric, dict) or not isinstance(rubric.get("requirements"), list):
        raise ValueError("a rubric is an object with a list of requirements")
    rubric = _storable_json(rubric)  # as in job_requirements: nothing that cannot be hashed or stored
    title, description = storable(title), storable(description)
    must: list[str] = []
    nice: list[str] = []
    years: float | None = None
    level: str | None = None
    spoken: list[str] = []
    certs: list[str] = []
    nice_certs: list[str] = []
    weights: dict[str, float] = {}
    knockouts: set[str] = set()
    sources: dict[str, str] = {}
    alternatives: dict[str, tuple[str, ...]] = {}
    seen: set[str] = set()
    for index, item in enumerate(rubric["requirements"]):
        where = f"requirements[{index}]"
        if not isinstance(item, dict):
            raise ValueError(f"{where} must be an object")
        kind, category = item.get("kind"), item.get("category")
        name = " ".join(str(item.get("name") or "").split())
        if kind not in KINDS:
            raise ValueError(f"{where}.kind must be one of {', '.join(KINDS)}")
        if category not in CATEGORIES:
            raise ValueError(f"{where}.category must be one of {', '.join(CATEGORIES)}")
        weight = item.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 100:
            raise ValueError(f"{where}.weight must be a number above 0 and at most 100")
        if category == "SKILL":
            name = _choice_or_name(item, name, where, canonical_skill, alternatives)
            (must if kind == "MUST_HAVE" else nice).append(name)
        elif category == "EXPERIENCE":
            value = item.get("years")
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 50:
                raise ValueError(f"{where}.years must be a number of years between 0 and 50")
            years = float(value)
            name = f"{years:g}+ years of experience"
        elif category == "EDUCATION":
            level = canonical_education(item.get("level"))
            if level is None:
                raise ValueError(f"{where}.level is required")
            name = f"{level_name(level)} or higher"
        elif category == "LANGUAGE":
            if not name:
                raise ValueError(f"{where}.name is required")
            name = canonical_language(name)
            spoken.append(name)
        else:
            name = _choice_or_name(item, name, where, lambda n: " ".join(n.split()), alternatives)
            (certs if kind == "MUST_HAVE" else nice_certs).append(name)
        rid = requirement_id(category, name)
        if rid in seen:
            raise ValueError(f"{where} repeats the requirement {name!r}")
        seen.add(rid)
        if float(weight) != 1.0:
            weights[rid] = float(weight)
        if item.get("knockout"):
            knockouts.add(rid)
        sources[rid] = str(item.get("source") or "employer")
    return JobRequirements(
        title=" ".join(title.split()),
        description=description.strip(),
        required_skills=must,
        nice_to_have_skills=nice,
        min_years_experience=years,
        education_level=level,
        languages=spoken,
        skills_derived=bool(rubric.get("skillsDerived")) and not must,
        certifications=certs,
        nice_to_have_certifications=nice_certs,
        weights=weights,
        knockouts=frozenset(knockouts),
        location=rubric.get("location") or None,
        sources=sources,
        alternatives=alternatives,
    )


@functools.lru_cache(maxsize=256)
def job_vector(title: str, description: str, skills: tuple[str, ...]) -> dict[str, float]:
    """Bag-of-words vector of the job: title, description and skill names (memoised, pure)."""
    return text_vector(content_terms(normalise_text("\n".join((title, description, *skills)))))
