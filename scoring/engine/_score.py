"""Scoring a :class:`ParsedCV` against :class:`JobRequirements` (the model is described in ``__init__``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ._cv import EDUCATION_LEVELS, LISTING_SECTIONS, CVAnalysis, ParsedCV, analyse_cv
from ._job import JobRequirements, job_vector
from ._taxonomy import load_taxonomy, phrase_pattern
from ._text import cosine, snippet
from ._vectors import skill_specificity
from ._version import ENGINE_VERSION

BASE_WEIGHTS: dict[str, float] = {
    "requiredSkills": 0.45,
    "niceToHaveSkills": 0.10,
    "textSimilarity": 0.25,
    "experience": 0.12,
    "education": 0.05,
    "languages": 0.03,
}
PARTIAL_CREDIT = 0.5
_CREDIT = {"MET": 1.0, "PARTIAL": PARTIAL_CREDIT, "MISSING": 0.0}
# Raw cosine -> 0..1: s = 1 - exp(-cosine / SIMILARITY_SCALE).  On the evaluation sets unrelated
# CV/job pairs have cosines of 0.03-0.12 (s 0.14-0.45) and same-profession pairs 0.06-0.23 against
# terse synthetic ads; a CV written for the ad reaches ~0.5 (s 0.92).  The curve is strictly
# increasing, so it never ties two CVs that the cosine separates.
SIMILARITY_SCALE = 0.2

_LEVEL_RANK = {level: i for i, level in enumerate(EDUCATION_LEVELS)}
_LEVEL_NAMES = {
    "HIGH_SCHOOL": "high school diploma",
    "ASSOCIATE": "associate degree",
    "BACHELOR": "bachelor's degree",
    "MASTER": "master's degree",
    "DOCTORATE": "doctorate",
}
_LANGUAGE_EQUIVALENTS = {
    "Chinese": ("Mandarin", "Cantonese"),
    "Mandarin": ("Chinese",),
    "Cantonese": ("Chinese",),
}


@dataclass(frozen=True)
class ScoreResult:
    """A 0-100 score with its per-component breakdown and a recruiter-readable explanation."""

    score: int
    breakdown: dict
    explanation: dict
    engine_version: str

    def to_dict(self) -> dict:
        """JSON-ready dict: ``score``, ``breakdown``, ``explanation``, ``engineVersion``."""
        return {
            "score": self.score,
            "breakdown": self.breakdown,
            "explanation": self.explanation,
            "engineVersion": self.engine_version,
        }


def calibrate_similarity(raw: float) -> float:
    """Map a raw cosine (0..1) to a 0..1 component score (see ``SIMILARITY_SCALE``)."""
    return min(max(1.0 - math.exp(-max(raw, 0.0) / SIMILARITY_SCALE), 0.0), 1.0)


def _item(
    requirement: str, kind: str, category: str, verdict: str, evidence: str | None, note: str | None = None
) -> dict:
    return {
        "requirement": requirement,
        "kind": kind,
        "category": category,
        "verdict": verdict,
        "evidence": evidence,
        "note": note,
    }


def _assess_skill(
    skill: str, cv: ParsedCV, analysis: CVAnalysis, known: frozenset[str]
) -> tuple[str, str | None]:
    """(verdict, evidence) for one skill.

    MET: the skill appears outside a pure skills list (in a role, project, summary, certification...).
    PARTIAL: it appears only in a skills/interests list, i.e. claimed but not shown in use.
    MISSING: not found.
    """
    if skill in known:
        spans = analysis.skill_index.get(skill, ())
    else:
        spans = tuple(
            (m.start(), m.end(), analysis.section_at(m.start()))
            for m in phrase_pattern(skill).finditer(analysis.clean)
            if analysis.usable(m.start())
        )
    if not spans:
        if skill in cv.skills:  # profile edited by a person: trust it, but there is no snippet to show
            return "MET", None
        return "MISSING", None
    in_use = [s for s in spans if s[2] not in LISTING_SECTIONS]
    start, end, _ = (in_use or spans)[0]
    return ("MET" if in_use else "PARTIAL"), snippet(analysis.clean, start, end)


def _skills_component(
    skills: list[str],
    kind: str,
    cv: ParsedCV,
    analysis: CVAnalysis,
    items: list[dict],
    *,
    by_specificity: bool = False,
) -> tuple[float, dict]:
    """Share of skills found (PARTIAL = half credit).  Skills an employer listed weigh the same; skills
    derived from an ad's prose weigh by specificity, so "Microsoft Excel", named in almost every
    occupation profile, counts far less than "Epic Systems" or "Litigation"."""
    known = load_taxonomy().skills
    verdicts, got, total = [], 0.0, 0.0
    for skill in skills:
        verdict, evidence = _assess_skill(skill, cv, analysis, known)
        verdicts.append(verdict)
        items.append(_item(skill, kind, "skill", verdict, evidence))
        weight = skill_specificity(skill) if by_specificity else 1.0
        total += weight
        got += weight * _CREDIT[verdict]
    met, partial = verdicts.count("MET"), verdicts.count("PARTIAL")
    detail = {"met": met, "partial": partial, "total": len(skills)}
    if by_specificity:
        detail["weighting"] = "specificity"
    return got / total, detail


def _names(items: list[dict], *, kind: str, verdict: str, limit: int = 8) -> str:
    names = [
        i["requirement"]
        for i in items
        if i["kind"] == kind and i["category"] == "skill" and i["verdict"] == verdict
    ]
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def score_cv(cv: ParsedCV, requirements: JobRequirements) -> ScoreResult:
    """Score a parsed CV against job requirements; deterministic and side-effect free."""
    analysis = analyse_cv(cv.text)
    req = requirements
    items: list[dict] = []
    strengths: list[str] = []
    gaps: list[str] = []
    parts: list[str] = []
    scores: dict[str, float] = {}
    details: dict[str, dict] = {}

    if req.required_skills:
        scores["requiredSkills"], details["requiredSkills"] = _skills_component(
            req.required_skills, "MUST_HAVE", cv, analysis, items
        )
        d = details["requiredSkills"]
        parts.append(
            f"meets {d['met']} of {d['total']} must-have skills"
            + (f", {d['partial']} more only listed" if d["partial"] else "")
        )
        if d["met"]:
            strengths.append(
                f"Must-have skills shown in the CV: {_names(items, kind='MUST_HAVE', verdict='MET')}"
            )
        missing = d["total"] - d["met"] - d["partial"]
        if missing:
            gaps.append(f"Missing must-have skills: {_names(items, kind='MUST_HAVE', verdict='MISSING')}")
        if d["partial"]:
            gaps.append(
                "Listed as skills but not shown in any role: "
                + _names(items, kind="MUST_HAVE", verdict="PARTIAL")
            )

    if req.nice_to_have_skills:
        scores["niceToHaveSkills"], details["niceToHaveSkills"] = _skills_component(
            req.nice_to_have_skills, "NICE_TO_HAVE", cv, analysis, items, by_specificity=req.skills_derived
        )
        d = details["niceToHaveSkills"]
        what = "skills named in the job description" if req.skills_derived else "nice-to-have skills"
        parts.append(f"{d['met'] + d['partial']} of {d['total']} {what}")
        if d["met"] + d["partial"]:
            found = ", ".join(
                n
                for n in (
                    _names(items, kind="NICE_TO_HAVE", verdict="MET"),
                    _names(items, kind="NICE_TO_HAVE", verdict="PARTIAL"),
                )
                if n
            )
            strengths.append(f"Nice-to-have skills: {found}")
        if d["met"] + d["partial"] < d["total"]:
            gaps.append(
                f"Missing nice-to-have skills: {_names(items, kind='NICE_TO_HAVE', verdict='MISSING')}"
            )

    vector = job_vector(req.title, req.description, (*req.required_skills, *req.nice_to_have_skills))
    if vector:
        raw = cosine(analysis.vector, vector)
        scores["textSimilarity"] = calibrate_similarity(raw)
        details["textSimilarity"] = {"raw": round(raw, 4)}
        s = scores["textSimilarity"]
        overlap = "high" if s >= 0.6 else "moderate" if s >= 0.35 else "low"
        parts.append(f"{overlap} overlap with the job description")
        if s >= 0.6:
            strengths.append("The CV's wording closely matches the job description")
        elif s < 0.35:
            gaps.append("Little overlap between the CV and the job description")

    if req.min_years_experience:
        need, years = req.min_years_experience, cv.years_experience
        span = analysis.first_date_range()
        evidence = snippet(analysis.clean, *span) if span and years is not None else None
        if years is None:
            verdict, value = "MISSING", 0.0
            gaps.append("Could not determine years of experience from the CV")
            parts.append("years of experience unclear")
        else:
            value = min(years / need, 1.0)
            verdict = "MET" if years >= need else "PARTIAL" if years >= need / 2 else "MISSING"
            parts.append(f"{years:g} years of experience for {need:g} required")
            (strengths if verdict == "MET" else gaps).append(
                f"{years:g} years of experience ({need:g} required)"
            )
        scores["experience"] = value
        details["experience"] = {"years": years, "required": need}
        items.append(
            _item(
                f"{need:g}+ years of experience",
                "MUST_HAVE",
                "experience",
                verdict,
                evidence,
                None if years is None else f"About {years:g} years from the dated roles in the CV",
            )
        )

    if req.education_level:
        need_level, level = req.education_level, cv.education_level
        gap = None if level is None else _LEVEL_RANK[level] - _LEVEL_RANK[need_level]
        if gap is None:
            verdict, value = "MISSING", 0.0
            gaps.append(f"No degree or diploma found ({_LEVEL_NAMES[need_level]} required)")
        elif gap >= 0:
            verdict, value = "MET", 1.0
            strengths.append(f"Education: {_LEVEL_NAMES[level]} ({_LEVEL_NAMES[need_level]} required)")
        else:
            verdict, value = ("PARTIAL", 0.5) if gap == -1 else ("MISSING", 0.0)
            gaps.append(f"Education: {_LEVEL_NAMES[level]} ({_LEVEL_NAMES[need_level]} required)")
        parts.append(
            {
                "MET": "education meets the requirement",
                "PARTIAL": "education one level below the requirement",
                "MISSING": "education below the requirement",
            }[verdict]
        )
        evidence = None
        if analysis.education and level == analysis.education[0]:
            evidence = snippet(analysis.clean, analysis.education[1], analysis.education[2])
        scores["education"] = value
        details["education"] = {"level": level, "required": need_level}
        items.append(
            _item(
                f"{_LEVEL_NAMES[need_level][0].upper()}{_LEVEL_NAMES[need_level][1:]} or higher",
                "MUST_HAVE",
                "education",
                verdict,
                evidence,
            )
        )

    if req.languages:
        mentions = {m.language: m for m in analysis.languages}
        credit, met_names, missing_names = 0.0, [], []
        for language in req.languages:
            mention = next(
                (mentions[n] for n in (language, *_LANGUAGE_EQUIVALENTS.get(language, ())) if n in mentions),
                None,
            )
            note = None
            if mention is not None:
                verdict = "PARTIAL" if mention.basic else "MET"
                evidence = snippet(analysis.clean, mention.start, mention.end)
                if mention.basic:
                    note = "Basic level only"
            elif language in cv.language_names:  # a profile edited by a person
                verdict, evidence = "MET", None
            elif language == "English" and analysis.english_share >= 0.05:
                verdict, evidence, note = "MET", None, "The CV itself is written in English"
            else:
                verdict, evidence = "MISSING", None
            credit += _CREDIT[verdict]
            (missing_names if verdict == "MISSING" else met_names).append(language)
            items.append(_item(language, "MUST_HAVE", "language", verdict, evidence, note))
        scores["languages"] = credit / len(req.languages)
        details["languages"] = {"met": len(met_names), "total": len(req.languages)}
        parts.append(f"{len(met_names)} of {len(req.languages)} languages")
        if met_names:
            strengths.append(f"Languages: {', '.join(met_names)}")
        if missing_names:
            gaps.append(f"No mention of: {', '.join(missing_names)}")

    total_weight = sum(BASE_WEIGHTS[k] for k in scores)
    breakdown: dict[str, dict] = {}
    overall = 0.0
    for key in BASE_WEIGHTS:
        if key not in scores:
            continue
        weight = BASE_WEIGHTS[key] / total_weight
        overall += weight * scores[key]
        breakdown[key] = {"score": round(scores[key], 4), "weight": round(weight, 4), **details[key]}
    score = min(max(round(100 * overall), 0), 100)

    if not scores:
        summary = "The job has no requirements or description to score against."
    else:
        label = (
            "Strong match"
            if score >= 75
            else "Good match"
            if score >= 55
            else "Partial match"
            if score >= 35
            else "Weak match"
        )
        summary = f"{label} ({score}/100): " + "; ".join(parts) + "."
    explanation = {"summary": summary, "requirements": items, "strengths": strengths, "gaps": gaps}
    return ScoreResult(
        score=score, breakdown=breakdown, explanation=explanation, engine_version=ENGINE_VERSION
    )
