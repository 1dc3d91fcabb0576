"""Invented vocabulary for the synthetic CVs: professions, skills, sentences, places, name syllables.

Every skill a CV mentions is *declared* here next to the text that mentions it, and the ground truth is
built from those declarations, never by running the engine's matcher over the generated text.  Skill
slots ``{s}`` in sentences take a surface form of one of the CV's skills; the rest of each sentence is
written to name no dictionary skill (``tests/scoring/test_synthetic.py`` checks every fragment against
the shipped dictionary, so a sentence that accidentally names a skill fails the tests instead of
silently lowering the benchmark's precision).

People, employers and schools are invented from syllables; cities and countries are real places.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SkillForm:
    """A skill by its canonical dictionary name and the ways CVs write it.

    ``kind`` is "tool" (a product, language or platform) or "practice" (an activity or method), so that
    sentence slots ``{tool}`` and ``{practice}`` read naturally.
    """

    canonical: str
    surfaces: tuple[str, ...]
    kind: str = "practice"


@dataclass(frozen=True)
class Titled:
    """A text (job title, degree subject, certificate) and the skills it names."""

    text: str
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profession:
    """Everything needed to write a CV of one profession."""

    key: str
    titles: tuple[Titled, ...]  # junior to senior
    skills: tuple[SkillForm, ...]
    bullets: tuple[Titled, ...]  # "{tool}"/"{practice}"/"{s}" = a skill surface, "{n}" = a number
    summaries: tuple[Titled, ...]  # "{years}" = years, "{tool}"/"{practice}"/"{s}" = a skill surface
    degrees: tuple[tuple[str, Titled], ...]  # (level, subject)
    certificates: tuple[Titled, ...]
    employer_words: tuple[str, ...]


def _s(canonical: str, *surfaces: str) -> SkillForm:
    return SkillForm(canonical, surfaces or (canonical,))


def _tool(canonical: str, *surfaces: str) -> SkillForm:
    return SkillForm(canonical, surfaces or (canonical,), "tool")


def _t(text: str, *skills: str) -> Titled:
    return Titled(text, skills)


# fmt: off
PROFESSIONS: tuple[Profession, ...] = (
    Profession(
        key="software",
        titles=(Titled("Junior Developer"), Titled("Software Developer"), Titled("Backend Developer", ("Web development",)),
                Titled("Software Engineer"), Titled("Full Stack Developer", ("Web development",)), Titled("Senior Software Engineer"),
                Titled("Lead Engineer"), Titled("Staff Engineer")),
        skills=(
            _tool("Python", "Python"), _tool("Java", "Java"), _tool("JavaScript", "JavaScript", "JS"),
            _tool("TypeScript"), _tool("Go", "Go", "Golang"), _tool("Docker"), _tool("Kubernetes", "Kubernetes", "K8s"),
            _tool("PostgreSQL", "PostgreSQL", "Postgres"), _tool("MySQL"), _tool("MongoDB"), _tool("Redis"),
            _tool("React", "React", "React.js"), _tool("Angular"), _tool("Node.js", "Node.js", "NodeJS"),
            _tool("Django"), _tool("Flask"), _tool("Spring Boot"), _tool("Amazon Web Services", "AWS", "Amazon Web Services"),
            _tool("Microsoft Azure", "Azure", "Microsoft Azure"), _tool("Terraform"), _tool("Git"), _tool("Jenkins"),
            _s("CI/CD"), _s("REST APIs", "REST APIs", "RESTful APIs"), _tool("GraphQL"), _tool("Linux"),
            _s("Microservices", "microservices"), _tool("Apache Kafka", "Kafka", "Apache Kafka"), _tool("C#"),
            _tool(".NET"), _tool("SQL"), _tool("Atlassian JIRA", "Jira"), _s("Scrum"), _tool("pytest"),
            _s("Unit testing", "unit testing"),
        ),
        bullets=(
            _t("Built {tool} services that handle {n} million requests a day with low latency."),
            _t("Moved the nightly jobs from cron scripts to {tool}, cutting failed runs by {n}%."),
            _t("Designed the public {practice} used by {n} partner teams and wrote its reference pages."),
            _t("Led the move of the monolith to {practice} on {tool}, with zero downtime for customers."),
            _t("Cut page load time by {n}% by rewriting the checkout pages in {tool}."),
            _t("Introduced {practice} and code review rules, reducing production incidents by {n}%."),
            _t("Mentored {n} junior developers through pairing sessions and weekly reviews."),
            _t("Wrote the billing engine in {tool} and kept it under {n} ms per request."),
            _t("Replaced a legacy queue with {tool}, which now moves {n} thousand messages per minute."),
            _t("Worked with product owners to plan quarterly roadmaps and estimate delivery."),
        ),
        summaries=(
            _t("Software engineer with {years} years of experience building reliable web platforms in {tool}."),
            _t("Developer who enjoys clean code, fast feedback and calm on-call rotations; {years} years in the trade."),
            _t("Backend specialist with {years} years of shipping {tool} services to millions of users.", "Web development"),
        ),
        degrees=(
            ("BACHELOR", Titled("Computer Science")), ("BACHELOR", Titled("Software Engineering", ("Software development",))),
            ("MASTER", Titled("Computer Science")), ("BACHELOR", Titled("Information Systems")),
        ),
        certificates=(
            Titled("AWS Certified Solutions Architect - Associate", ("Amazon Web Services",)),
            Titled("Certified Kubernetes Administrator (CKA)", ("Kubernetes",)),
            Titled("Professional Scrum Master I (PSM I)", ("Scrum",)),
        ),
        employer_words=("Software", "Labs", "Digital", "Technologies", "Apps"),
    ),
    Profession(
        key="data",
        titles=(Titled("Junior Data Analyst", ("Data analysis",)), Titled("Data Analyst", ("Data analysis",)), Titled("BI Developer"),
                Titled("Analytics Consultant", ("Management consulting",)), Titled("Senior Data Analyst", ("Data analysis",)),
                Titled("Lead Data Scientist", ("Data science",)), Titled("Data Scientist", ("Data science",))),
        skills=(
            _tool("Python"), _tool("SQL"), _tool("pandas", "pandas", "Pandas"), _tool("NumPy"), _tool("scikit-learn"),
            _tool("TensorFlow"), _tool("PyTorch"), _s("Machine learning", "machine learning", "ML"),
            _tool("Tableau"), _tool("Power BI", "Power BI", "Microsoft Power BI"), _tool("Apache Spark", "Spark", "Apache Spark"),
            _tool("Apache Airflow", "Apache Airflow"), _s("Statistics", "statistics", "statistical analysis"),
            _s("Data visualization", "data visualisation", "data visualization"), _s("Deep learning", "deep learning"),
            _s("Natural language processing", "natural language processing", "NLP"), _tool("R"), _tool("Snowflake"),
            _tool("Looker"), _s("A/B testing"), _tool("Microsoft Excel", "Excel", "Microsoft Excel"),
            _s("Data engineering", "ETL", "data engineering"), _tool("Amazon Web Services", "AWS"),
        ),
        bullets=(
            _t("Built churn models in {tool} that raised retention offers' hit rate by {n}%."),
            _t("Automated the weekly revenue report with {tool} and {tool}, saving {n} hours a week."),
            _t("Built weekly reports in {tool} read daily by {n} store managers."),
            _t("Ran {n} experiments with {practice} and presented the results to the executive board."),
            _t("Cleaned and joined {n} source tables with {tool} into one trusted model of orders."),
            _t("Trained a demand model with {tool}; stock-outs fell by {n}% in the pilot region."),
            _t("Explained model results to non-technical colleagues in plain words and simple charts."),
            _t("Scheduled {n} daily pipelines in {tool} and documented their owners and checks."),
        ),
        summaries=(
            _t("Data analyst with {years} years of turning messy tables into decisions, mostly with {tool}.", "Data analysis"),
            _t("Curious, numerate and patient; {years} years of questions answered with data."),
        ),
        degrees=(
            ("BACHELOR", Titled("Mathematics")), ("MASTER", Titled("Data Science", ("Data science",))),
            ("BACHELOR", Titled("Economics")), ("DOCTORATE", Titled("Applied Mathematics")),
            ("MASTER", Titled("Econometrics")),
        ),
        certificates=(
            Titled("Tableau Desktop Specialist", ("Tableau",)),
            Titled("Microsoft Certified: Power BI Data Analyst Associate", ("Power BI", "Data analysis")),
        ),
        employer_words=("Analytics", "Insights", "Data", "Metrics"),
    ),
    Profession(
        key="finance",
        titles=(Titled("Accounts Assistant"), Titled("Junior Accountant", ("Accounting",)),
                Titled("Accountant", ("Accounting",)), Titled("Senior Accountant", ("Accounting",)),
                Titled("Financial Analyst", ("Financial analysis",)), Titled("Finance Manager"),
                Titled("Financial Controller")),
        skills=(
            _tool("Microsoft Excel", "Excel", "MS Excel", "Microsoft Excel"), _tool("SAP"), _tool("Oracle NetSuite", "NetSuite"),
            _tool("Xero"), _tool("Intuit QuickBooks", "QuickBooks"), _s("Financial reporting", "financial reporting", "financial statements"),
            _s("Budgeting", "budgeting", "budgets"), _s("Forecasting", "forecasting"), _s("Auditing", "audit", "audits"),
            _s("Tax preparation", "tax returns", "tax compliance"), _s("Payroll", "payroll"),
            _s("Accounts payable", "accounts payable"), _s("Accounts receivable", "accounts receivable"),
            _s("General ledger", "general ledger", "journal entries"), _s("Account reconciliation", "bank reconciliations", "reconciliations"),
            _s("Financial analysis", "variance analysis"), _s("Financial modeling", "financial modelling", "financial models"),
            _tool("VBA"), _tool("Power BI"), _s("Risk management", "risk management"), _s("Compliance", "regulatory compliance"),
        ),
        bullets=(
            _t("Closed the monthly books in {n} working days, including {practice} and {practice}."),
            _t("Prepared quarterly {practice} for the board of a group with {n} entities."),
            _t("Cut late supplier payments by {n}% after redesigning {practice} approvals."),
            _t("Built {practice} in {tool} that the commercial director now uses for every pricing decision."),
            _t("Led the year-end {practice} with external auditors; no material findings for {n} years."),
            _t("Handled {practice} for {n} employees across three countries."),
            _t("Introduced {tool}, replacing spreadsheets passed around by e-mail."),
            _t("Answered finance questions from department heads and kept cost centres tidy."),
        ),
        summaries=(
            _t("Chartered accountant with {years} years in month-end close, {practice} and group reporting.", "Accounting"),
            _t("Finance professional with {years} years of keeping numbers right and deadlines met."),
        ),
        degrees=(
            ("BACHELOR", Titled("Accounting and Finance", ("Accounting",))), ("BACHELOR", Titled("Economics")),
            ("MASTER", Titled("Finance")), ("MASTER", Titled("Business Administration")),
        ),
        certificates=(
            Titled("ACCA Affiliate"), Titled("Certified Management Accountant (CMA)", ("Accounting",)),
            Titled("CPA, State Board of Accountancy"),
        ),
        employer_words=("Partners", "Capital", "Holdings", "Finance", "Group"),
    ),
    Profession(
        key="sales",
        titles=(Titled("Sales Assistant", ("Sales",)), Titled("Sales Representative", ("Sales",)),
                Titled("Inside Sales Executive", ("Sales",)), Titled("Account Executive"),
                Titled("Key Account Manager", ("Account management",)), Titled("Regional Sales Manager", ("Sales",)),
                Titled("Head of Sales", ("Sales",))),
        skills=(
            _tool("Salesforce"), _tool("HubSpot"), _tool("CRM", "CRM", "customer relationship management"),
            _s("Lead generation", "lead generation", "prospecting", "cold calling"), _s("Negotiation", "negotiation", "contract negotiation"),
            _s("Account management", "account management", "key account management"), _s("Business development", "business development"),
            _s("Customer service", "customer service", "customer care"), _tool("Microsoft PowerPoint", "PowerPoint"),
            _tool("Microsoft Excel", "Excel"), _tool("Microsoft Dynamics", "Dynamics 365"), _s("Market research", "market research"),
            _s("Digital marketing", "email marketing", "digital marketing"), _s("Public speaking", "presentations"),
        ),
        bullets=(
            _t("Grew the territory from {n} to {n} active accounts in two years."),
            _t("Beat the annual quota by {n}% through steady {practice} and careful follow-up."),
            _t("Kept every deal and contact up to date in {tool}; the quarterly outlook became {n}% more accurate."),
            _t("Closed the largest order of the year after a {n}-month {practice} with a supermarket group."),
            _t("Trained {n} new hires on product demos and {practice}."),
            _t("Won back {n} lapsed clients with a tailored {practice} plan."),
            _t("Worked with the warehouse team so that orders shipped on the promised day."),
        ),
        summaries=(
            _t("Sales professional with {years} years of new business and {practice} in competitive markets.", "Sales"),
            _t("Energetic seller with {years} years of targets met; known for honest advice and quick replies."),
        ),
        degrees=(
            ("BACHELOR", Titled("Business Administration")), ("ASSOCIATE", Titled("Business")),
            ("HIGH_SCHOOL", Titled("")), ("BACHELOR", Titled("Communication Studies", ("Communication",))),
        ),
        certificates=(Titled("Salesforce Certified Administrator", ("Salesforce",)), Titled("HubSpot Inbound Certificate", ("HubSpot",))),
        employer_words=("Trading", "Supplies", "Merchants", "Wholesale"),
    ),
    Profession(
        key="nursing",
        titles=(Titled("Healthcare Assistant"), Titled("Staff Nurse", ("Nursing",)),
                Titled("Registered Nurse", ("Nursing",)), Titled("Charge Nurse", ("Nursing",)),
                Titled("Clinical Nurse Specialist", ("Nursing",)), Titled("Ward Manager")),
        skills=(
            _s("Patient care", "patient care", "patient education"), _s("Medication administration", "medication administration"),
            _s("CPR", "CPR", "BLS", "Basic Life Support"), _tool("Electronic health records", "electronic health records", "EHR", "EMR"),
            _tool("Epic Systems", "Epic"), _tool("Cerner"), _s("Vital signs", "vital signs"),
            _s("Clinical documentation", "charting", "care plans"), _s("Phlebotomy", "phlebotomy", "venipuncture"),
            _s("HIPAA"), _s("Medical terminology", "medical terminology"), _s("Case management", "case management"),
        ),
        bullets=(
            _t("Cared for up to {n} patients per shift on a busy surgical ward, with a focus on {practice}."),
            _t("Monitored {practice} and escalated early warning scores to the on-call doctor."),
            _t("Led safe {practice} rounds and checked controlled drugs with a second nurse.", "Nursing"),
            _t("Kept accurate {practice} in {tool} for every admission and discharge."),
            _t("Taught {n} student nurses how to do {practice} safely.", "Nursing"),
            _t("Took part in the ward's falls prevention group, which cut falls by {n}%."),
            _t("Supported families through difficult news with patience and kindness."),
        ),
        summaries=(
            _t("Compassionate nurse with {years} years on acute wards and a steady hand in {practice}.", "Nursing"),
            _t("Calm, organised ward nurse; {years} years of shifts, night rotas and grateful patients.", "Nursing"),
        ),
        degrees=(
            ("BACHELOR", Titled("Nursing", ("Nursing",))), ("ASSOCIATE", Titled("Nursing", ("Nursing",))),
            ("MASTER", Titled("Nursing", ("Nursing",))), ("BACHELOR", Titled("Health Sciences")),
        ),
        certificates=(
            Titled("Advanced Life Support Provider", ()), Titled("Tissue Viability Link Nurse", ("Nursing",)),
            Titled("Registered with the Nursing Council", ("Nursing",)),
        ),
        employer_words=("Hospital", "Clinic", "Care Centre", "Medical Centre", "Health Trust"),
    ),
    Profession(
        key="hr",
        titles=(Titled("HR Assistant", ("Human resources",)), Titled("Recruitment Coordinator", ("Recruiting",)),
                Titled("Talent Acquisition Specialist", ("Recruiting",)), Titled("HR Generalist", ("Human resources",)),
                Titled("People Partner"), Titled("HR Business Partner", ("Human resources",)),
                Titled("Head of People")),
        skills=(
            _s("Recruiting", "recruitment", "recruiting", "talent acquisition"), _s("Onboarding", "onboarding"),
            _tool("Applicant tracking systems", "applicant tracking systems", "ATS"), _tool("Human resources", "HRIS"),
            _s("Employee relations", "employee relations"), _s("Compensation and benefits", "compensation and benefits", "benefits administration"),
            _s("Performance management", "performance management", "performance reviews"),
            _s("Training and development", "training and development", "coaching", "mentoring"),
            _tool("Workday"), _tool("ADP"), _s("Payroll", "payroll"), _tool("Microsoft Excel", "Excel"),
            _s("Change management", "change management"),
        ),
        bullets=(
            _t("Filled {n} roles a year across engineering and operations using {tool}."),
            _t("Rebuilt the {practice} journey; new joiners now rate their first month {n}/10."),
            _t("Advised managers on {practice} cases and kept every case file complete."),
            _t("Moved people records to {tool} and trained {n} managers to use it."),
            _t("Ran the yearly {practice} cycle for {n} staff in four offices."),
            _t("Designed the graduate programme with the heads of department."),
            _t("Shortened time to hire from {n} to 24 days by cleaning up the interview steps."),
        ),
        summaries=(
            _t("People professional with {years} years in {practice} and employee relations.", "Employee relations"),
            _t("HR generalist with {years} years of helping managers hire well and treat people fairly.", "Human resources"),
        ),
        degrees=(
            ("BACHELOR", Titled("Psychology")), ("MASTER", Titled("Human Resource Management", ("Human resources",))),
            ("BACHELOR", Titled("Business Administration")), ("BACHELOR", Titled("Sociology")),
        ),
        certificates=(Titled("CIPD Level 5 Associate Diploma"), Titled("SHRM Certified Professional (SHRM-CP)")),
        employer_words=("People", "Staffing", "Group", "Services"),
    ),
    Profession(
        key="teaching",
        titles=(Titled("Teaching Assistant", ("Teaching",)), Titled("Primary Teacher", ("Teaching",)),
                Titled("Secondary School Teacher", ("Teaching",)), Titled("Mathematics Teacher", ("Teaching",)),
                Titled("English Teacher", ("Teaching",)), Titled("Head of Year"), Titled("Deputy Head Teacher", ("Teaching",))),
        skills=(
            _s("Lesson planning", "lesson planning", "lesson plans"), _s("Classroom management", "classroom management"),
            _s("Curriculum development", "curriculum development", "curriculum design"), _s("Special education", "special education", "IEPs"),
            _tool("Google Classroom"), _tool("Moodle"), _tool("Microsoft Office", "Microsoft Office", "MS Office"),
            _s("Child care", "early childhood education"), _s("Training and development", "mentoring", "coaching"),
            _tool("Microsoft PowerPoint", "PowerPoint"), _s("Public speaking", "presentations"),
        ),
        bullets=(
            _t("Taught {n} classes a week to pupils aged 11 to 16 with careful {practice}."),
            _t("Raised the share of pupils meeting the expected standard by {n}% through clear {practice}."),
            _t("Moved homework and marking to {tool} for the whole department."),
            _t("Worked with parents and carers on {practice} for {n} pupils."),
            _t("Ran the after-school science club for {n} pupils each term."),
            _t("Led {practice} for {n} newly qualified colleagues."),
            _t("Organised the school trip to the coast for three year groups."),
        ),
        summaries=(
            _t("Dedicated teacher with {years} years in state schools and a love of {practice}.", "Teaching"),
            _t("Patient, creative classroom teacher; {years} years of helping pupils enjoy learning.", "Teaching"),
        ),
        degrees=(
            ("BACHELOR", Titled("Education")), ("MASTER", Titled("Education")), ("BACHELOR", Titled("English Literature")),
            ("BACHELOR", Titled("Mathematics")), ("BACHELOR", Titled("History")),
        ),
        certificates=(Titled("Qualified Teacher Status (QTS)", ("Teaching",)), Titled("Safeguarding Level 2"), Titled("First Aid at Work", ("CPR",))),
        employer_words=("Academy", "Primary School", "High School", "Grammar School", "Learning Trust"),
    ),
    Profession(
        key="construction",
        titles=(Titled("Site Assistant"), Titled("Assistant Site Manager"), Titled("Site Engineer"),
                Titled("Site Manager"), Titled("Project Manager", ("Project management",)),
                Titled("Construction Manager", ("Construction management",)), Titled("Contracts Manager", ("Contract law",))),
        skills=(
            _s("Construction management", "construction management", "site management"), _s("Blueprint reading", "blueprint reading", "construction drawings"),
            _s("Cost estimating", "cost estimating", "estimating"), _s("Occupational safety", "health and safety", "OSHA", "site safety compliance"),
            _tool("AutoCAD"), _tool("Autodesk Revit", "Revit"), _tool("Procore"), _tool("Primavera P6", "Primavera P6", "Primavera"),
            _s("Project management", "project management", "project planning"), _s("Scheduling", "scheduling"),
            _s("Quality control", "quality control"), _tool("Microsoft Project", "MS Project"), _s("Budgeting", "budgets", "budget control"),
            _s("Negotiation", "negotiation"),
        ),
        bullets=(
            _t("Ran a {n}-storey residential site with {n} trades on site at peak."),
            _t("Handed over {n} homes on time after tightening {practice} and daily briefings."),
            _t("Kept the programme in {tool} and reported progress to the client every week."),
            _t("Checked construction drawings against the work on site and raised queries with the architects.", "Blueprint reading"),
            _t("Led {practice} for groundworks and steel frame packages worth {n} million."),
            _t("Reduced reportable accidents to zero over {n} months through strict {practice}."),
            _t("Coordinated deliveries, cranes and road closures with the local council."),
        ),
        summaries=(
            _t("Construction professional with {years} years of delivering homes and schools safely, on time and within budget.", "Budgeting"),
            _t("Hands-on builder turned manager; {years} years on sites from groundworks to handover."),
        ),
        degrees=(
            ("BACHELOR", Titled("Civil Engineering", ("Civil engineering",))), ("ASSOCIATE", Titled("Construction Technology")),
            ("HIGH_SCHOOL", Titled("")), ("BACHELOR", Titled("Building Surveying")),
        ),
        certificates=(Titled("SMSTS Site Management Safety Training Scheme", ("Construction management",)), Titled("CSCS Black Card"),
                      Titled("OSHA 30-Hour Construction", ("Occupational safety",))),
        employer_words=("Builders", "Construction", "Contractors", "Homes", "Civils"),
    ),
    Profession(
        key="design",
        titles=(Titled("Junior Designer"), Titled("Graphic Designer", ("Graphic design",)),
                Titled("Visual Designer"), Titled("UX Designer", ("UX design",)), Titled("Product Designer"),
                Titled("Senior Designer"), Titled("Art Director")),
        skills=(
            _s("Graphic design", "graphic design", "typography", "visual design"), _tool("Adobe Photoshop", "Photoshop", "Adobe Photoshop"),
            _tool("Adobe Illustrator", "Illustrator CC", "Adobe Illustrator"), _tool("Adobe InDesign", "InDesign", "Adobe InDesign"),
            _tool("Figma"), _s("Web design", "web design", "responsive design"), _s("UX design", "UX design", "user research"),
            _s("Brand management", "branding", "brand strategy"), _tool("Adobe XD"), _s("Illustration", "illustration"),
            _s("Wireframing", "wireframing", "prototyping"), _s("Animation", "motion graphics", "animation"),
            _tool("Adobe After Effects", "After Effects"), _tool("Canva"), _tool("InVision"),
        ),
        bullets=(
            _t("Designed packaging for {n} product lines using {tool} and {tool}."),
            _t("Led the rebrand of a regional food chain, from {practice} to shop signage."),
            _t("Ran {n} rounds of {practice} with real customers before the app launch."),
            _t("Built a shared component library in {tool} used by {n} product teams."),
            _t("Produced short {practice} pieces for social channels that doubled watch time."),
            _t("Prepared print-ready files for magazines, posters and trade show stands."),
            _t("Worked closely with copywriters and developers to keep every page on brand."),
        ),
        summaries=(
            _t("Designer with {years} years of work for brands, apps and print, strong in {practice}."),
            _t("Visual thinker with {years} years of turning briefs into clear, friendly designs."),
        ),
        degrees=(
            ("BACHELOR", Titled("Graphic Design", ("Graphic design",))), ("BACHELOR", Titled("Visual Communication", ("Communication",))),
            ("MASTER", Titled("Interaction Design")), ("BACHELOR", Titled("Illustration", ("Illustration",))),
        ),
        certificates=(Titled("Google UX Design Professional Certificate", ("UX design",)), Titled("Adobe Certified Professional in Visual Design", ("Graphic design",))),
        employer_words=("Studio", "Creative", "Design", "Agency"),
    ),
)
# fmt: on

# Soft skills that any profession may list, canonical name and surfaces.
# fmt: off
COMMON_SKILLS: tuple[SkillForm, ...] = (
    _s("Communication", "communication", "communication skills"), _s("Leadership", "leadership", "team leadership"),
    _s("Team management", "team management", "people management"), _s("Time management", "time management"),
    _s("Problem solving", "problem solving", "problem-solving"), _s("Teamwork", "teamwork"),
)

# Invented name parts.  Accents are in Windows-1252, which the PDF core fonts can print.
FIRST_PARTS = ("Ma", "Li", "Ta", "Se", "No", "Ka", "Ri", "E", "A", "Jo", "Da", "Mi", "Lo", "Fe", "Sa", "Vi",
               "Ro", "Ne", "Zo", "Be", "Lé", "Jö", "I", "O")
FIRST_ENDS = ("ra", "na", "rin", "lia", "ren", "vin", "sa", "mir", "tan", "dro", "lis", "ko", "nia", "lo",
              "mon", "rek", "da", "el", "ena", "rio")
SURNAME_PARTS = ("Vel", "Hart", "Brom", "Cas", "Dor", "Fen", "Gal", "Hol", "Ker", "Lund", "Mor", "Nor",
                 "Pell", "Quin", "Ros", "Sten", "Tor", "Val", "Wen", "Yar", "Ost", "Bræ", "Ruñ", "Kal")
SURNAME_ENDS = ("wick", "den", "ford", "ano", "ez", "etti", "ström", "sen", "berg", "ova", "ley", "mann",
                "ard", "oux", "ink", "ar", "ijk", "ini", "eau", "holm", "avi")
PARTICLES = ("van", "de", "van der", "von", "da", "del")
# Invented syllables for employers and schools.
ORG_PARTS = ("Bren", "Cor", "Dal", "Elv", "Fal", "Gor", "Hal", "Ist", "Jor", "Kel", "Lum", "Mar", "Nor",
             "Ost", "Pel", "Quor", "Ral", "Sel", "Tav", "Ul", "Ven", "Wex", "Yor", "Zan", "Tal", "Orv")
ORG_ENDS = ("vik", "ora", "enta", "ix", "ano", "era", "ond", "ium", "eth", "aro", "ine", "ax", "ell", "wyn")
LEGAL_SUFFIX = {"DE": ("GmbH", "AG"), "FR": ("SAS", "SARL"), "GB": ("Ltd", "plc"), "US": ("Inc.", "LLC"),
                "IN": ("Pvt Ltd",), "NL": ("B.V.",), "ES": ("S.L.", "S.A.")}

# Places: (city, how the country is written, region).  Real places; the people are not.
PLACES: dict[str, tuple[tuple[str, str], ...]] = {
    "DE": (("Berlin", "Germany"), ("Munich", "Germany"), ("Hamburg", "Germany"), ("Leipzig", "Germany"),
           ("Cologne", "Germany")),
    "FR": (("Lyon", "France"), ("Paris", "France"), ("Toulouse", "France"), ("Nantes", "France")),
    "GB": (("London", "UK"), ("Manchester", "United Kingdom"), ("Leeds", "UK"), ("Bristol", "UK"),
           ("Glasgow", "UK")),
    "US": (("Austin", "TX"), ("Seattle", "WA"), ("Chicago", "IL"), ("Boston", "MA"), ("Denver", "CO")),
    "IN": (("Pune", "India"), ("Bengaluru", "India"), ("Hyderabad", "India"), ("Chennai", "India")),
    "NL": (("Utrecht", "Netherlands"), ("Amsterdam", "The Netherlands"), ("Rotterdam", "Netherlands"),
           ("Eindhoven", "Netherlands")),
    "ES": (("Valencia", "Spain"), ("Madrid", "Spain"), ("Barcelona", "Spain"), ("Bilbao", "Spain")),
}
# Spoken languages most likely for someone living in a region (the CV's own language is English).
REGION_LANGUAGES = {"DE": "German", "FR": "French", "GB": "English", "US": "English", "IN": "Hindi",
                    "NL": "Dutch", "ES": "Spanish"}
OTHER_LANGUAGES = ("French", "German", "Spanish", "Italian", "Dutch", "Portuguese", "Polish", "Arabic",
                   "Mandarin", "Japanese", "Turkish", "Swedish")
# How CVs write a language level, and what it means (the truth).
LEVEL_PHRASES: tuple[tuple[str, str], ...] = (
    ("Native", "NATIVE"), ("native speaker", "NATIVE"), ("mother tongue", "NATIVE"), ("Fluent", "FLUENT"),
    ("fluent", "FLUENT"), ("C2", "C2"), ("C1", "C1"), ("B2", "B2"), ("B1", "B1"), ("A2", "A2"), ("A1", "A1"),
    ("Professional working proficiency", "PROFESSIONAL"), ("advanced", "PROFESSIONAL"),
    ("Intermediate", "INTERMEDIATE"), ("conversational", "INTERMEDIATE"), ("Basic", "BASIC"),
    ("elementary", "BASIC"),
)
# fmt: on

# Section headings in several house styles; every CV uses one style throughout.
HEADING_STYLES: tuple[dict[str, str], ...] = (
    {
        "summary": "Profile",
        "experience": "Work Experience",
        "education": "Education",
        "skills": "Skills",
        "languages": "Languages",
        "certifications": "Certifications",
    },
    {
        "summary": "PROFESSIONAL SUMMARY",
        "experience": "EMPLOYMENT HISTORY",
        "education": "EDUCATION",
        "skills": "KEY SKILLS",
        "languages": "LANGUAGES",
        "certifications": "CERTIFICATIONS",
    },
    {
        "summary": "About Me",
        "experience": "Professional Experience",
        "education": "Education & Training",
        "skills": "Core Competencies",
        "languages": "Language Skills",
        "certifications": "Licenses & Certifications",
    },
    {
        "summary": "Summary",
        "experience": "Experience",
        "education": "Academic Background",
        "skills": "Technical Skills",
        "languages": "Languages",
        "certifications": "Certificates",
    },
    {
        "summary": "Career Objective",
        "experience": "Career History",
        "education": "Qualifications and Education",
        "skills": "Areas of Expertise",
        "languages": "Languages Spoken",
        "certifications": "Professional Development",
    },
)
