"""Rubric extraction from a job ad, the employer's edited rubric, weights and knock-outs (engine level)."""

from __future__ import annotations

import datetime

import pytest

from scoring.engine import job_requirements, parse_cv, requirements_from_rubric, score_cv

TODAY = datetime.date(2025, 6, 1)
AD = """We are a logistics scale-up looking for a data engineer.

What you'll do
- Build batch and streaming pipelines.

Requirements
- 5+ years of experience in data engineering
- Python and SQL
- Bachelor's degree in Computer Science or a related field
- Fluent German and English (C1)
- Kafka is a plus

Nice to have
- Terraform
- AWS Certified Solutions Architect
"""
CV = """Jo Example

Summary
Data engineer with Python, SQL and Kafka pipelines.

Experience
Data Engineer, Example GmbH - Jan 2018 - Present
- Built Python and SQL pipelines on Kafka for logistics data.

Education
BSc Computer Science, 2017

Languages
German (native), English (C1)
"""


def from_ad(title: str, description: str):
    """The rubric the engine reads from an ad alone (no lists from the employer)."""
    return job_requirements(
        title=title,
        description=description,
        required_skills=[],
        nice_to_have_skills=[],
        min_years_experience=None,
        education_level=None,
        languages=[],
    )


def extracted():
    return from_ad("Data Engineer", AD)


def test_requirements_are_read_from_the_ads_sections():
    req = extracted()
    assert {"Python", "SQL"} <= set(req.required_skills)
    assert "Apache Kafka" in req.nice_to_have_skills  # "is a plus" inside the requirements list
    assert "Terraform" in req.nice_to_have_skills
    assert not req.skills_derived
    assert req.min_years_experience == 5
    assert req.education_level == "BACHELOR"
    assert req.languages == ["German", "English"]
    # Listed under "Nice to have": a nice-to-have certification, not a must-have one.
    assert (req.certifications, req.nice_to_have_certifications) == (
        [],
        ["AWS Certified Solutions Architect"],
    )
    sources = {item["id"]: item["source"] for item in req.rubric()["requirements"]}
    assert sources["skill:python"] == sources["experience"] == "description"


def test_an_ad_pasted_as_one_paragraph_keeps_its_sections():
    """Ads copied from job boards often lose their line breaks; the headings still run in."""
    flat = " ".join(
        [
            "We build ratings software for B2B firms. What You Will Be Doing: developing features in Go.",
            "Minimum Required Skills: Python, PostgreSQL, Docker.",
            "Nice To Haves - Terraform, Kubernetes.",
            "Benefits: a health plan. All qualified applicants are considered; a background check is required.",
        ]
    )
    req = from_ad("Backend Developer", flat)
    assert {"Python", "PostgreSQL", "Docker"} <= set(req.required_skills)
    assert {"Terraform", "Kubernetes"} <= set(req.nice_to_have_skills)
    assert "Go" not in req.required_skills  # named under the duties, not the requirements
    assert not req.skills_derived


def test_one_required_word_does_not_make_a_pasted_ad_all_must_haves():
    flat = (
        "Analyse ledgers with Microsoft Excel and prepare reports in SAP. "
        "A background check is required for this post."
    )
    req = from_ad("Accountant", flat)
    assert req.required_skills == []
    assert req.skills_derived and "Microsoft Excel" in req.nice_to_have_skills


def test_a_run_in_skill_list_ends_where_the_pasted_ads_prose_resumes():
    """A pasted ad runs a heading's list into the company blurb: the blurb's words are no must-haves."""
    flat = (
        "Minimum Required Skills: Python, Go, Amazon Web Services, Redis Our company is ranked on the "
        "LinkedIn Top Companies list. World renown leadership and room to grow. Must have - Strong SQL "
        "skills - Experience with RabbitMQ Nice To Haves - Experience with Docker"
    )
    req = from_ad("Backend Developer", flat)
    assert req.required_skills == ["Python", "Go", "Amazon Web Services", "Redis", "SQL", "RabbitMQ"]
    assert {"LinkedIn", "Leadership", "Docker"} <= set(req.nice_to_have_skills)


def test_an_abbreviation_does_not_end_a_run_in_list():
    flat = "Minimum Required Skills: Java, SQL, build tools e.g. Maven, Gradle Our team ships weekly."
    req = from_ad("Java Developer", flat)
    assert req.required_skills == ["Java", "SQL", "Apache Maven or Gradle"]  # examples: either will do


def test_a_run_in_section_that_opens_with_prose_runs_on():
    flat = (
        "Minimum Skills and Competencies: The requirements listed below are representative of the "
        "knowledge required. Expert in C#, JavaScript and Microsoft SQL Server."
    )
    req = from_ad("Software Developer", flat)
    assert {"C#", "JavaScript", "Microsoft SQL Server"} <= set(req.required_skills)


def test_legal_boilerplate_and_one_word_in_a_run_on_list_make_no_must_haves():
    duties = " ".join(
        ["Design and test applications with Python and Django, work with QA on test plans,"] * 6
        + ["regular attendance and punctuality are essential functions of the job"]
    )
    boilerplate = (
        "In compliance with federal law, all persons hired will be required to verify identity and "
        "eligibility to work in the United States."
    )
    req = from_ad("Developer", f"Responsibilities: {duties}. {boilerplate}")
    assert req.required_skills == []  # neither "essential" nor "required" speaks for these skills
    assert "Compliance" not in req.nice_to_have_skills and "Python" in req.nice_to_have_skills


def test_explicit_fields_win_over_the_description():
    req = job_requirements(
        title="Data Engineer",
        description=AD,
        required_skills=["Scala"],
        nice_to_have_skills=[],
        min_years_experience=2,
        education_level="MASTER",
        languages=["French"],
    )
    assert req.required_skills == ["Scala"] and req.nice_to_have_skills == []
    assert (req.min_years_experience, req.education_level, req.languages) == (2, "MASTER", ["French"])


def test_rubric_round_trips_and_its_hash_tracks_content():
    req = extracted()
    again = requirements_from_rubric(req.rubric(), title=req.title, description=req.description)
    assert again.rubric()["requirements"] == [
        {**item, "source": item["source"]} for item in req.rubric()["requirements"]
    ]
    assert again.content_hash() == req.content_hash()
    edited = req.rubric()
    edited["requirements"][0]["weight"] = 3.0
    changed = requirements_from_rubric(edited, title=req.title, description=req.description)
    assert changed.content_hash() != req.content_hash()


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"kind": "MAYBE", "category": "SKILL", "name": "Python"}, "kind"),
        ({"kind": "MUST_HAVE", "category": "HOBBY", "name": "Chess"}, "category"),
        ({"kind": "MUST_HAVE", "category": "SKILL", "name": ""}, "name"),
        ({"kind": "MUST_HAVE", "category": "SKILL", "name": "Python", "weight": 0}, "weight"),
        ({"kind": "MUST_HAVE", "category": "EXPERIENCE", "years": -1}, "years"),
        ({"kind": "MUST_HAVE", "category": "EDUCATION", "level": "wizard"}, "education level"),
    ],
)
def test_an_invalid_rubric_is_refused_with_the_item_named(item, message):
    with pytest.raises(ValueError, match=message):
        requirements_from_rubric({"requirements": [item]}, title="t", description="d")


def test_duplicate_requirements_are_refused():
    items = [
        {"kind": "MUST_HAVE", "category": "SKILL", "name": "postgres"},
        {"kind": "NICE_TO_HAVE", "category": "SKILL", "name": "PostgreSQL"},
    ]
    with pytest.raises(ValueError, match="repeats"):
        requirements_from_rubric({"requirements": items}, title="t", description="d")


def rubric_with(*items):
    return requirements_from_rubric({"requirements": list(items)}, title="Data Engineer", description="")


def test_weights_move_the_score_towards_the_heavier_requirement():
    cv = parse_cv(CV, today=TODAY)
    python = {"kind": "MUST_HAVE", "category": "SKILL", "name": "Python"}
    rust = {"kind": "MUST_HAVE", "category": "SKILL", "name": "Rust"}
    even = score_cv(cv, rubric_with(python, rust)).breakdown["requiredSkills"]["score"]
    python_heavy = score_cv(cv, rubric_with({**python, "weight": 3}, rust)).breakdown["requiredSkills"][
        "score"
    ]
    rust_heavy = score_cv(cv, rubric_with(python, {**rust, "weight": 3})).breakdown["requiredSkills"]["score"]
    assert rust_heavy < even == 0.5 < python_heavy == 0.75


def test_a_missing_knockout_caps_the_score_and_is_explained():
    cv = parse_cv(CV, today=TODAY)
    python = {"kind": "MUST_HAVE", "category": "SKILL", "name": "Python"}
    cert = {"kind": "MUST_HAVE", "category": "CERTIFICATION", "name": "CISSP"}
    free = score_cv(cv, rubric_with(python, cert))
    capped = score_cv(cv, rubric_with(python, {**cert, "knockout": True}))
    assert free.score > 35 and capped.score == 35
    assert capped.explanation["knockOuts"] == [
        {"requirementId": "certification:cissp", "requirement": "CISSP"}
    ]
    assert "knock-out" in capped.explanation["summary"]


def test_certifications_are_matched_with_their_aliases():
    cv = parse_cv(CV + "\nCertifications\nProject Management Professional (2020)\n", today=TODAY)
    result = score_cv(cv, rubric_with({"kind": "MUST_HAVE", "category": "CERTIFICATION", "name": "PMP"}))
    (item,) = result.explanation["requirements"]
    assert item["verdict"] == "MET" and item["evidence"][0]["quote"] == "Project Management Professional"


# -- alternatives: a requirement any one of several skills meets ---------------------------------------
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Experience implementing REST APIs using PHP, Python or Go",
            [("REST APIs",), ("PHP", "Python", "Go")],
        ),
        ("Experience with messaging frameworks such as RabbitMQ, Redis", [("RabbitMQ", "Redis")]),
        ("Relational databases, especially MySQL and/or PostgreSQL", [("MySQL", "PostgreSQL")]),
        ("Strong Python, Java and Docker skills", [("Python",), ("Java",), ("Docker",)]),
        ("Five years of Python or Java, and AWS", [("Python", "Java"), ("Amazon Web Services",)]),
        (
            "Comfortable in one of: Python, Perl, PHP and a second language: one of the above or C++, Java",
            [("Python", "Perl", "PHP"), ("Python", "Perl", "PHP", "C++", "Java")],
        ),
    ],
)
def test_a_list_the_ad_offers_as_alternatives_is_one_requirement(sentence, expected):
    from scoring.engine._rubric import skill_requirements

    assert skill_requirements(sentence) == expected


def test_any_one_alternative_meets_the_requirement_and_says_which():
    req = from_ad(
        "Backend Developer", "Requirements:\n- Three years building APIs in PHP, Python or Go\n- SQL"
    )
    assert req.required_skills == ["PHP, Python or Go", "SQL"]
    (group,) = [r for r in req.rubric()["requirements"] if r["name"] == "PHP, Python or Go"]
    assert group["anyOf"] == ["PHP", "Python", "Go"] and group["id"] == "skill:php-python-or-go"

    result = score_cv(parse_cv(CV, today=TODAY), req)  # the CV shows Python and SQL, neither PHP nor Go
    item = next(i for i in result.explanation["requirements"] if i["requirement"] == "PHP, Python or Go")
    assert item["verdict"] == "MET" and item["anyOf"] == ["PHP", "Python", "Go"]
    assert item["evidence"][0]["quote"] == "Python" and item["note"].startswith(
        "Python, one of the alternatives"
    )
    assert result.breakdown["requiredSkills"]["score"] == 1.0


def test_alternatives_all_missing_are_one_gap():
    req = from_ad("Backend Developer", "Requirements:\n- COBOL or Fortran\n- SQL")
    result = score_cv(parse_cv(CV, today=TODAY), req)
    item = next(i for i in result.explanation["requirements"] if i["requirement"] == "COBOL or Fortran")
    assert (item["verdict"], item["evidence"], item["note"]) == ("MISSING", [], None)
    assert {
        "requirementId": item["id"],
        "text": "No evidence of any of COBOL or Fortran",
    } in result.explanation["gaps"]
    assert result.breakdown["requiredSkills"]["score"] == 0.5


def test_an_employer_can_type_alternatives_or_list_them_in_the_rubric():
    typed = job_requirements(
        title="Backend Developer",
        description="",
        required_skills=["python or golang", "Rust | banana bread", "Kotlin, Ruby, or Swift", "Java, Spring"],
        nice_to_have_skills=[],
        min_years_experience=None,
        education_level=None,
        languages=[],
    )
    # Only known skills make alternatives; anything else stays as typed.
    # A comma alone lists skills that are all wanted; it makes no choice.
    assert typed.required_skills == [
        "Python or Go",
        "Rust | banana bread",
        "Kotlin, Ruby or Swift",
        "Java, Spring",
    ]
    assert typed.alternatives == {
        "Python or Go": ("Python", "Go"),
        "Kotlin, Ruby or Swift": ("Kotlin", "Ruby", "Swift"),
    }

    edited = rubric_with({"kind": "MUST_HAVE", "category": "SKILL", "anyOf": ["postgres", "mysql"]})
    assert edited.required_skills == ["PostgreSQL or MySQL"]
    again = requirements_from_rubric(edited.rubric(), title=edited.title, description="")
    assert again.content_hash() == edited.content_hash()
    for bad in (["Python"], "Python", ["Python", ""], ["Python", 3]):
        with pytest.raises(ValueError, match="anyOf"):
            rubric_with({"kind": "MUST_HAVE", "category": "SKILL", "anyOf": bad})


def test_a_candidate_missing_every_alternative_is_told_any_one_will_do():
    from candidates.explanations import candidate_explanation

    req = from_ad("Backend Developer", "Requirements:\n- COBOL or Fortran\n- SQL")
    explanation = score_cv(parse_cv(CV, today=TODAY), req).explanation
    advice = candidate_explanation(explanation)["how_to_improve"]
    assert "The job asks for one of COBOL or Fortran. If you have used any of them, mention where." in advice


# -- related skills: a skill of the same family is transferable, not the same ------------------------
def test_every_family_member_is_a_dictionary_skill():
    from scoring.engine._related import SKILL_FAMILIES
    from scoring.engine._taxonomy import load_taxonomy

    known = load_taxonomy().skills
    assert all(len(members) >= 2 for members in SKILL_FAMILIES.values())
    assert [m for members in SKILL_FAMILIES.values() for m in members if m not in known] == []


RELATED_CV = """Sam Example

Experience
Backend Developer, Example Ltd - Jan 2019 - Present
- Built billing services in Java on MySQL.

Skills
Kotlin, Jira
"""


@pytest.mark.parametrize(
    ("asked", "verdict", "strength", "quote", "note"),
    [
        ("PostgreSQL", "PARTIAL", 0.4, "MySQL", "Not named; MySQL is related (relational databases)"),
        (
            "C#",
            "PARTIAL",
            0.4,
            "Java",
            "Not named; Java is related (object-oriented languages on a managed runtime)",
        ),
        ("Asana", "PARTIAL", 0.25, "Jira", "Not named; Atlassian JIRA is related (project tracking tools)"),
        ("Java", "MET", 1.0, "Java", None),  # named: the skill itself, not its family
        ("Terraform", "MISSING", 0.0, None, None),
    ],
)
def test_a_related_skill_is_partial_evidence_and_says_what_was_traded(asked, verdict, strength, quote, note):
    result = score_cv(
        parse_cv(RELATED_CV, today=TODAY),
        rubric_with({"kind": "MUST_HAVE", "category": "SKILL", "name": asked}),
    )
    (item,) = result.explanation["requirements"]
    assert (item["verdict"], item["strength"], item["note"]) == (verdict, strength, note)
    assert [e["quote"] for e in item["evidence"]][:1] == ([quote] if quote else [])
    if verdict == "PARTIAL":
        assert item["match"] == "related"


def test_alternatives_met_only_through_a_relative_say_so():
    req = from_ad("Backend Developer", "Requirements:\n- PHP or Ruby")
    result = score_cv(parse_cv(RELATED_CV.replace("Java", "Python"), today=TODAY), req)
    item = next(i for i in result.explanation["requirements"] if i["requirement"] == "PHP or Ruby")
    assert (item["verdict"], item["match"], item["strength"]) == ("PARTIAL", "related", 0.4)
    assert item["note"] == "None of them named; Python is related to PHP (dynamic scripting languages)"


def test_a_nice_to_have_certification_counts_with_the_nice_to_haves():
    ad = "Requirements:\n- Python\n- CISSP certification\n\nNice to have:\n- Docker\n- PMP"
    req = from_ad("Security Engineer", ad)
    assert (req.certifications, req.nice_to_have_certifications) == (["CISSP"], ["PMP"])
    kinds = {r["name"]: r["kind"] for r in req.rubric()["requirements"] if r["category"] == "CERTIFICATION"}
    assert kinds == {"CISSP": "MUST_HAVE", "PMP": "NICE_TO_HAVE"}
    again = requirements_from_rubric(req.rubric(), title=req.title, description=req.description)
    assert again.nice_to_have_certifications == ["PMP"] and again.content_hash() == req.content_hash()

    cv = parse_cv(CV + "\nCertifications\nPMP (2021)\n", today=TODAY)  # Python, no Docker, no CISSP
    result = score_cv(cv, req)
    assert result.breakdown["certifications"]["score"] == 0.0  # the must-have one only
    nice = result.breakdown["niceToHaveSkills"]  # Docker, "Project management" (read from PMP) and PMP
    assert (nice["met"], nice["total"]) == (2, len(req.nice_to_have_skills) + 1)
    pmp = next(i for i in result.explanation["requirements"] if i["requirement"] == "PMP")
    assert (pmp["kind"], pmp["verdict"], pmp["evidence"][0]["quote"]) == ("NICE_TO_HAVE", "MET", "PMP")
    gaps = [g["text"] for g in result.explanation["gaps"]]
    assert "No evidence of CISSP" in gaps


def test_a_choice_of_certifications_is_one_requirement():
    ad = "Requirements:\n- Must have a DoD 8570 baseline certification: CISSP, Security+ (or obtain it), etc.\n- PMP"
    req = from_ad("Security Engineer", ad)
    assert req.certifications == ["CISSP or CompTIA Security+", "PMP"]
    (choice,) = [r for r in req.rubric()["requirements"] if r["name"] == "CISSP or CompTIA Security+"]
    assert (choice["category"], choice["anyOf"]) == ("CERTIFICATION", ["CISSP", "CompTIA Security+"])

    cv = parse_cv(CV + "\nCertifications\nCompTIA Security+ (2022)\n", today=TODAY)
    result = score_cv(cv, req)
    item = next(
        i for i in result.explanation["requirements"] if i["requirement"] == "CISSP or CompTIA Security+"
    )
    assert (item["verdict"], item["note"], item["evidence"][0]["quote"]) == (
        "MET", "CompTIA Security+, one of the alternatives", "CompTIA Security+",
    )  # fmt: skip
    assert result.breakdown["certifications"]["score"] == 0.5  # PMP is missing

    edited = rubric_with({"kind": "MUST_HAVE", "category": "CERTIFICATION", "anyOf": ["PMP", "PRINCE2"]})
    assert edited.certifications == ["PMP or PRINCE2"] and edited.alternatives["PMP or PRINCE2"] == (
        "PMP",
        "PRINCE2",
    )


def test_related_evidence_does_not_lift_a_knockout():
    postgres = {"kind": "MUST_HAVE", "category": "SKILL", "name": "PostgreSQL"}
    cv = parse_cv(RELATED_CV, today=TODAY)  # MySQL in use, no PostgreSQL
    java = {"kind": "MUST_HAVE", "category": "SKILL", "name": "Java"}
    free = score_cv(cv, rubric_with(java, postgres))
    capped = score_cv(cv, rubric_with(java, {**postgres, "knockout": True}))
    item = capped.explanation["requirements"][1]
    assert item["match"] == "related" and free.score > 35 and capped.score == 35
    assert capped.explanation["knockOuts"] == [
        {"requirementId": "skill:postgresql", "requirement": "PostgreSQL"}
    ]


def test_the_candidates_advice_tells_a_related_skill_from_a_listed_one():
    from candidates.explanations import candidate_explanation

    asks = [{"kind": "MUST_HAVE", "category": "SKILL", "name": n} for n in ("PostgreSQL", "Kotlin")]
    asks.append({"kind": "MUST_HAVE", "category": "SKILL", "anyOf": ["Swift", "Kotlin"]})
    explanation = score_cv(parse_cv(RELATED_CV, today=TODAY), rubric_with(*asks)).explanation
    advice = candidate_explanation(explanation)["how_to_improve"]
    assert advice == [
        "The job asks for PostgreSQL; your CV shows related experience. If you have used it itself, mention where.",
        "The job asks for Kotlin, and your skills list names it, but no described piece of work does. "
        "If you have used it, say where and for what, in your experience or projects.",
        "The job asks for one of Swift or Kotlin, and your skills list names one of them, but no described "
        "piece of work does. If you have used one of them, say where and for what, in your experience or projects.",
    ]


def test_an_inline_verdict_speaks_for_its_own_clause():
    ad = "Skills required: Python, Java; C++ is optional.\nAbout us:\nA background check is required; our team uses Go."
    req = from_ad("Developer", ad)
    assert req.required_skills == ["Python", "Java"]
    assert {"C++", "Go"} <= set(req.nice_to_have_skills)
