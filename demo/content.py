"""Fictional demo content and the CV files made from it (PDF, DOCX, TXT), generated on the fly.

Everyone here is invented. The files are rendered at run time so the repository ships no CV
documents; the tests use the same renderers to make their uploads.
"""

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime

from docx import Document
from fpdf import FPDF

RENDER_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def render_cv_pdf(text: str) -> bytes:
    """A one-column text PDF with a real text layer (what most CV builders produce)."""
    pdf = FPDF(format="A4")
    # A fixed date makes the same text render to the same bytes (duplicate detection, idempotency tests).
    pdf.set_creation_date(RENDER_DATE)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    for line in text.splitlines():
        # Core fonts are Latin-1 only; the demo texts are ASCII, stay safe for callers' texts too.
        safe = line.encode("latin-1", "replace").decode("latin-1")
        if safe.isupper() and safe.strip():
            pdf.set_font("Helvetica", style="B", size=12)
        else:
            pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 6, safe or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def render_cv_docx(text: str) -> bytes:
    """A DOCX with headings, paragraphs and a skills table, like an exported Word CV."""
    document = Document()
    document.core_properties.created = document.core_properties.modified = RENDER_DATE.replace(tzinfo=None)
    for line in text.splitlines():
        if line.isupper() and line.strip():
            document.add_heading(line.title(), level=2)
        elif line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render_cv(text: str, kind: str) -> bytes:
    if kind == "pdf":
        return render_cv_pdf(text)
    if kind == "docx":
        return render_cv_docx(text)
    return text.encode("utf-8")


@dataclass(frozen=True)
class DemoJob:
    title: str
    department: str
    location: str
    description: str
    required_skills: list[str]
    nice_to_have_skills: list[str]
    min_years_experience: int
    education_level: str = ""
    languages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DemoCandidate:
    full_name: str
    email: str
    kind: str  # the file type the demo uploads: pdf, docx or txt
    cv_text: str
    applies_to: tuple[int, ...]  # indexes into DEMO_JOBS


DEMO_JOBS = [
    DemoJob(
        title="Senior Backend Engineer",
        department="Engineering",
        location="Berlin, Germany (hybrid)",
        description=(
            "Northwind Robotics builds fleet software for warehouse robots. As a senior backend engineer you "
            "design and run the Python services that plan robot missions: REST APIs in Django, task queues on "
            "Celery and Redis, data in PostgreSQL. You own features end to end, review code, improve "
            "observability and mentor two junior engineers. We deploy with Docker on AWS."
        ),
        required_skills=["Python", "Django", "PostgreSQL", "REST APIs"],
        nice_to_have_skills=["Docker", "AWS", "Celery", "Redis"],
        min_years_experience=5,
        education_level="BACHELOR",
        languages=["English"],
    ),
    DemoJob(
        title="Data Analyst",
        department="Operations",
        location="Remote (EU)",
        description=(
            "Turn robot telemetry and customer data into decisions. You write SQL against our warehouse, build "
            "dashboards in Tableau, automate reports in Python and present findings to operations leads. "
            "A good analyst here is curious, careful with numbers and clear in writing."
        ),
        required_skills=["SQL", "Python", "Tableau", "Excel"],
        nice_to_have_skills=["Power BI", "Statistics", "pandas"],
        min_years_experience=2,
        education_level="BACHELOR",
        languages=["English"],
    ),
    DemoJob(
        title="Customer Success Manager",
        department="Customer Success",
        location="Lyon, France",
        description=(
            "Own the relationship with our logistics customers after go-live: onboarding, quarterly business "
            "reviews, renewals and expansion. You track accounts in Salesforce, handle escalations with "
            "support in Zendesk and turn customer feedback into product requests. French and English needed."
        ),
        required_skills=["Customer Success", "Salesforce", "Account Management"],
        nice_to_have_skills=["Zendesk", "SaaS", "Negotiation"],
        min_years_experience=3,
        languages=["English", "French"],
    ),
]

DEMO_CANDIDATES = [
    DemoCandidate(
        full_name="Mara Quillfeather",
        email="mara.quillfeather@example.com",
        kind="pdf",
        applies_to=(0,),
        cv_text="""Mara Quillfeather
mara.quillfeather@example.com | +49 30 5550 1234 | linkedin.com/in/mara-quillfeather-demo
SUMMARY
Backend engineer with seven years of Python experience building APIs and data-heavy services.
EXPERIENCE
Senior Software Engineer, Parcelwise GmbH, Berlin
March 2020 - Present
Designed REST APIs in Django and Django REST Framework serving 40 million requests a day.
Moved background work to Celery with Redis; cut p95 latency from 900 ms to 120 ms.
Tuned PostgreSQL queries and partitioned the shipments table; mentored three engineers.
Software Engineer, Tidepool Analytics, Hamburg
June 2017 - February 2020
Built Python ETL jobs and a Flask API; containerised services with Docker and deployed on AWS ECS.
EDUCATION
B.Sc. Computer Science, Technical University of Hamburg, 2017
SKILLS
Python, Django, PostgreSQL, REST APIs, Celery, Redis, Docker, AWS, Git, CI/CD
LANGUAGES
English (fluent), German (native)
""",
    ),
    DemoCandidate(
        full_name="Teodor Brightwater",
        email="teodor.brightwater@example.com",
        kind="docx",
        applies_to=(0,),
        cv_text="""Teodor Brightwater
teodor.brightwater@example.com | +44 20 7946 0000
PROFILE
Full-stack developer, mostly JavaScript, with some Python on the side.
EXPERIENCE
Web Developer, Lanternfish Studio, London
2019 - 2024
Built React and Node.js applications for retail clients; wrote Express REST APIs backed by MongoDB.
Maintained a small internal tool in Python and Flask.
EDUCATION
BA Graphic Design, University of Leeds, 2018
SKILLS
JavaScript, TypeScript, React, Node.js, MongoDB, Python, Docker
LANGUAGES
English
""",
    ),
    DemoCandidate(
        full_name="Ines Okonkwo-Lindqvist",
        email="ines.ol@example.com",
        kind="pdf",
        applies_to=(1, 0),
        cv_text="""Ines Okonkwo-Lindqvist
ines.ol@example.com | +46 8 555 010 20
SUMMARY
Data analyst who automates reporting and explains numbers to non-technical teams.
EXPERIENCE
Data Analyst, Fjordline Logistics, Stockholm
January 2021 - Present
Wrote SQL on Snowflake and PostgreSQL for weekly operations reporting.
Built Tableau dashboards used by 60 site managers; automated Excel reports with Python and pandas.
Junior Analyst, Nordic Freight AB, Gothenburg
August 2019 - December 2020
Cleaned shipment data in Excel and Power BI; ran A/B tests with basic statistics.
EDUCATION
M.Sc. Statistics, Stockholm University, 2019
SKILLS
SQL, Python, pandas, Tableau, Excel, Power BI, Statistics
LANGUAGES
English (fluent), Swedish (native)
""",
    ),
    DemoCandidate(
        full_name="Rafferty Nwosu",
        email="rafferty.nwosu@example.com",
        kind="txt",
        applies_to=(1,),
        cv_text="""Rafferty Nwosu
rafferty.nwosu@example.com
PROFILE
Marketing coordinator moving into analytics.
EXPERIENCE
Marketing Coordinator, Brightleaf Media, Dublin
2020 - 2024
Prepared campaign reports in Excel and Google Sheets; organised events and newsletters.
EDUCATION
BA Communications, Dublin City University, 2020
SKILLS
Excel, Google Analytics, Copywriting, Social Media
LANGUAGES
English
""",
    ),
    DemoCandidate(
        full_name="Solene Marchetti",
        email="solene.marchetti@example.com",
        kind="docx",
        applies_to=(2,),
        cv_text="""Solene Marchetti
solene.marchetti@example.com | +33 4 55 50 12 34
SUMMARY
Customer success manager for B2B SaaS, focused on renewals and expansion.
EXPERIENCE
Customer Success Manager, Cargoflow SAS, Lyon
April 2019 - Present
Managed a portfolio of 45 logistics accounts; ran quarterly business reviews and onboarding.
Kept renewals above 95% and negotiated expansions; tracked accounts and pipeline in Salesforce.
Worked escalations with support in Zendesk and fed customer feedback to product.
Account Manager, Rhone Telecom, Lyon
2016 - 2019
Account management for SME customers; contract negotiation.
EDUCATION
Master in Business, EM Lyon, 2016
SKILLS
Customer Success, Account Management, Salesforce, Zendesk, SaaS, Negotiation
LANGUAGES
French (native), English (fluent)
""",
    ),
    DemoCandidate(
        full_name="Ambrose Kettleby",
        email="ambrose.kettleby@example.com",
        kind="pdf",
        applies_to=(2,),
        cv_text="""Ambrose Kettleby
ambrose.kettleby@example.com
SUMMARY
Retail store supervisor with strong customer service.
EXPERIENCE
Store Supervisor, Hollybrook Garden Centre, Bristol
2018 - 2024
Supervised a team of eight; handled customer complaints and stock ordering.
EDUCATION
A-levels, Bristol Sixth Form College, 2017
SKILLS
Customer Service, Team Leadership, Cash Handling
LANGUAGES
English
""",
    ),
]
