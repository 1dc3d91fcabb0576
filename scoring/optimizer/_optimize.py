"""``optimize_job``: run every check on a posting, score it and assemble the report."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from scoring.engine import ENGINE_VERSION, JobRequirements, job_requirements

from . import _gender, _readability, _wording
from ._model import (
    FIELDS,
    Evidence,
    Finding,
    GenderCoding,
    JobPosting,
    OptimizationReport,
    Sections,
    Severity,
    sorted_findings,
)
from ._rewrite import build_rewrite
from ._sections import analyse_sections
from ._structure import Structure, parse_structure
from ._version import OPTIMIZER_VERSION

MAX_MUST_HAVES = 8
MAX_YEARS_NON_EXECUTIVE = 10
SEVERITY_WEIGHT = {Severity.ERROR: 15, Severity.WARNING: 6, Severity.INFO: 1}
SEVERITY_CAP = {Severity.ERROR: 30, Severity.WARNING: 12, Severity.INFO: 2}

_EXECUTIVE = re.compile(
    r"\b(?:chief|ceo|cto|cfo|coo|cio|cmo|cpo|cro|ciso|cdo|vp|svp|evp|vice[- ]president|president|director|"
    r"head\s+of|managing\s+partner|partner|general\s+manager|general\s+counsel)\b"
    r"|(?<!account )(?<!sales )(?<!customer )\bexecutive\b(?!\s+(?:assistant|secretary|chef|recruiter))",
    re.IGNORECASE,
)
_YEARS_IN_TEXT = re.compile(
    r"\b(?P<n>\d{1,2})(?:\s*(?:-|\u2013|to)\s*\d{1,2})?\s*\+?\s*(?:years?|yrs?)\b[^.\n]{0,40}?\bexperience\b",
    re.IGNORECASE,
)
_LONG_LISTS = (
    "Long must-have lists shrink the applicant pool: an internal Hewlett-Packard report found men apply "
    "when they meet about 60% of the listed qualifications and women mostly only when they meet all of "
    "them, and LinkedIn's Gender Insights report found women apply to about 20% fewer jobs than men."
)
_SECTION_ADVICE = {
    "responsibilities": (
        Severity.ERROR,
        "The ad does not say what the person will do.",
        'Add a "What you\'ll do" list of 4-6 concrete duties.',
    ),
    "requirements": (
        Severity.ERROR,
        "The ad does not say what the person needs to bring.",
        'Add a short "What you need" list, or fill in the job\'s required skills.',
    ),
    "salary": (
        Severity.WARNING,
        "No salary is given.",
        "Set salary_min/salary_max or state the range in the text; ads with pay ranges get more "
        "applicants, and pay-transparency laws increasingly require them.",
    ),
    "location": (
        Severity.WARNING,
        "The ad does not say where the work happens.",
        "Set the job's location, or say whether the role is remote, hybrid or on-site.",
    ),
    "benefits": (
        Severity.WARNING,
        "No benefits are described.",
        "List the main benefits (leave, pension, health cover, learning budget, flexible hours).",
    ),
}


def quality_score(findings: Iterable[Finding]) -> int:
    """100 minus a penalty per finding: 15 per ERROR, 6 per WARNING, 1 per INFO, each code counting at
    most twice its weight (30 / 12 / 2), so one repeated mistake cannot sink the score; floored at 0."""
    counts = Counter((f.code, f.severity) for f in findings)
    penalty = sum(
        min(SEVERITY_CAP[severity], n * SEVERITY_WEIGHT[severity]) for (_, severity), n in counts.items()
    )
    return max(0, 100 - penalty)


def is_executive(title: str) -> bool:
    """C-level, VP, director, head-of and partner titles, where 10+ years can be a fair ask."""
    return bool(_EXECUTIVE.search(title))


def _rubric(job: JobPosting) -> tuple[JobRequirements, list[Finding]]:
    findings: list[Finding] = []
    kwargs = {
        "title": job.title,
        "description": job.description,
        "required_skills": list(job.required_skills),
        "nice_to_have_skills": list(job.nice_to_have_skills),
        "min_years_experience": job.min_years_experience,
        "languages": list(job.languages),
    }
    try:
        rubric = job_requirements(education_level=job.education_level or None, **kwargs)
    except ValueError as exc:
        findings.append(
            Finding(
                code="unknown_education_level",
                category="requirements",
                severity=Severity.WARNING,
                message=f"Education level {job.education_level!r} is not recognised ({exc}).",
                suggestion="Use one of HIGH_SCHOOL, ASSOCIATE, BACHELOR, MASTER, DOCTORATE, or leave it empty.",
            )
        )
        rubric = job_requirements(education_level=None, **kwargs)
    return rubric, findings


def rubric_preview(rubric: JobRequirements) -> dict[str, object]:
    """What the scoring engine will score CVs against, as plain JSON."""
    return {
        "engineVersion": ENGINE_VERSION,
        "mustHaveSkills": list(rubric.required_skills),
        "niceToHaveSkills": list(rubric.nice_to_have_skills),
        "skillsDerived": rubric.skills_derived,
        "minYearsExperience": rubric.min_years_experience,
        "educationLevel": rubric.education_level,
        "languages": list(rubric.languages),
        "certifications": list(getattr(rubric, "certifications", None) or []),
    }


def _section_findings(sections: Sections) -> list[Finding]:
    out = []
    for name in sections.missing():
        severity, message, suggestion = _SECTION_ADVICE[name]
        out.append(
            Finding(
                code=f"missing_section_{name}",
                category="structure",
                severity=severity,
                message=message,
                suggestion=suggestion,
            )
        )
    return out


def _requirement_findings(job: JobPosting, rubric: JobRequirements, structure: Structure) -> list[Finding]:
    out: list[Finding] = []
    must_haves = len(rubric.required_skills)
    listed = [i for i in structure.items_of("requirements") if i.bullet]
    if must_haves > MAX_MUST_HAVES or len(listed) > MAX_MUST_HAVES:
        from_fields = must_haves > MAX_MUST_HAVES
        heading = structure.blocks[listed[0].block].heading if listed and not from_fields else None
        out.append(
            Finding(
                code="too_many_must_haves",
                category="requirements",
                severity=Severity.WARNING,
                message=(
                    f"The rubric has {must_haves} must-have skills (more than {MAX_MUST_HAVES})."
                    if from_fields
                    else f"The requirements list has {len(listed)} items (more than {MAX_MUST_HAVES})."
                ),
                evidence=Evidence("description", heading.start, heading.end, structure.text_of(heading))
                if heading
                else None,
                suggestion=f"{_LONG_LISTS} Keep the must-haves to what is essential and move the rest to "
                "nice-to-have.",
            )
        )
    if not is_executive(job.title):
        years = job.min_years_experience
        if years is not None and years > MAX_YEARS_NON_EXECUTIVE:
            out.append(_too_many_years(f"{years:g} years of experience are required", None))
        else:
            for m in _YEARS_IN_TEXT.finditer(job.description):
                if int(m.group("n")) > MAX_YEARS_NON_EXECUTIVE:
                    evidence = Evidence("description", m.start(), m.end(), m.group(0))
                    out.append(_too_many_years(f'"{m.group(0)}"', evidence))
    if not rubric.required_skills:
        derived = len(rubric.nice_to_have_skills) if rubric.skills_derived else 0
        out.append(
            Finding(
                code="no_required_skills",
                category="requirements",
                severity=Severity.INFO,
                message="The job lists no must-have skills"
                + (
                    f"; the scoring engine found {derived} skills in the text and treats them as nice-to-have."
                    if derived
                    else "."
                ),
                suggestion="List the few skills that are essential so CVs are scored against them.",
            )
        )
    return out


def _too_many_years(what: str, evidence: Evidence | None) -> Finding:
    return Finding(
        code="too_many_years_required",
        category="requirements",
        severity=Severity.WARNING,
        message=f"{what}, more than {MAX_YEARS_NON_EXECUTIVE} for a non-executive role.",
        evidence=evidence,
        suggestion="Ask for the skills the years stand for; long experience minimums screen out capable "
        f"people and skew older. {_LONG_LISTS}",
    )


def optimize_job(job: JobPosting) -> OptimizationReport:
    """Analyse a job posting and return structured findings, a score and a suggested rewrite.

    Pure and deterministic: no Django, no I/O, no clock, no randomness; the same posting always gives an
    equal report.
    """
    structure = parse_structure(job.description)
    content = analyse_sections(job, structure)
    rubric, findings = _rubric(job)
    findings += _section_findings(content.sections)

    texts = {name: job.field_text(name) for name in FIELDS}
    scan = _gender.merge([_gender.scan(name, texts[name]) for name in FIELDS])
    findings += _gender.findings(scan, texts)
    for name in FIELDS:
        findings += _wording.find(name, texts[name], salary_disclosed=content.sections.salary)
    findings += _requirement_findings(job, rubric, structure)
    readability, readability_findings = _readability.analyse(structure)
    findings += readability_findings

    ordered = sorted_findings(findings)
    return OptimizationReport(
        optimizer_version=OPTIMIZER_VERSION,
        score=quality_score(ordered),
        findings=ordered,
        sections=content.sections,
        gender_coding=GenderCoding(scan.verdict, scan.masculine, scan.feminine),
        readability=readability,
        rubric_preview=rubric_preview(rubric),
        suggested_rewrite=build_rewrite(job, content, rubric, ordered),
    )
