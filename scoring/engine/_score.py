"""Scoring a CV against a job's rubric: evidence per requirement, components, score, explanation.

``score_cv(cv, requirements, features=..., cv_embedding=..., rubric_embedding=...)``.  Everything
job-independent about the CV comes from :class:`CVFeatures` (computed from ``cv.text`` when not given)
and the optional stored embeddings, so scoring a stored profile is cheap and needs no re-parse.

Per requirement the scorer looks for evidence in this order and keeps the first it finds (of related
and semantic evidence, the stronger):

==========  ========  ===========================================================================
match       verdict   when
==========  ========  ===========================================================================
exact       MET       the dictionary skill (or its alias: match ``alias``) appears in a role,
                      project, summary or certification: shown in use
listed      PARTIAL   it appears only in a skills/interests list: claimed, not shown (strength 0.5)
related     PARTIAL   not named, but a skill of the same family is (``_related``: MySQL for PostgreSQL,
                      Java for C#); strength 0.4 shown in use, 0.25 only listed
semantic    PARTIAL   no mention, but a CV statement is close in meaning (cosine >= 0.55; strength
                      0.25-0.5 with the similarity); the statement is quoted
none        MISSING   nothing found
==========  ========  ===========================================================================

Component scores are 0..1; the score is ``round(100 * sum(weight * component))`` over the components
that apply (weights renormalised), capped at ``KNOCKOUT_CAP`` when a knock-out requirement is missing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ._cv import EDUCATION_LEVELS, LISTING_SECTIONS, ParsedCV
from ._explain import explain
from ._features import CVFeatures, cv_features
from ._job import JobRequirements, job_vector
from ._related import related_skills
from ._rubric import CERTIFICATIONS, canonical_json_hash, level_name, requirement_id
from ._semantic import CVEmbedding, RubricEmbedding, best_match, cos, cv_titles
from ._taxonomy import load_taxonomy, phrase_pattern
from ._text import content_terms, cosine, snippet
from ._titles import occupation_name, occupations, title_similarity
from ._version import ENGINE_VERSION

# Calibrated on the dev split of ../shared/eval (docs/scoring.md, `manage.py evaluate_scoring`).  Title
# fit weighs little because the semantic component already reads the CV's headline and, on the labelled
# data, more weight on titles ranked worse.
BASE_WEIGHTS: dict[str, float] = {
    "requiredSkills": 0.30,
    "niceToHaveSkills": 0.08,
    "certifications": 0.04,
    "semanticSimilarity": 0.30,
    "textSimilarity": 0.10,
    "titleFit": 0.02,
    "experience": 0.10,
    "education": 0.05,
    "languages": 0.05,
}
# Skills the engine read from an ad's prose are a guess at what the employer wants: they weigh this
# share of skills an employer listed (a rubric edited by the employer makes them the employer's).
PROSE_SKILL_FACTOR = 0.15
PARTIAL_CREDIT = 0.5
# A skill of the same family (``_related``) shown in use, or only listed: transferable, not the same.
RELATED_CREDIT, RELATED_LISTED_CREDIT = 0.4, 0.25
KNOCKOUT_CAP = 35
INFERRED_MATCHES = frozenset({"related", "semantic"})
# Raw tf-idf cosine -> 0..1: 1 - exp(-cosine / scale).  Unrelated CV/job pairs have cosines of
# 0.03-0.12, same-profession pairs 0.06-0.23 against terse ads, a CV written for the ad ~0.5.
SIMILARITY_SCALE = 0.2
# Embedding cosine -> 0..1, linear between these points: unrelated CV/job pairs sit near 0.1-0.25,
# same-profession pairs 0.35-0.6 on the evaluation sets.
SEMANTIC_FLOOR, SEMANTIC_CEIL = 0.15, 0.65
TITLE_FLOOR, TITLE_CEIL = 0.3, 0.85
# Share of title fit that comes from O*NET occupation matching (the rest from the titles' meaning).
TITLE_CODE_SHARE = 0.5
# Share of the semantic component from the CV's closest statements (mean of the top few).
SENTENCE_SHARE = 0.0
TOP_SENTENCES = 3
SEMANTIC_EVIDENCE_MIN = 0.55
SEMANTIC_EVIDENCE_FULL = 0.75
_LEVEL_RANK = {level: i for i, level in enumerate(EDUCATION_LEVELS)}
_LANGUAGE_EQUIVALENTS = {
    "Chinese": ("Mandarin", "Cantonese"),
    "Mandarin": ("Chinese",),
    "Cantonese": ("Chinese",),
}
_SENIORITY = (
    ("INTERN", re.compile(r"\b(?:intern|internship|trainee|apprentice)\b", re.I)),
    ("JUNIOR", re.compile(r"\b(?:junior|jr\.?|entry[\s-]level|graduate|assistant)\b", re.I)),
    ("SENIOR", re.compile(r"\b(?:senior|sr\.?|lead|principal|staff)\b", re.I)),
    ("MANAGER", re.compile(r"\b(?:manager|head of|supervisor)\b", re.I)),
    ("DIRECTOR", re.compile(r"\b(?:director|vp|vice president|chief|cxo|ceo|cto|cfo)\b", re.I)),
)
_SENIORITY_RANK = {"INTERN": 0, "JUNIOR": 1, "MID": 2, "SENIOR": 3, "MANAGER": 3, "DIRECTOR": 4}


@dataclass(frozen=True)
class ScoreResult:
    """A 0-100 score with its per-component breakdown, a recruiter-readable explanation, the engine
    version and the hash of everything that went into it."""

    score: int
    breakdown: dict
    explanation: dict
    engine_version: str
    input_hash: str = ""

    def to_dict(self) -> dict:
        """JSON-ready dict: ``score``, ``breakdown``, ``explanation``, ``engineVersion``, ``inputHash``."""
        return {
            "score": self.score,
            "breakdown": self.breakdown,
            "explanation": self.explanation,
            "engineVersion": self.engine_version,
            "inputHash": self.input_hash,
        }


def calibrate_similarity(raw: float) -> float:
    """Map a raw tf-idf cosine (0..1) to a 0..1 component score (see ``SIMILARITY_SCALE``)."""
    return min(max(1.0 - math.exp(-max(raw, 0.0) / SIMILARITY_SCALE), 0.0), 1.0)


def _linear(value: float, floor: float, ceil: float) -> float:
    return min(max((value - floor) / (ceil - floor), 0.0), 1.0)


def _span(features: CVFeatures, start: int, end: int) -> dict:
    return {
        "text": snippet(features.text, start, end),
        "quote": features.text[start:end],
        "start": start,
        "end": end,
        "section": features.section_at(start),
    }


class _Scorer:
    """One scoring pass; collects requirement items, strengths and gaps as it goes."""

    def __init__(
        self,
        cv: ParsedCV,
        req: JobRequirements,
        features: CVFeatures,
        cv_embedding: CVEmbedding | None,
        rubric_embedding: RubricEmbedding | None,
    ) -> None:
        self.cv, self.req, self.f = cv, req, features
        self.cv_emb = cv_embedding
        self.rubric_emb = rubric_embedding if cv_embedding is not None else None
        if (
            self.cv_emb is not None
            and self.rubric_emb is not None
            and self.cv_emb.version != self.rubric_emb.version
        ):
            self.cv_emb = self.rubric_emb = None  # vectors of two encoders are not comparable
        self.items: list[dict] = []
        self.scores: dict[str, float] = {}
        self.details: dict[str, dict] = {}

    # -- evidence ------------------------------------------------------------------------------------
    def _item(
        self,
        category: str,
        name: str,
        kind: str,
        verdict: str,
        strength: float,
        match: str,
        evidence: list[dict],
        note: str | None = None,
    ) -> dict:
        rid = requirement_id(category, name)
        item = {
            "id": rid,
            "requirement": name,
            "kind": kind,
            "category": category.lower(),
            "weight": round(self.req.weights.get(rid, 1.0), 4),
            "knockout": rid in self.req.knockouts,
            "verdict": verdict,
            "strength": round(strength, 4),
            "match": match,
            "evidence": evidence,
            "note": note,
        }
        if name in self.req.alternatives:  # a choice: any one of these meets it
            item["anyOf"] = list(self.req.alternatives[name])
        self.items.append(item)
        return item

    def _semantic_evidence(self, name: str) -> tuple[float, list[dict], float] | None:
        """(strength, evidence, similarity) from the closest CV statement, when it is close enough."""
        if self.rubric_emb is None or self.cv_emb is None or name not in self.rubric_emb.requirements:
            return None
        index, sim = best_match(self.rubric_emb.requirements[name], self.cv_emb.sentences)
        if index < 0 or sim < SEMANTIC_EVIDENCE_MIN or index >= len(self.f.sentences):
            return None
        start, end = self.f.sentences[index]
        strength = PARTIAL_CREDIT * (0.5 + 0.5 * _linear(sim, SEMANTIC_EVIDENCE_MIN, SEMANTIC_EVIDENCE_FULL))
        return strength, [_span(self.f, start, end)], sim

    def skill(self, name: str, kind: str) -> dict:
        """Assess one skill requirement (one that any of several skills meets: by the best of them)."""
        members = self.req.alternatives.get(name)
        if not members:
            return self._item("SKILL", name, kind, *self._skill_evidence(name))
        found = [(self._skill_evidence(member, in_choice=True), member) for member in members]
        best, member = max(found, key=lambda pair: pair[0][1])  # the strongest; the first among equals
        verdict, strength, match, evidence, note = best
        if match in ("exact", "alias", "listed"):
            note = f"{member}, one of the alternatives" + (f"; {note[0].lower()}{note[1:]}" if note else "")
        return self._item("SKILL", name, kind, verdict, strength, match, evidence, note)

    def _skill_evidence(
        self, name: str, *, in_choice: bool = False
    ) -> tuple[str, float, str, list[dict], str | None]:
        """(verdict, strength, match, evidence, note) for one skill (``in_choice``: one of several a
        requirement offers, which the notes of indirect evidence say)."""
        not_named = "None of them named" if in_choice else "Not named"
        known = load_taxonomy().skills
        if name in known:
            spans = self.f.skill_index.get(name, ())
        else:
            spans = tuple(
                (m.start(), m.end(), self.f.section_at(m.start()))
                for m in phrase_pattern(name).finditer(self.f.text)
            )
        if spans:
            in_use = [s for s in spans if s[2] not in LISTING_SECTIONS]
            chosen = (in_use or list(spans))[:2]
            evidence = [_span(self.f, a, b) for a, b, _ in chosen]
            quoted = evidence[0]["quote"]
            match = "exact" if quoted.lower() == name.lower() else "alias"
            if in_use:
                return "MET", 1.0, match, evidence, None
            return (
                "PARTIAL", PARTIAL_CREDIT, "listed", evidence,
                "Listed as a skill but not shown in any role or project",
            )  # fmt: skip
        related = self._related_evidence(name)
        found = self._semantic_evidence(name)
        if found and (related is None or found[0] > related[0]):
            strength, evidence, sim = found
            return (
                "PARTIAL", strength, "semantic", evidence,
                f"{not_named}; the closest statement in the CV is related (similarity {sim:.2f})",
            )  # fmt: skip
        if related:
            strength, evidence, other, family = related
            to = f" to {name}" if in_choice else ""
            return "PARTIAL", strength, "related", evidence, f"{not_named}; {other} is related{to} ({family})"
        return "MISSING", 0.0, "none", [], None

    def _related_evidence(self, name: str) -> tuple[float, list[dict], str, str] | None:
        """(strength, evidence, skill found, family) from a skill of the same family (``_related``): the
        strongest, shown in use before only listed, the family's order among equals."""
        best = None
        for other, family in related_skills(name):
            spans = self.f.skill_index.get(other, ())
            if not spans:
                continue
            in_use = [s for s in spans if s[2] not in LISTING_SECTIONS]
            strength = RELATED_CREDIT if in_use else RELATED_LISTED_CREDIT
            if best is None or strength > best[0]:
                start, end, _ = (in_use or list(spans))[0]
                best = (strength, [_span(self.f, start, end)], other, family)
        return best

    def skills_component(
        self, key: str, names: list[str], kind: str, certifications: Sequence[str] = ()
    ) -> None:
        """The share of credit over ``names`` (skills) and ``certifications`` (nice-to-have ones count
        with the nice-to-have skills), by each item's weight."""
        got = total = 0.0
        verdicts = []
        items = [self.skill(name, kind) for name in names]
        items += [self.certification(name, kind) for name in certifications]
        for item in items:
            weight = item["weight"]
            total += weight
            got += weight * item["strength"]
            verdicts.append(item["verdict"])
        self.scores[key] = got / total if total else 0.0
        self.details[key] = {
            "met": verdicts.count("MET"),
            "partial": verdicts.count("PARTIAL"),
            "total": len(items),
        }
        if self.req.skills_derived and kind == "NICE_TO_HAVE":
            self.details[key]["weighting"] = "specificity"

    def certification(self, name: str, kind: str) -> dict:
        """Assess one certification: named (or an alias of it) anywhere in the CV; a choice of
        certifications by the first of them the CV names."""
        members = self.req.alternatives.get(name, (name,))
        for member in members:
            m = None
            for surface in (member, *CERTIFICATIONS.get(member, ())):
                m = next(iter(phrase_pattern(surface).finditer(self.f.text)), None)
                if m:
                    break
            if m is not None:
                evidence = [_span(self.f, m.start(), m.end())]
                note = f"{member}, one of the alternatives" if len(members) > 1 else None
                return self._item("CERTIFICATION", name, kind, "MET", 1.0, "exact", evidence, note)
        return self._item("CERTIFICATION", name, kind, "MISSING", 0.0, "none", [])

    def certifications(self) -> None:
        if not self.req.certifications:
            return
        got = sum(
            self.certification(name, "MUST_HAVE")["verdict"] == "MET" for name in self.req.certifications
        )
        self.scores["certifications"] = got / len(self.req.certifications)
        self.details["certifications"] = {"met": got, "total": len(self.req.certifications)}

    def experience(self) -> None:
        need = self.req.min_years_experience
        if not need:
            return
        years = self.cv.years_experience
        span = self.f.first_date_range()
        evidence = [_span(self.f, *span)] if span and years is not None else []
        if years is None:
            verdict, value, note = "MISSING", 0.0, "No dated roles found to count years from"
        else:
            value = min(years / need, 1.0)
            verdict = "MET" if years >= need else "PARTIAL" if years >= need / 2 else "MISSING"
            note = f"About {years:g} years from the dated roles in the CV"
        self.scores["experience"] = value
        self.details["experience"] = {"years": years, "required": need}
        self._item(
            "EXPERIENCE",
            f"{need:g}+ years of experience",
            "MUST_HAVE",
            verdict,
            value,
            "dates",
            evidence,
            note,
        )

    def education(self) -> None:
        need = self.req.education_level
        if not need:
            return
        level = self.cv.education_level
        gap = None if level is None else _LEVEL_RANK[level] - _LEVEL_RANK[need]
        if gap is None:
            verdict, value, note = "MISSING", 0.0, "No degree or diploma found"
        elif gap >= 0:
            verdict, value, note = "MET", 1.0, f"{level_name(level)} found"
        elif gap == -1:
            verdict, value, note = "PARTIAL", 0.5, f"{level_name(level)}: one level below"
        else:
            verdict, value, note = "MISSING", 0.0, f"{level_name(level)}: below the requirement"
        evidence = []
        if self.f.education and level == self.f.education[0]:
            evidence = [_span(self.f, self.f.education[1], self.f.education[2])]
        self.scores["education"] = value
        self.details["education"] = {"level": level, "required": need}
        self._item(
            "EDUCATION",
            f"{level_name(need)} or higher",
            "MUST_HAVE",
            verdict,
            value,
            "degree",
            evidence,
            note,
        )

    def languages(self) -> None:
        if not self.req.languages:
            return
        mentions = {m.language: m for m in self.f.languages}
        credit, met = 0.0, 0
        for language in self.req.languages:
            mention = next(
                (mentions[n] for n in (language, *_LANGUAGE_EQUIVALENTS.get(language, ())) if n in mentions),
                None,
            )
            if mention is not None:
                verdict = "PARTIAL" if mention.basic else "MET"
                strength = PARTIAL_CREDIT if mention.basic else 1.0
                self._item(
                    "LANGUAGE", language, "MUST_HAVE", verdict, strength, "exact",
                    [_span(self.f, mention.start, mention.end)], "Basic level only" if mention.basic else None,
                )  # fmt: skip
            elif language == "English" and self.f.english_share >= 0.05:
                verdict, strength = "MET", 1.0
                self._item(
                    "LANGUAGE", language, "MUST_HAVE", verdict, strength, "document", [],
                    "The CV itself is written in English",
                )  # fmt: skip
            else:
                verdict, strength = "MISSING", 0.0
                self._item("LANGUAGE", language, "MUST_HAVE", verdict, strength, "none", [])
            credit += strength
            met += verdict != "MISSING"
        self.scores["languages"] = credit / len(self.req.languages)
        self.details["languages"] = {"met": met, "total": len(self.req.languages)}

    # -- overall fit -----------------------------------------------------------------------------------
    def similarity(self) -> None:
        req = self.req
        vector = job_vector(req.title, req.description, tuple(req.skill_names()))
        if vector:
            raw = round(cosine(self.f.vector, vector), 4)
            self.scores["textSimilarity"] = calibrate_similarity(raw)
            self.details["textSimilarity"] = {"raw": raw}
        if self.cv_emb is not None and self.rubric_emb is not None:
            raw = cos(self.cv_emb.document, self.rubric_emb.document)
            detail = {"raw": raw, "encoder": self.cv_emb.version}
            if SENTENCE_SHARE and len(self.cv_emb.sentences):
                # The CV's statements closest to the job: a CV can match well in a few lines.
                sims = sorted(
                    (round(float(v), 4) for v in self.cv_emb.sentences @ self.rubric_emb.document),
                    reverse=True,
                )
                top = round(sum(sims[:TOP_SENTENCES]) / len(sims[:TOP_SENTENCES]), 4)
                detail["closestStatements"] = top
                raw = round((1 - SENTENCE_SHARE) * raw + SENTENCE_SHARE * top, 4)
            self.scores["semanticSimilarity"] = _linear(raw, SEMANTIC_FLOOR, SEMANTIC_CEIL)
            self.details["semanticSimilarity"] = detail

    def title_fit(self, titles: list[str]) -> None:
        """How close the CV's role titles are to the job's: through O*NET occupations (title
        normalisation, ``_titles``) and, with the encoder, through the titles' meaning."""
        req = self.req
        if not req.title or not titles:
            return
        job_codes = occupations(req.title)
        by_code = [(title_similarity(job_codes, occupations(t)), t) for t in titles] if job_codes else []
        code_sim, code_title = max(by_code, key=lambda pair: pair[0], default=(0.0, None))
        meaning, meaning_title = None, None
        if self.cv_emb is not None and self.rubric_emb is not None and len(self.cv_emb.titles):
            index, sim = best_match(self.rubric_emb.title, self.cv_emb.titles)
            meaning = _linear(sim, TITLE_FLOOR, TITLE_CEIL)
            meaning_title = titles[index] if 0 <= index < len(titles) else None
        elif not job_codes:
            job_terms = set(_title_terms(req.title))
            if not job_terms:
                return
            overlaps = [(len(job_terms & set(_title_terms(t))) / len(job_terms), t) for t in titles]
            meaning, meaning_title = max(overlaps, key=lambda pair: pair[0])
        if job_codes and meaning is not None:
            value = TITLE_CODE_SHARE * code_sim + (1 - TITLE_CODE_SHARE) * meaning
        else:
            value = code_sim if job_codes else (meaning or 0.0)
        closest = code_title if code_sim and (meaning is None or code_sim >= meaning) else meaning_title
        detail = {
            "closestTitle": closest,
            "occupation": occupation_name(job_codes[0]) if job_codes else None,
            "occupationMatch": round(code_sim, 4) if job_codes else None,
            "similarity": None if meaning is None else round(meaning, 4),
        }
        job_level = _seniority(req.title)
        cv_level = _cv_seniority(titles, self.cv.years_experience)
        if job_level:
            gap = _SENIORITY_RANK[cv_level] - _SENIORITY_RANK[job_level]
            seniority = 1.0 if gap >= 0 else 0.5 if gap == -1 else 0.0
            value = 0.8 * value + 0.2 * seniority
            detail.update({"jobSeniority": job_level, "cvSeniority": cv_level})
        self.scores["titleFit"] = value
        self.details["titleFit"] = detail


def _title_terms(title: str) -> list[str]:
    return content_terms(title.lower())


def _seniority(title: str) -> str | None:
    for level, pattern in reversed(_SENIORITY):
        if pattern.search(title):
            return level
    return None


def _cv_seniority(titles: list[str], years: float | None) -> str:
    """The CV's level: the highest stated in a title, else from the years of experience."""
    stated = [lvl for lvl in (_seniority(t) for t in titles) if lvl]
    if stated:
        return max(stated, key=_SENIORITY_RANK.__getitem__)
    if years is None:
        return "MID"
    return "JUNIOR" if years < 2 else "MID" if years < 5 else "SENIOR"


def _provenance(req: JobRequirements, key: str) -> float:
    """1 for requirements an employer set, ``PROSE_SKILL_FACTOR`` for skills read from the ad's prose
    (pro rata when a list mixes both)."""
    if key not in ("requiredSkills", "niceToHaveSkills"):
        return 1.0
    if key == "requiredSkills":
        ids = [requirement_id("SKILL", n) for n in req.required_skills]
    else:
        ids = [requirement_id("SKILL", n) for n in req.nice_to_have_skills]
        ids += [requirement_id("CERTIFICATION", n) for n in req.nice_to_have_certifications]
    if not ids:
        return 1.0
    read = sum(req.sources.get(rid) == "description" for rid in ids)
    share = read / len(ids)
    return (1 - share) + share * PROSE_SKILL_FACTOR


def score_input_hash(cv: ParsedCV, req: JobRequirements, encoder: str | None) -> str:
    """Hash of everything a score depends on: engine version, rubric content, CV text, encoder."""
    return canonical_json_hash(
        {"engine": ENGINE_VERSION, "rubric": req.content_hash(), "cv": cv.text, "encoder": encoder}
    )


def score_cv(
    cv: ParsedCV,
    requirements: JobRequirements,
    *,
    features: CVFeatures | None = None,
    cv_embedding: CVEmbedding | None = None,
    rubric_embedding: RubricEmbedding | None = None,
) -> ScoreResult:
    """Score a parsed CV against a job's rubric; deterministic and side-effect free."""
    features = features if features is not None else cv_features(cv.text)
    s = _Scorer(cv, requirements, features, cv_embedding, rubric_embedding)
    req = requirements
    if req.required_skills:
        s.skills_component("requiredSkills", req.required_skills, "MUST_HAVE")
    if req.nice_to_have_skills or req.nice_to_have_certifications:
        s.skills_component(
            "niceToHaveSkills", req.nice_to_have_skills, "NICE_TO_HAVE", req.nice_to_have_certifications
        )
    s.certifications()
    s.similarity()
    s.title_fit(cv_titles(cv, features))
    s.experience()
    s.education()
    s.languages()

    weights = {key: BASE_WEIGHTS[key] * _provenance(req, key) for key in s.scores}
    total_weight = sum(weights.values())
    breakdown: dict[str, dict] = {}
    overall = 0.0
    for key in BASE_WEIGHTS:
        if key not in s.scores:
            continue
        weight = weights[key] / total_weight
        overall += weight * s.scores[key]
        breakdown[key] = {"score": round(s.scores[key], 4), "weight": round(weight, 4), **s.details[key]}
    score = min(max(round(100 * overall), 0), 100)
    # A knock-out asks for the thing itself: evidence of something related or close in meaning earns its
    # partial credit but does not lift the cap.
    knockouts = [
        i for i in s.items if i["knockout"] and (i["verdict"] == "MISSING" or i["match"] in INFERRED_MATCHES)
    ]
    if knockouts:
        score = min(score, KNOCKOUT_CAP)
    encoder = s.cv_emb.version if s.cv_emb is not None and s.rubric_emb is not None else None
    explanation = explain(
        score=score,
        items=s.items,
        breakdown=breakdown,
        knockouts=knockouts,
        integrity=[flag.to_dict() for flag in features.integrity],
        skills_derived=req.skills_derived,
    )
    return ScoreResult(
        score=score,
        breakdown=breakdown,
        explanation=explanation,
        engine_version=ENGINE_VERSION,
        input_hash=score_input_hash(cv, req, encoder),
    )
