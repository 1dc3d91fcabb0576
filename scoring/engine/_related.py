"""Related skills: what counts as transferable when the skill a job asks for is not named in the CV.

A family groups dictionary skills that do the same job, so that experience with one carries over to
another with little retraining: MySQL for PostgreSQL, Java for C#, Jira for Asana, QuickBooks for
Xero.  A family is narrower than an O*NET commodity class ("Web platform development software" holds
PHP, React and Drupal alike, which a recruiter would not trade for one another).  The list is written
by hand; every member is a canonical name of the shipped dictionary (a test checks it).

Evidence from a related skill is partial credit, never a match (``_score``): the explanation names the
skill found and its family, so a recruiter sees exactly what was traded for what.
"""

from __future__ import annotations

import functools

SKILL_FAMILIES: dict[str, tuple[str, ...]] = {
    # Software: languages, frameworks, data, platforms, tooling.
    "relational databases": (
        "Microsoft SQL Server", "MySQL", "PostgreSQL", "Oracle Database", "SQLite", "IBM DB2",
    ),
    "NoSQL databases": ("MongoDB", "Amazon DynamoDB", "Apache Cassandra"),
    "object-oriented languages on a managed runtime": ("Java", "C#", "Kotlin", "Scala"),
    "dynamic scripting languages": ("Python", "Ruby", "Perl", "PHP"),
    "C-family systems languages": ("C", "C++"),
    "JavaScript and its typed dialect": ("JavaScript", "TypeScript"),
    "front-end frameworks": ("React", "Angular", "Vue.js", "Backbone.js"),
    "server-side web frameworks": (
        "Spring Framework", "Spring Boot", "ASP.NET", "Django", "Ruby on Rails", "Laravel", "Express.js",
        "Flask", "Symfony",
    ),
    "Unix-like operating systems": ("Linux", "UNIX"),
    "shell scripting": ("Bash", "PowerShell"),
    "public clouds": ("Amazon Web Services", "Microsoft Azure", "Google Cloud Platform"),
    "message brokers": ("RabbitMQ", "Apache Kafka"),
    "IDEs": ("Eclipse IDE", "IntelliJ IDEA", "Visual Studio"),
    "search engines": ("Elasticsearch", "Apache Solr"),
    "version control": ("Git", "Subversion", "Microsoft Team Foundation Server"),
    "unit-testing frameworks": ("JUnit", "NUnit", "pytest", "TestNG", "Jest"),
    "browser test automation": ("Selenium", "Cypress"),
    "content management systems": ("Drupal", "WordPress", "Joomla"),
    "web servers": ("Apache HTTP Server", "Microsoft Internet Information Services (IIS)"),
    "Java application servers": ("Apache Tomcat", "IBM WebSphere"),
    "infrastructure as code": ("Terraform", "AWS CloudFormation"),
    "configuration management": ("Ansible", "Puppet"),
    "Apple platform languages": ("Swift", "Objective-C"),
    # Data and reporting.
    "business intelligence tools": ("Tableau", "Power BI", "Qlik", "Looker", "IBM Cognos"),
    "report writers": ("SSRS", "SAP Crystal Reports"),
    "ETL tools": ("SSIS", "Informatica"),
    "statistical packages": ("R", "SAS", "IBM SPSS Statistics", "Stata"),
    "web analytics": ("Google Analytics", "Adobe Analytics"),
    # Office and business software.
    "spreadsheets": ("Microsoft Excel", "Google Sheets"),
    "word processors": ("Microsoft Word", "Google Docs"),
    "presentation software": ("Microsoft PowerPoint", "Google Slides", "Apple Keynote"),
    "team chat": ("Microsoft Teams", "Slack"),
    "project tracking tools": (
        "Atlassian JIRA", "Asana", "Trello", "Microsoft Project", "Smartsheet", "Basecamp",
    ),
    "agile methods": ("Agile", "Scrum", "Kanban"),
    "CRM systems": ("Salesforce", "HubSpot", "Microsoft Dynamics"),
    "accounting software": ("Intuit QuickBooks", "Xero", "Sage", "Oracle NetSuite"),
    "ERP systems": ("SAP", "Oracle E-Business Suite", "Microsoft Dynamics GP", "Oracle JD Edwards"),
    "HR information systems": ("Workday", "ADP"),
    "service desks": ("Zendesk", "ServiceNow"),
    "email marketing platforms": ("Mailchimp", "Constant Contact", "Marketo"),
    # Design, media, engineering, health.
    "UI design tools": ("Figma", "Adobe XD", "InVision"),
    "vector illustration": ("Adobe Illustrator", "CorelDRAW", "Inkscape"),
    "desktop publishing": ("Adobe InDesign", "QuarkXPress", "Microsoft Publisher"),
    "video editing": ("Adobe Premiere Pro", "Final Cut Pro", "Avid Media Composer", "DaVinci Resolve"),
    "2D and building CAD": ("AutoCAD", "MicroStation", "Autodesk Revit"),
    "mechanical 3D CAD": ("SolidWorks", "Autodesk Inventor", "PTC Creo Parametric", "CATIA"),
    "electronic health records": ("Epic Systems", "Cerner", "MEDITECH"),
}  # fmt: skip


@functools.cache
def _families_of() -> dict[str, tuple[tuple[str, str], ...]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for family, members in SKILL_FAMILIES.items():
        for skill in members:
            out.setdefault(skill, []).extend((other, family) for other in members if other != skill)
    return {skill: tuple(pairs) for skill, pairs in out.items()}


def related_skills(skill: str) -> tuple[tuple[str, str], ...]:
    """(other skill, family) for every skill that shares a family with ``skill``, in the list's order."""
    return _families_of().get(skill, ())
