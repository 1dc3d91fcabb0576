"""HireScope job-description optimizer: pure, deterministic checks of a job ad, with a suggested rewrite.

No Django, no database, no network, no clock, no randomness: ``optimize_job(JobPosting(...))`` reads
only the posting (and the scoring engine's bundled skill dictionary, for the rubric preview), so it can
run when a job is created, when its description changes and on ``POST /jobs/:id/optimize``.

Usage::

    from scoring.optimizer import JobPosting, optimize_job

    report = optimize_job(JobPosting.from_object(job))  # or JobPosting(title=..., description=..., ...)
    report.to_dict()  # JSON-ready, camelCase keys

Findings
--------
Each finding has a stable ``code``, a ``category``, a ``severity`` (ERROR, WARNING, INFO), a message,
``evidence`` (``{"field", "text", "start", "end"}`` with ``job.<field>[start:end] == text``, field being
"title" or "description"; None for whole-ad findings), a ``suggestion`` and, for wording with a neutral
alternative, the ``replacement`` the rewrite uses ("" means delete).  Codes:

=================================  ===========  =====================================================
code                               category     when
=================================  ===========  =====================================================
missing_section_responsibilities   structure    ERROR: no duties (heading or duty sentences)
missing_section_requirements       structure    ERROR: no requirements (heading, phrases or fields)
missing_section_salary             structure    WARNING: no salary fields and no figure in the text
missing_section_location           structure    WARNING: no location field, no remote/on-site wording
missing_section_benefits           structure    WARNING: no benefits
gender_coded_masculine             gender_...   per word; WARNING for a trait word with a neutral swap
gender_coded_feminine              gender_...   per word, INFO
gender_coding_verdict              gender_...   not neutral; WARNING when strongly masculine-coded
exclusionary_age                   inclusion    "young", age limits (ERROR); "recent graduate",
                                                "digital native", "Gen Z" (WARNING)
exclusionary_native_speaker        inclusion    ERROR: "native English speaker", "mother tongue"
exclusionary_physical              inclusion    "able-bodied", "clean-shaven", looks (ERROR);
                                                "physically fit" (WARNING)
exclusionary_culture_fit           inclusion    WARNING: "culture fit"
gendered_pronoun                   inclusion    WARNING: "he/she", "his or her", "he", "him"...
gendered_noun                      inclusion    WARNING: "salesman", "chairman", "manpower"...
too_many_must_haves                requirements WARNING: > 8 required skills or requirement bullets
too_many_years_required            requirements WARNING: > 10 years for a non-executive title
no_required_skills                 requirements INFO: no must-have skills listed
unknown_education_level            requirements WARNING: education level the engine cannot read
vague_requirement                  clarity      WARNING: "rockstar", "team player", "self-starter",
                                                "fast-paced environment", "competitive salary"
                                                without figures, "other duties as assigned"...
long_sentences                     readability  WARNING: a sentence over 25 words
low_readability                    readability  Flesch < 30 WARNING, < 50 INFO
description_too_short / _long      readability  WARNING: < 80 or > 700 words
=================================  ===========  =====================================================

Findings are sorted by severity, then whole-ad findings, then by field and position.

Score
-----
``score = max(0, 100 - sum over (code, severity) of min(cap, count x weight))`` with weight 15 / 6 / 1
and cap 30 / 12 / 2 for ERROR / WARNING / INFO.  A clean ad scores 100; each distinct problem costs its
weight, and repeating the same problem (five long sentences) costs at most twice its weight, so the
score tracks how many *kinds* of problems an ad has.  The weights are a starting point, like the
scoring engine's, to be calibrated against applicant data.

Gender coding
-------------
Word lists of Gaucher, Friesen & Kay (2011), "Evidence that gendered wording in job advertisements
exists and sustains gender inequality", J. Personality and Social Psychology 101(1):109-128, as
implemented in Kat Matfield's open-source Gender Decoder (github.com/lovedaybrooke/gender-decoder,
MIT); see ``_gender`` for the lists, the matching rules and the one deviation.  ``genderCoding`` lists
every coded word with its stem and position and gives the decoder's verdict: neutral, slightly or
strongly masculine-/feminine-coded by the difference of the counts (more than 3 is strongly).

Other sections of the report
----------------------------
``sections`` (see ``_sections``), ``readability`` (Flesch reading ease, average words per sentence,
word count; see ``_readability``), ``rubricPreview`` (``scoring.engine.job_requirements`` on the job's
fields: canonical must-have and nice-to-have skills, whether they were derived from the text, minimum
years, education level, languages, and the engine version) and ``suggestedRewrite`` (Markdown; see
``_rewrite``: placeholders in square brackets where information is missing, flagged wording replaced).
"""

from __future__ import annotations

from ._model import (
    CodedWord,
    Evidence,
    Finding,
    GenderCoding,
    JobPosting,
    OptimizationReport,
    Readability,
    Sections,
    Severity,
)
from ._optimize import optimize_job, quality_score
from ._version import OPTIMIZER_VERSION

__all__ = [
    "OPTIMIZER_VERSION",
    "CodedWord",
    "Evidence",
    "Finding",
    "GenderCoding",
    "JobPosting",
    "OptimizationReport",
    "Readability",
    "Sections",
    "Severity",
    "optimize_job",
    "quality_score",
]
