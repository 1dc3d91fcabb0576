"""Tests for the pure scoring engine (no Django): parsing, skill matching, scoring and its invariants.

All CV texts here are invented for the tests.
"""

from __future__ import annotations

import datetime
import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.engine import (
    BASE_WEIGHTS,
    ENGINE_VERSION,
    JobRequirements,
    ParsedCV,
    ScoreResult,
    cv_features,
    job_requirements,
    parse_cv,
    score_cv,
)
from scoring.engine._contacts import Link
from scoring.engine._cv import LanguageSkill, analyse_cv, estimate_years

TODAY = datetime.date(2025, 6, 1)
ONET = Path(__file__).resolve().parents[3] / "shared" / "data" / "onet"

BACKEND_CV = """Alex Example
alex.example@example.org | +44 20 7946 0000 | https://github.com/alex-example

Professional Summary
Backend engineer building Python and Django services on AWS for seven years.

Work Experience
Senior Software Engineer, Northwind Analytics - Jan 2021 - Present
- Designed REST APIs in Python and Django backed by PostgreSQL and Redis.
- Moved deployments to Kubernetes with Terraform and GitHub Actions CI/CD.
Software Engineer, Contoso Retail - 03/2018 - 12/2020
- Built data pipelines in Python; wrote unit tests with pytest.

Education
MSc Computer Science, Example University, 2016 - 2018

Skills
Python, Django, Docker, SQL, Linux

Languages
English (native), German (basic)
"""

CHEF_CV = """Sam Sample

Summary
Head chef with a passion for seasonal menus and kitchen team leadership.

Experience
Head Chef, The Green Fork - 2019 - Present
- Planned menus, ordered supplies, trained line cooks and kept food safety records (HACCP).
Sous Chef, Harbour Bistro - 2015 - 2019
- Prepared sauces, fish and desserts; managed inventory and food costs.

Education
High School Diploma
"""

BACKEND_JOB = {
    "title": "Senior Backend Engineer",
    "description": (
        "We are hiring a backend engineer to design and build REST APIs in Python and Django, run them on "
        "Kubernetes in AWS and keep our PostgreSQL databases fast. You will write tests, review code and "
        "mentor other engineers."
    ),
    "required_skills": ["python", "django", "postgres", "k8s"],
    "nice_to_have_skills": ["Terraform", "Go"],
    "min_years_experience": 5,
    "education_level": "BACHELOR",
    "languages": ["English"],
}


def cv(text: str) -> ParsedCV:
    return parse_cv(text, today=TODAY)


def content(result: ScoreResult) -> dict:
    """What a reader sees of a score: everything but the input hash and the evidence offsets (which
    move when a protected line is inserted above them)."""

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("start", "end", "inputHash")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(result.to_dict())


def skills_of(text: str) -> list[str]:
    # The first line is treated as the candidate's name and ignored, hence the placeholder.
    return cv("Candidate Name\n" + text).skills


# --- skill matching -----------------------------------------------------------------------------


def test_java_does_not_match_javascript():
    assert skills_of("Five years of JavaScript and TypeScript.") == ["JavaScript", "TypeScript"]
    found = skills_of("Five years of Java (Spring Boot).")
    assert "Java" in found and "JavaScript" not in found


def test_c_family_tokens_are_distinct():
    found = skills_of("Languages used: C, C++, C# and Objective-C; some .NET and Node.js.")
    assert {"C", "C++", "C#", "Objective-C", ".NET", "Node.js"} <= set(found)


def test_single_letter_skills_need_a_standalone_token():
    assert "C" not in skills_of("Reported to C-level executives and the C-suite.")
    assert "R" not in skills_of("Maintained SAP R/3 modules in the R-Style language.")
    assert "R" in skills_of("Statistical models in R and Python.")


def test_aliases_map_to_canonical_names():
    found = skills_of("Used js, k8s, postgres and ML daily; also golang.")
    assert {"JavaScript", "Kubernetes", "PostgreSQL", "Machine learning", "Go"} <= set(found)


def test_english_words_are_not_read_as_tools():
    found = skills_of("Go above and beyond for clients. Excel at teamwork. React to feedback quickly.")
    assert not {"Go", "Microsoft Excel", "React"} & set(found)
    assert {"Go", "Microsoft Excel"} <= set(skills_of("Built services in Go and reports in Excel."))


def test_job_skills_are_canonicalised_and_deduplicated():
    job = job_requirements(
        title="Engineer",
        description="",
        required_skills=["postgres", "PostgreSQL", " k8s ", "Guidewire ClaimCenter"],
        nice_to_have_skills=["Kubernetes", "react"],
        min_years_experience=None,
        education_level=None,
        languages=["french", "Farsi"],
    )
    assert job.required_skills == ["PostgreSQL", "Kubernetes", "Guidewire ClaimCenter"]
    assert job.nice_to_have_skills == ["React"]  # Kubernetes is already required
    assert job.languages == ["French", "Persian"]
    assert not job.skills_derived


def test_unknown_required_skill_is_matched_literally():
    job = job_requirements(
        title="Claims systems analyst",
        description="",
        required_skills=["Guidewire ClaimCenter"],
        nice_to_have_skills=[],
        min_years_experience=None,
        education_level=None,
        languages=[],
    )
    result = score_cv(cv("Pat\nExperience\nConfigured guidewire claimcenter workflows."), job)
    (item,) = result.explanation["requirements"]
    assert item["verdict"] == "MET"
    assert "claimcenter" in item["evidence"][0]["text"].lower()


# --- parsing ---------------------------------------------------------------------------------------


def test_years_from_overlapping_ranges_are_merged():
    text = "Jan 2015 - Dec 2017\n06/2017 - 05/2019\n2019 \u2013 Present"
    # Jan 2015 .. Jan 2021 inclusive (present = January 2021) = 73 months.
    assert estimate_years(text, today=datetime.date(2021, 1, 15)) == 6.1


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2015\u20132019", 4.0),
        ("Jan 2018 - Mar 2018", 0.2),
        ("July 2011\n\nto\n\nNovember 2012", 1.4),
        ("Analyst since March 2019", 1.9),
    ],
)
def test_date_range_formats(text, years):
    assert estimate_years(text, today=datetime.date(2021, 1, 15)) == years


def test_stated_years_are_a_fallback():
    parsed = cv("Chris\nSummary\nAccountant with 12+ years of experience in audit.")
    assert parsed.years_experience == 12.0


def test_present_means_today():
    text = "Pat\nExperience\nAnalyst, Jan 2020 - Present"
    assert parse_cv(text, today=datetime.date(2021, 1, 1)).years_experience == 1.1
    assert parse_cv(text, today=datetime.date(2022, 1, 1)).years_experience == 2.1


@pytest.mark.parametrize(
    ("education", "level"),
    [
        ("PhD in Physics, 2010", "DOCTORATE"),
        ("MBA, Example Business School", "MASTER"),
        ("MSc Data Science\nBSc Mathematics", "MASTER"),
        ("B.Sc. Computer Science", "BACHELOR"),
        ("Bachelor of Arts in History", "BACHELOR"),
        ("Associate of Applied Science in Nursing", "ASSOCIATE"),
        ("High School Diploma", "HIGH_SCHOOL"),
        ("PhD candidate in Physics\nMSc Physics", "MASTER"),
        ("Certificate in first aid", None),
    ],
)
def test_education_level(education, level):
    assert cv(f"Jo\nEducation\n{education}").education_level == level


def test_sections_contacts_and_languages():
    parsed = cv(BACKEND_CV)
    assert parsed.emails == ["alex.example@example.org"]
    assert parsed.phones == ["+442079460000"]  # E.164
    assert parsed.links == [Link("github", "https://github.com/alex-example")]
    assert {"summary", "experience", "education", "skills", "languages"} <= set(parsed.sections)
    assert parsed.sections["skills"] == "Python, Django, Docker, SQL, Linux"
    assert parsed.languages == [LanguageSkill("English", "NATIVE"), LanguageSkill("German", "BASIC")]
    assert parsed.education_level == "MASTER"
    assert parsed.years_experience == 7.3  # Mar 2018 .. Jun 2025


def test_heading_synonyms_and_inline_headings():
    parsed = cv("Jo\nWORK HISTORY\nClerk, 2019 - 2021\nHighlights\nBookkeeping\nLanguages: Spanish, French")
    assert parsed.sections["experience"] == "Clerk, 2019 - 2021"
    assert parsed.sections["skills"] == "Bookkeeping"
    assert parsed.language_names == ["Spanish", "French"]


def test_food_words_are_not_languages():
    assert cv("Jo\nExperience\nCooked French fries and Spanish omelettes.").languages == []


def test_name_line_is_ignored():
    parsed = cv("Ruby Swift\nExperience\nBookkeeping for small firms.")
    assert "Ruby" not in parsed.skills and "Swift" not in parsed.skills


def test_parsed_cv_round_trips_through_json():
    parsed = cv(BACKEND_CV)
    data = json.loads(json.dumps(parsed.to_dict()))
    assert data["engineVersion"] == ENGINE_VERSION
    assert "yearsExperience" in data and "educationLevel" in data
    assert ParsedCV.from_dict(data) == parsed


def test_two_page_cv_parses_fast():
    body = "\n".join(
        f"Engineer {i}, Company {i} - Jan {2000 + i % 20} - Dec {2001 + i % 20}\n"
        f"- Built Python, SQL and Excel reports for finance teams; managed budgets and vendors."
        for i in range(40)
    )
    text = f"Jo Bloggs\nSummary\nAnalyst.\nExperience\n{body}\nEducation\nBSc Economics\nSkills\nPython, SQL"
    assert len(text) > 5000  # about two pages
    cv(text)  # warm the dictionary
    timings = []
    for i in range(5):
        start = time.perf_counter()
        cv(text + " " * i)  # defeat the per-text memo
        timings.append(time.perf_counter() - start)
    assert sorted(timings)[2] < 0.05


# --- scoring ---------------------------------------------------------------------------------------


def test_strong_cv_outranks_weak_cv():
    job = job_requirements(**BACKEND_JOB)
    strong, weak = score_cv(cv(BACKEND_CV), job), score_cv(cv(CHEF_CV), job)
    assert strong.score > weak.score + 30
    assert strong.score >= 70 and weak.score <= 30


def test_breakdown_explains_the_score():
    result = score_cv(cv(BACKEND_CV), job_requirements(**BACKEND_JOB))
    # No certifications asked for, and no embeddings given: those two components do not apply.
    applicable = set(BASE_WEIGHTS) - {"certifications", "semanticSimilarity"}
    assert set(result.breakdown) == applicable
    assert sum(c["weight"] for c in result.breakdown.values()) == pytest.approx(1.0, abs=1e-3)
    recomputed = 100 * sum(c["weight"] * c["score"] for c in result.breakdown.values())
    assert abs(recomputed - result.score) <= 1
    assert result.breakdown["requiredSkills"] | {"score": None} == {
        "score": None,
        "weight": round(BASE_WEIGHTS["requiredSkills"] / sum(BASE_WEIGHTS[k] for k in applicable), 4),
        "met": 4,
        "partial": 0,
        "total": 4,
    }
    verdicts = {i["requirement"]: i["verdict"] for i in result.explanation["requirements"]}
    assert verdicts["PostgreSQL"] == "MET" and verdicts["Go"] == "MISSING"
    assert verdicts["English"] == "MET"
    assert all(len(e["text"]) <= 160 for i in result.explanation["requirements"] for e in i["evidence"])
    assert all(i["evidence"] for i in result.explanation["requirements"] if i["match"] == "exact")
    summary = result.explanation["summary"]
    assert summary.endswith(".") and summary.count(". ") == 0
    assert any("Go" in gap["text"] for gap in result.explanation["gaps"])


def test_skill_listed_only_in_skills_section_is_partial():
    job = job_requirements(
        title="Platform engineer",
        description="",
        required_skills=["Docker", "Python"],
        nice_to_have_skills=[],
        min_years_experience=None,
        education_level=None,
        languages=[],
    )
    result = score_cv(cv(BACKEND_CV), job)
    verdicts = {i["requirement"]: i for i in result.explanation["requirements"]}
    assert verdicts["Docker"]["verdict"] == "PARTIAL"  # only under "Skills"
    assert verdicts["Docker"]["evidence"][0]["quote"] == "Docker"
    assert verdicts["Docker"]["match"] == "listed"
    assert verdicts["Python"]["verdict"] == "MET"
    assert result.breakdown["requiredSkills"]["score"] == 0.75


def test_experience_and_education_partial_credit():
    job = job_requirements(
        title="Lead",
        description="",
        required_skills=[],
        nice_to_have_skills=[],
        min_years_experience=5,
        education_level="MASTER",
        languages=["German"],
    )
    junior = cv(
        "Jo\nExperience\nAnalyst, Jan 2022 - Present\nEducation\nBachelor of Science\nLanguages\nGerman (A2)"
    )
    result = score_cv(junior, job)
    by_category = {i["category"]: i for i in result.explanation["requirements"]}
    assert by_category["experience"]["verdict"] == "PARTIAL"
    assert result.breakdown["experience"]["score"] == pytest.approx(3.5 / 5)  # Jan 2022 .. Jun 2025
    assert by_category["education"]["verdict"] == "PARTIAL"
    assert result.breakdown["education"]["score"] == 0.5
    assert by_category["language"]["verdict"] == "PARTIAL"


def test_weights_renormalise_over_applicable_components():
    job = job_requirements(
        title="Backend engineer",
        description="Build Python services.",
        required_skills=["Python"],
        nice_to_have_skills=[],
        min_years_experience=None,
        education_level=None,
        languages=[],
    )
    result = score_cv(cv(BACKEND_CV), job)
    assert set(result.breakdown) == {"requiredSkills", "textSimilarity", "titleFit"}
    total = BASE_WEIGHTS["requiredSkills"] + BASE_WEIGHTS["textSimilarity"] + BASE_WEIGHTS["titleFit"]
    for key in result.breakdown:
        assert result.breakdown[key]["weight"] == pytest.approx(BASE_WEIGHTS[key] / total, abs=1e-4)


def test_job_with_only_a_description_gets_skill_requirements():
    job = job_requirements(
        title="Data engineer",
        description="You will build pipelines in Python and SQL on AWS and schedule them with Apache Airflow.",
        required_skills=[],
        nice_to_have_skills=[],
        min_years_experience=None,
        education_level=None,
        languages=[],
    )
    assert job.skills_derived
    assert {"Python", "SQL", "Amazon Web Services", "Apache Airflow"} <= set(job.nice_to_have_skills)
    result = score_cv(cv(BACKEND_CV), job)
    assert result.breakdown["niceToHaveSkills"]["weighting"] == "specificity"
    assert {i["kind"] for i in result.explanation["requirements"]} == {"NICE_TO_HAVE"}


def test_nationality_is_not_a_language_and_does_not_score():
    job = job_requirements(**{**BACKEND_JOB, "languages": ["French"]})
    with_nationality = cv(
        BACKEND_CV.replace("Professional Summary", "Nationality: French\n\nProfessional Summary")
    )
    assert "French" not in with_nationality.language_names
    assert content(score_cv(with_nationality, job)) == content(score_cv(cv(BACKEND_CV), job))


def test_empty_inputs_do_not_crash():
    empty_job = job_requirements(
        title="",
        description="",
        required_skills=[],
        nice_to_have_skills=[],
        min_years_experience=None,
        education_level=None,
        languages=[],
    )
    result = score_cv(cv(""), empty_job)
    assert result.score == 0 and result.breakdown == {}
    assert score_cv(cv(""), job_requirements(**BACKEND_JOB)).score == 0


def test_unknown_education_level_is_rejected():
    with pytest.raises(ValueError, match="education level"):
        job_requirements(**{**BACKEND_JOB, "education_level": "wizard"})


def test_score_result_serialises_with_camel_case_keys():
    result = score_cv(cv(BACKEND_CV), job_requirements(**BACKEND_JOB))
    data = json.loads(json.dumps(result.to_dict()))
    assert set(data) == {"score", "breakdown", "explanation", "engineVersion", "inputHash"}
    assert data["engineVersion"] == ENGINE_VERSION == "0.4.0"
    assert set(data["explanation"]) == {
        "summary",
        "label",
        "requirements",
        "components",
        "strengths",
        "gaps",
        "knockOuts",
        "integrity",
    }
    assert isinstance(result, ScoreResult) and isinstance(job_requirements(**BACKEND_JOB), JobRequirements)


def test_scoring_is_deterministic():
    job = job_requirements(**BACKEND_JOB)
    first = score_cv(cv(BACKEND_CV), job).to_dict()
    analyse_cv.cache_clear()  # the memos must not change results
    cv_features.cache_clear()
    second = score_cv(parse_cv(BACKEND_CV, today=TODAY), job_requirements(**BACKEND_JOB)).to_dict()
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


# --- properties ------------------------------------------------------------------------------------

_PROTECTED_KEYS = [
    "Date of birth",
    "DOB",
    "Nationality",
    "Gender",
    "Marital status",
    "Age",
    "Religion",
    "Place of birth",
    "Address",
    "Citizenship",
]
_value = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(
        st.tuples(st.sampled_from(_PROTECTED_KEYS), st.sampled_from([": ", " - ", ":\t"]), _value),
        min_size=1,
        max_size=4,
    ),
    positions=st.lists(st.integers(min_value=0, max_value=40), min_size=4, max_size=4),
)
def test_protected_attribute_lines_do_not_change_the_score(lines, positions):
    job = job_requirements(**{**BACKEND_JOB, "languages": ["English", "French", "Spanish"]})
    base = content(score_cv(cv(BACKEND_CV), job))
    text_lines = BACKEND_CV.split("\n")
    for (key, sep, value), pos in zip(lines, positions, strict=False):
        text_lines.insert(min(pos, len(text_lines)), f"{key}{sep}{value}")
    assert content(score_cv(cv("\n".join(text_lines)), job)) == base


# Invented name parts and places: gazetteer cities and countries, US "City, ST", and places no list
# knows ("Velmora, Kastria").
_given = st.sampled_from(["Alex", "Marin", "Lea", "Jo\u00eblle", "Sanjay", "Mei", "Kwame", "Ana Sof\u00eda"])
_family = st.sampled_from(
    ["Example", "Velwick", "van der Berg", "N\u00fa\u00f1ez-Ortiz", "Okafor", "O'Brien"]
)
_place = st.one_of(
    st.sampled_from(
        [
            "Berlin, Germany",
            "London, UK",
            "Pune, India",
            "Austin, TX",
            "Lyon",
            "New York, NY 10001",
            "Madrid, Spain",
            "12 Example Street, 10115 Berlin",
        ]
    ),
    st.builds(
        lambda a, b: f"{a}, {b}",
        st.sampled_from(["Velmora", "Ostrik", "Caldera", "Brennholt"]),
        st.sampled_from(["Kastria", "Norvale", "Estmark"]),
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(given_name=_given, family=_family, place=_place, layout=st.sampled_from(["line", "own", "labelled"]))
def test_swapping_name_and_location_keeps_the_score(given_name, family, place, layout):
    """Name and location are reported but never scored: any name and place give the same result."""
    job = job_requirements(**{**BACKEND_JOB, "languages": ["English", "German", "Spanish"]})
    body = BACKEND_CV.split("\n", 2)[2]

    def with_identity(name: str, location: str) -> str:
        contacts = "alex.example@example.org | +44 20 7946 0000"
        header = {
            "line": f"{name}\n{location} | {contacts}",
            "own": f"{name}\n{contacts}\n{location}",
            "labelled": f"{name}\n{contacts}\nLocation: {location}",
        }[layout]
        return f"{header}\n{body}"

    base = cv(with_identity("Alex Example", "Leeds, UK"))
    swapped = cv(with_identity(f"{given_name} {family}", place))
    assert swapped.location == place
    assert content(score_cv(swapped, job)) == content(score_cv(base, job))


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(max_size=400),
    required=st.lists(
        st.sampled_from(["Python", "Excel", "nursing", "C", "Go", "Made-up skill"]), max_size=4
    ),
    years=st.one_of(st.none(), st.floats(min_value=0, max_value=30)),
    level=st.sampled_from([None, "HIGH_SCHOOL", "BACHELOR", "DOCTORATE"]),
)
def test_score_is_bounded_and_weights_sum_to_one(text, required, years, level):
    job = job_requirements(
        title="Role",
        description=text[:80],
        required_skills=required,
        nice_to_have_skills=["SQL"],
        min_years_experience=years,
        education_level=level,
        languages=["English"],
    )
    result = score_cv(parse_cv(text, today=TODAY), job)
    assert 0 <= result.score <= 100
    assert sum(c["weight"] for c in result.breakdown.values()) == pytest.approx(1.0, abs=1e-3)
    assert all(0.0 <= c["score"] <= 1.0 for c in result.breakdown.values())


# --- shipped data ----------------------------------------------------------------------------------


def test_skill_dictionary_is_compact_and_covers_common_skills():
    data_dir = Path(__file__).resolve().parents[2] / "scoring" / "engine" / "data"
    assert (data_dir / "skills.json").stat().st_size < 300_000
    found = set(skills_of("Excel, QuickBooks, project management, customer service, budgeting, AutoCAD"))
    assert {
        "Microsoft Excel",
        "Intuit QuickBooks",
        "Project management",
        "Customer service",
        "Budgeting",
        "AutoCAD",
    } <= found


@pytest.mark.skipif(not (ONET / "technology_skills.csv").exists(), reason="O*NET source data not available")
def test_shipped_data_matches_the_generator(tmp_path):
    from scoring.engine import build_taxonomy

    assert build_taxonomy.main(["--onet", str(ONET), "--out", str(tmp_path / "skills.json")]) == 0
    data_dir = Path(__file__).resolve().parents[2] / "scoring" / "engine" / "data"
    for name in ("skills.json", "reference.json", "titles.json"):
        assert (tmp_path / name).read_bytes() == (data_dir / name).read_bytes(), f"rebuild {name}"
