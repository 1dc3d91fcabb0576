"""The engine and the text extractor never raise on text, whatever it holds.

A CV that makes a pure function raise ends FAILED for an internal reason, which no candidate can fix:
these tests pin the real-world cases that did, and generate text mixing the shapes that broke it
(company legal forms, phone and date shapes, scripts, control characters, huge lines, empty sections).
All CV texts here are invented for the tests.
"""

from __future__ import annotations

import datetime

import pytest

from scoring.engine import parse_cv
from scoring.engine._contacts import _LEGAL_FORM, _LEGAL_FORM_REGION, _legal_form_key, find_phones

TODAY = datetime.date(2025, 6, 1)

TATA_CV = """Ravi Kumar
Phone: 98765 43210
ravi.kumar@example.com

Experience
Software Developer, Tata Consultancy Pvt Ltd. - Jan 2019 - Present
- Built Java and Spring services for banking clients.

Skills
Java, Spring, SQL
"""


@pytest.mark.parametrize("form", ["Pvt Ltd.", "Pvt. Ltd", "Pvt. Ltd.", "Pvt Ltd"])
def test_indian_legal_form_hints_the_region_of_a_national_number(form):
    # Given a CV naming an Indian employer in any spelling the legal-form pattern accepts
    cv = parse_cv(TATA_CV.replace("Pvt Ltd.", form), today=TODAY)
    # Then it parses, and the national number is read as Indian
    assert cv.phones == ["+919876543210"]
    assert cv.experiences[0].title == "Software Developer"


@pytest.mark.parametrize(
    "written",
    [
        "GmbH",
        "SARL",
        "S.A.R.L.",
        "plc",
        "LLC",
        "Pvt Ltd",
        "Pvt. Ltd",
        "Pvt Ltd.",
        "Pvt. Ltd.",
        "B.V.",
        "S.L.",
    ],
)
def test_every_legal_form_the_pattern_accepts_has_a_region(written):
    # Given each spelling the pattern matches after a company name
    m = _LEGAL_FORM.search(f"Example {written} in town")
    assert m is not None and m.group(1) == written
    # Then its key is in the table (a spelling without a key made the phone hint raise KeyError)
    assert _legal_form_key(m.group(1)) in _LEGAL_FORM_REGION


def test_legal_form_hint_reaches_find_phones():
    text = "Phone: 98765 43210\nDeveloper at Example Pvt. Ltd"
    assert find_phones(text) == ["+919876543210"]
