"""Seed inputs for the harnesses, generated in code (no CV files are stored for fuzzing).

PDF and DOCX seeds come from the demo's renderers (``demo.content``: fpdf2 and python-docx) and from the
hostile corpus's small builders (a hand-written one-page PDF, a minimal DOCX package, an encrypted PDF);
the DOC seeds are the repository's own test documents (``tests/fixtures/doc``, made by its
``make_fixtures.py``), since nothing installed here writes Word 97. Texts are the demo's fictional CVs and
job ads in several encodings. Small on purpose: libFuzzer's default input size limit is the largest seed.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from demo.content import DEMO_CANDIDATES, DEMO_JOBS, render_cv_docx, render_cv_pdf
from fuzz import _harness
from scoring.parsing import Extraction, hostile

_SHORT_CV = DEMO_CANDIDATES[0].cv_text.strip()


def check_extraction(extraction: Extraction) -> None:
    """What every successful extraction must be: non-empty normalised text and well-formed segments."""
    assert isinstance(extraction.text, str) and extraction.text, "an extraction without text"
    assert extraction.text == extraction.text.strip(), "extracted text is not stripped"
    assert "\r" not in extraction.text, "extracted text keeps a carriage return"
    for segment in extraction.hidden:
        assert isinstance(segment.text, str), segment


def _page(operators: bytes) -> bytes:
    """A one-page PDF (the hostile corpus's builder) with an uncompressed content stream to mutate."""
    return hostile._one_page_pdf(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(operators), operators))


def pdf_seeds() -> Iterator[bytes]:
    yield render_cv_pdf(_SHORT_CV)
    yield render_cv_pdf("Jo Example\nSKILLS\nPython, SQL")
    yield _page(b"BT /F1 12 Tf 72 720 Td (Jordan Placeholder - Data Engineer) Tj ET")
    # Text a reader does not see: white (1 1 1 rg) and tiny, then an invisible render mode (3 Tr).
    yield _page(
        b"BT /F1 12 Tf 72 720 Td (Jordan Placeholder - Data Engineer, Leeds) Tj 1 1 1 rg 0 -20 Td (white words) Tj /F1 1 Tf (tiny) Tj ET"
    )
    yield _page(
        b"BT /F1 12 Tf 72 720 Td (Jordan Placeholder - Data Engineer, Leeds) Tj 3 Tr 0 -20 Td (invisible words) Tj ET"
    )
    yield hostile._encrypted_pdf()


def docx_seeds() -> Iterator[bytes]:
    import docx
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Pt, RGBColor

    yield render_cv_docx(_SHORT_CV)
    document = docx.Document()
    document.add_heading("Jo Example", level=1)
    paragraph = document.add_paragraph("Skills: Python, SQL. ")
    hidden = paragraph.add_run("hidden words")
    hidden.font.hidden = True
    white = paragraph.add_run(" white words")
    white.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    tiny = paragraph.add_run(" tiny words")
    tiny.font.size = Pt(1)
    marked = paragraph.add_run(" highlighted")
    marked.font.highlight_color = WD_COLOR_INDEX.YELLOW
    table = document.add_table(rows=2, cols=2)
    for row, (left, right) in enumerate([("2020-2024", "Engineer, Example Ltd"), ("2016-2020", "Analyst")]):
        table.cell(row, 0).text = left
        table.cell(row, 1).text = right
    out = io.BytesIO()
    document.save(out)
    yield out.getvalue()
    yield hostile._docx_with_document(hostile._document_xml(hostile._paragraph("Jordan Placeholder")))


def doc_seeds() -> Iterator[bytes]:
    folder = _harness.ROOT / "tests" / "fixtures" / "doc"
    for name in ("cv.doc", "cv-hidden-text.doc", "not-word.xls"):
        yield (folder / name).read_bytes()


def txt_seeds() -> Iterator[bytes]:
    yield _SHORT_CV.encode()
    yield _SHORT_CV.encode("utf-16")
    yield _SHORT_CV.encode("utf-16-le")
    yield "Zoë Müller\nKöln — Ingénieure, 5 ans\nSkills: C++, C#, .NET".encode("latin-1", "replace")
    yield "\ufeffRenée Example\r\nSummary:\tdata engineer\u00a0with\u200b Spark\r\n".encode()
    yield b"   \n\t\n"


def engine_seeds() -> Iterator[bytes]:
    for candidate in DEMO_CANDIDATES[:3]:
        yield candidate.cv_text.encode()
    for job in DEMO_JOBS[:2]:
        yield f"{job.title}\n{job.description}\nRequirements: 5+ years, BSc, fluent German".encode()
    yield (
        b"Curriculum Vitae\nName: Jo Example\nDate of birth: 01/02/1990\nEXPERIENCE\n"
        b"Engineer, Example GmbH, 03/2019 - present\nEngineer, Sample Ltd, Jan 2015 - Feb 2019\n"
        b"EDUCATION\nMSc Computer Science, University of Nowhere, 2014\nLANGUAGES\nEnglish (C2), French (B1)\n"
        b"CERTIFICATIONS\nAWS Certified Solutions Architect\n+44 20 7946 0000 jo@example.test github.com/jo"
    )
