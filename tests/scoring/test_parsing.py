"""Tests for scoring.parsing: content sniffing and text extraction, on fixtures generated here.

The optional tests at the end read real files from ../shared/eval/files/misc and skip without them.
"""

from __future__ import annotations

import contextlib
import io
import pickle
import random
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from fpdf import FPDF
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image, ImageDraw

from scoring.parsing import (
    PARSER_VERSION,
    DocumentError,
    SandboxLimits,
    UnreadableDocument,
    UnsupportedFileType,
    _pdf,
    detect_kind,
    extract_text,
    extract_text_sandboxed,
)
from scoring.parsing._text import normalise
from scoring.parsing.hostile import (
    _many_pages_pdf,
    _one_page_pdf,
    _raw_deflate,
    _raw_zip,
    _repeated_deflate,
    _stream,
)

EVAL_FILES = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "files"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


# --- fixture builders -------------------------------------------------------------------------------


def new_pdf() -> FPDF:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    return pdf


def pdf_bytes(*lines: str) -> bytes:
    pdf = new_pdf()
    for line in lines:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def glued_pdf() -> bytes:
    """Words placed one by one with half a space between them and no space glyphs, as many HTML-to-PDF
    converters do; pdfium glues them, pdfminer does not."""
    pdf = new_pdf()
    sentences = [
        "Financial Accountant specializing in consolidated reporting and treasury operations",
        "Prepared quarterly statements reconciliations and forecasts for regional subsidiaries",
        "Introduced automated controls reducing month end closing time by four working days",
    ]
    for row, sentence in enumerate(sentences):
        x = 20.0
        for word in sentence.split():
            pdf.text(x, 30 + row * 6, word)
            x += pdf.get_string_width(word) + pdf.get_string_width(" ") * 0.5
    return bytes(pdf.output())


SENTENCES = (
    "Financial Accountant specializing in consolidated reporting and treasury operations",
    "Prepared quarterly statements reconciliations and forecasts for regional subsidiaries",
)


def glyph_objects_pdf(*, space_objects: bool) -> bytes:
    """Every glyph its own text object, words 1.2 pt apart, as the HTML-to-PDF converters behind most of the
    real glued CVs write them; with ``space_objects`` the word space is one more object (a space glyph,
    no ink, overlapping the previous letter), which pdfium drops."""
    metrics = FPDF(unit="pt")
    metrics.set_font("Helvetica", size=10)
    ops = []
    for row, sentence in enumerate(SENTENCES):
        x, y = 40.0, 780.0 - row * 14
        for index, word in enumerate(sentence.split()):
            if index:
                if space_objects:
                    ops.append(b"BT /F1 10 Tf 1 0 0 1 %.2f %.2f Tm ( ) Tj ET" % (x - 1.0, y))
                x += 1.2
            for char in word:
                ops.append(b"BT /F1 10 Tf 1 0 0 1 %.2f %.2f Tm (%s) Tj ET" % (x, y, char.encode()))
                x += metrics.get_string_width(char)
    return _one_page_pdf(_stream(b"\n".join(ops)))


LEFT = [f"Left column line {i} about Python and SQL" for i in range(12)]
RIGHT = [f"Right column entry {i} on Kubernetes" for i in range(12)]


def two_column_pdf(*, row_by_row: bool) -> bytes:
    """A full-width header, then two columns written either row by row (across) or column by column."""
    pdf = new_pdf()
    pdf.text(15, 20, "Jane Example - Senior Data Engineer - jane@example.com - +44 20 7946 0000 - London")
    pdf.text(15, 26, "Summary: data engineer with ten years of experience building pipelines and warehouses.")
    if row_by_row:
        for i in range(12):
            pdf.text(15, 40 + i * 5, LEFT[i])
            pdf.text(110, 40 + i * 5, RIGHT[i])
    else:
        for i in range(12):
            pdf.text(15, 40 + i * 5, LEFT[i])
        for i in range(12):
            pdf.text(110, 40 + i * 5, RIGHT[i])
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 380, 60), fill="black")  # looks like a scanned line of text
    pdf = new_pdf()
    pdf.image(image, x=10, y=10, w=150)
    return bytes(pdf.output())


def encrypted_pdf(user_password: str | None) -> bytes:
    pdf = new_pdf()
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.cell(0, 6, "Confidential CV of Jane Example, Data Engineer")
    return bytes(pdf.output())


def docx_bytes(build=None) -> bytes:
    document = docx.Document()
    if build:
        build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rich_docx() -> bytes:
    def build(document: docx.document.Document) -> None:
        section = document.sections[0]
        section.header.paragraphs[0].text = "Jane Example | jane@example.com | +44 20 7946 0000"
        section.footer.paragraphs[0].text = "References available on request"
        document.add_paragraph("Profile: data engineer who builds reliable pipelines.")
        table = document.add_table(rows=2, cols=2)
        for r, (skill, level) in enumerate([("Python", "Expert"), ("PostgreSQL", "Advanced")]):
            table.cell(r, 0).text = skill
            table.cell(r, 1).text = level
        body = document.element.body
        # A content control, which python-docx's own paragraph list skips.
        body.sectPr.addprevious(
            parse_xml(
                f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr><w:alias w:val="Certificates"/></w:sdtPr>'
                "<w:sdtContent><w:p><w:r><w:t>Certified Kubernetes Administrator</w:t></w:r></w:p>"
                "</w:sdtContent></w:sdt>"
            )
        )
        # A text box as Word writes it: DrawingML in mc:Choice and a VML copy in mc:Fallback.
        box = "<w:txbxContent><w:p><w:r><w:t>Languages: English, Spanish</w:t></w:r></w:p></w:txbxContent>"
        paragraph = document.add_paragraph("Anchor paragraph.")
        paragraph._p.append(
            parse_xml(
                f'<w:r xmlns:w="{W_NS}" xmlns:mc="{MC_NS}"><mc:AlternateContent>'
                f'<mc:Choice Requires="wps"><w:drawing>{box}</w:drawing></mc:Choice>'
                f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>"
            )
        )
        # Tracked changes: the insertion is current text, the deletion is not.
        document.add_paragraph()._p.append(
            parse_xml(
                f'<w:ins xmlns:w="{W_NS}" w:id="1" w:author="a"><w:r><w:t>Inserted: Airflow</w:t></w:r></w:ins>'
            )
        )
        document.add_paragraph()._p.append(
            parse_xml(
                f'<w:del xmlns:w="{W_NS}" w:id="2" w:author="a"><w:r><w:delText>Deleted: COBOL</w:delText>'
                "</w:r></w:del>"
            )
        )
        document.add_paragraph("Closing paragraph.")

    return docx_bytes(build)


def zip_with(members: dict[str, bytes], big_member: tuple[str, int] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        if big_member:
            name, megabytes = big_member
            with archive.open(name, "w") as handle:
                for _ in range(megabytes):
                    handle.write(bytes(1024 * 1024))
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx_bytes())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    return zip_with(members, big_member=("word/media/padding.bin", 60))


# --- detect_kind ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (pdf_bytes("Jane Example"), "pdf"),
        (b"\xef\xbb\xbfjunk before the header\n" + pdf_bytes("Jane Example"), "pdf"),
        (docx_bytes(lambda d: d.add_paragraph("Jane Example")), "docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "doc"),
        ("Jane Example\nData engineer in Zürich \u2013 Python, SQL\n".encode(), "txt"),
        ("Jürgen Müller\nDéveloppeur à Genève \u2013 10 ans d'expérience\n".encode("cp1252"), "txt"),
        ("Jane Example\nData engineer\n".encode("utf-16"), "txt"),
        (b"", "txt"),  # so that extract_text can say "empty" rather than "wrong type"
    ],
    ids=["pdf", "pdf-junk-prefix", "docx", "ole2-doc", "utf8", "cp1252", "utf16-bom", "empty"],
)
def test_detect_kind_recognises_supported_formats(data: bytes, kind: str) -> None:
    assert detect_kind(data) == kind


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(64),
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(200),
        zip_with({"readme.txt": b"hello", "data.csv": b"a,b\n1,2\n"}),
        zip_bomb_docx(),
        random.Random(7).randbytes(4096),
        random.Random(8).randbytes(600).replace(b"\x00", b"")[:300],  # random but NUL-free
        b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Jane Example \\par }",
        bytes(1100) + b"%PDF-1.7\n",  # header too late to be a PDF
    ],
    ids=["png", "exe", "plain-zip", "zip-bomb-docx", "random", "random-no-nul", "rtf", "late-pdf-header"],
)
def test_detect_kind_rejects_other_content(data: bytes) -> None:
    assert detect_kind(data) is None


def test_detect_kind_judges_polyglots_by_their_first_bytes() -> None:
    pdf = pdf_bytes("Jane Example", "Data Engineer")
    with_zip_appended = pdf + zip_with(
        {"word/document.xml": b"<w:document/>", "[Content_Types].xml": b"<x/>"}
    )
    assert detect_kind(with_zip_appended) == "pdf"
    assert "Jane Example" in extract_text(with_zip_appended, "pdf")

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("cv.pdf", pdf)  # stored: the PDF header sits within the first KiB
    zip_holding_pdf = buffer.getvalue()
    assert b"%PDF-" in zip_holding_pdf[:1024]
    assert detect_kind(zip_holding_pdf) is None

    for head in (
        b"MZ\x90\x00" + bytes(60),
        b"\x7fELF\x02\x01\x01" + bytes(9),
        b"\x89PNG\r\n\x1a\n",
        b"#!/bin/sh\n",
    ):
        assert detect_kind(head + pdf) is None, head


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body><p>Jane Example</p></body></html>",
        b"\n  <html lang='en'><head><title>CV</title></head></html>",
        b"<?xml version='1.0'?><cv><name>Jane</name></cv>",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"<!-- %PDF-1.7 --><p>Jane</p>",
        "\ufeff<html><body>Jane</body></html>".encode("utf-16"),
    ],
    ids=["html", "html-indented", "xml", "svg", "comment-with-pdf-header", "utf16-html"],
)
def test_detect_kind_rejects_markup(data: bytes) -> None:
    assert detect_kind(data) is None


@pytest.mark.parametrize(
    "data",
    [
        random.Random(1).randbytes(5 * 1024 * 1024),
        random.Random(2).randbytes(5 * 1024 * 1024).replace(b"\x00", b"\x01"),
        bytes(range(128, 256)) * 40_000,
    ],
    ids=["random", "random-no-nul", "high-bytes"],
)
def test_detect_kind_is_quick_on_large_binary(data: bytes) -> None:
    # It runs in the web process for every upload (5 MB at most); charset detection on it all took ~1 s.
    start = time.perf_counter()
    assert detect_kind(data) is None
    assert time.perf_counter() - start < 1


def test_detect_kind_keeps_text_that_merely_mentions_tags() -> None:
    assert detect_kind(b"Jane Example\nSkills: <html>, CSS, JavaScript\n") == "txt"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2048))
def test_detect_kind_never_raises(data: bytes) -> None:
    assert detect_kind(data) in {None, "pdf", "docx", "doc", "txt"}


# --- PDF --------------------------------------------------------------------------------------------


def test_pdf_simple_text_is_extracted_and_normalised() -> None:
    text = extract_text(
        pdf_bytes("Jane  Example", "Senior Data Engineer", "Skills: Python, SQL, Airflow"), "pdf"
    )
    assert text == "Jane Example\nSenior Data Engineer\nSkills: Python, SQL, Airflow"


def test_pdf_glued_words_are_re_extracted_with_pdfminer() -> None:
    data = glued_pdf()
    baseline = _pdf.extract_pdf(data, use_pdfminer=False)
    assert "FinancialAccountant" in baseline.text.replace(" ", "")  # the fixture does reproduce the glue
    assert _pdf.looks_glued(baseline.text)

    result = _pdf.extract_pdf(data)
    assert result.pdfminer_pages == [0]
    text = extract_text(data, "pdf")
    assert "Financial Accountant specializing in consolidated reporting" in text
    assert "reducing month end closing time by four working days" in text


def test_pdf_dropped_space_objects_are_restored_without_pdfminer() -> None:
    data = glyph_objects_pdf(space_objects=True)
    baseline = _pdf.extract_pdf(data, use_pdfminer=False, respace=False)
    assert baseline.pages[0].startswith("FinancialAccountantspecializing")  # pdfium drops the spaces

    result = _pdf.extract_pdf(data)
    assert (result.respaced_pages, result.pdfminer_pages) == ([0], [])
    assert extract_text(data, "pdf") == "\n".join(SENTENCES)


def test_pdf_glued_without_space_objects_still_goes_to_pdfminer() -> None:
    data = glyph_objects_pdf(space_objects=False)
    result = _pdf.extract_pdf(data)
    assert (result.respaced_pages, result.pdfminer_pages) == ([], [0])
    assert extract_text(data, "pdf") == "\n".join(SENTENCES)


def test_pdf_two_columns_read_row_by_row_are_put_in_column_order() -> None:
    data = two_column_pdf(row_by_row=True)
    assert "SQL Right column entry 0" in normalise(_pdf.extract_pdf(data, use_pdfminer=False).text)

    assert _pdf.extract_pdf(data).pdfminer_pages == [0]
    text = extract_text(data, "pdf")
    assert text.startswith("Jane Example")
    positions = [text.index(line) for line in LEFT + RIGHT]
    assert positions == sorted(positions), "all of the left column must come before the right column"


def test_pdf_two_columns_already_in_order_stay_on_the_fast_path() -> None:
    data = two_column_pdf(row_by_row=False)
    assert _pdf.extract_pdf(data).pdfminer_pages == []
    text = extract_text(data, "pdf")
    positions = [text.index(line) for line in LEFT + RIGHT]
    assert positions == sorted(positions)


def test_pdf_single_column_text_is_not_sent_to_pdfminer() -> None:
    lines = [
        f"Responsible for the design of data pipeline number {i} serving the finance team" for i in range(30)
    ]
    assert _pdf.extract_pdf(pdf_bytes(*lines)).pdfminer_pages == []


def test_pdf_with_user_password_is_reported_as_encrypted() -> None:
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(encrypted_pdf(user_password="user-secret"), "pdf")
    assert caught.value.code == "encrypted_pdf"
    assert "password" in caught.value.reason


def test_pdf_with_owner_password_only_is_readable() -> None:
    assert "Confidential CV of Jane Example" in extract_text(encrypted_pdf(user_password=None), "pdf")


def test_pdf_image_only_is_reported_as_scan() -> None:
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(image_only_pdf(), "pdf")
    assert caught.value.code == "no_text_layer"
    assert "scan" in caught.value.reason


def test_pdf_blank_page_has_no_text_layer() -> None:
    pdf = new_pdf()
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(bytes(pdf.output()), "pdf")
    assert caught.value.code == "no_text_layer"
    assert "scan" not in caught.value.reason


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n1 0 obj << /Type /Catalog", b"%PDF-" + bytes(100), b"not a pdf"]
)
def test_pdf_corrupt_is_reported(data: bytes) -> None:
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(data, "pdf")
    assert caught.value.code == "corrupt_file"


def test_pdf_pages_beyond_the_cap_are_not_read() -> None:
    pdf = new_pdf()
    for page in range(1, _pdf.MAX_PAGES + 6):
        if page > 1:
            pdf.add_page()
        pdf.cell(0, 6, f"Marker page {page:03d} of the long document")
    text = extract_text(bytes(pdf.output()), "pdf")
    assert f"Marker page {_pdf.MAX_PAGES:03d}" in text
    assert f"Marker page {_pdf.MAX_PAGES + 1:03d}" not in text


def test_pdf_with_absurdly_many_pages_is_refused() -> None:
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(_many_pages_pdf(_pdf.MAX_DOCUMENT_PAGES + 1), "pdf")
    assert caught.value.code == "document_too_large"
    assert f"{_pdf.MAX_DOCUMENT_PAGES + 1} pages" in caught.value.reason
    assert "Jordan Placeholder" in extract_text(_many_pages_pdf(_pdf.MAX_DOCUMENT_PAGES), "pdf")


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_pdf_truncated_is_corrupt(fraction: float) -> None:
    data = pdf_bytes(*(f"Line {i} of a CV that was cut off during upload" for i in range(40)))
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(data[: int(len(data) * fraction)], "pdf")
    assert caught.value.code == "corrupt_file"


def test_pdf_extraction_is_safe_from_several_threads() -> None:
    documents = [glued_pdf(), two_column_pdf(row_by_row=True), pdf_bytes("Jane Example", "Data Engineer")] * 4
    expected = [extract_text(data, "pdf") for data in documents]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(extract_text, documents, ["pdf"] * len(documents))) == expected


def test_pdf_keeps_pdfium_text_when_pdfminer_output_is_implausible() -> None:
    assert _pdf._plausible("Jane Example", "Jane Example ")
    assert not _pdf._plausible("Jane Example Senior Engineer", "Jane")  # pdfminer lost text
    assert not _pdf._plausible("Jane Example", "(cid:12)(cid:34) Example")  # unmapped glyphs


# --- DOCX -------------------------------------------------------------------------------------------


def test_docx_reads_header_body_tables_controls_text_boxes_and_footer_in_order() -> None:
    text = extract_text(rich_docx(), "docx")
    order = [
        "Jane Example | jane@example.com | +44 20 7946 0000",
        "Profile: data engineer who builds reliable pipelines.",
        "Python | Expert\nPostgreSQL | Advanced",
        "Certified Kubernetes Administrator",
        "Anchor paragraph.",
        "Languages: English, Spanish",
        "Inserted: Airflow",
        "Closing paragraph.",
        "References available on request",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, text
    assert positions == sorted(positions), text
    assert text.count("Languages: English, Spanish") == 1  # the VML fallback copy is skipped
    assert "COBOL" not in text


def test_docx_layout_table_cells_are_read_cell_by_cell() -> None:
    def build(document: docx.document.Document) -> None:
        table = document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.text = "Contact"
        left.add_paragraph("jane@example.com")
        right.text = "Experience"
        right.add_paragraph("Data engineer at ACME, 2019-2024")

    text = extract_text(docx_bytes(build), "docx")
    assert text == "Contact\njane@example.com\nExperience\nData engineer at ACME, 2019-2024"


def test_docx_zip_bomb_is_refused() -> None:
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(zip_bomb_docx(), "docx")
    assert caught.value.code == "document_too_large"


def docx_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx_bytes(lambda d: d.add_paragraph("Jane Example")))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_docx_with_too_many_parts_is_refused_from_the_central_directory() -> None:
    parts = {
        name: (_raw_deflate(data), len(data), zipfile.crc32(data)) for name, data in docx_parts().items()
    }
    entries = [(name, *values) for name, values in parts.items()]
    ok = _raw_zip(entries + [(f"customXml/{i}.bin", _raw_deflate(b""), 0, 0) for i in range(10)])
    assert detect_kind(ok) == "docx"
    crowded = _raw_zip(entries + [(f"customXml/{i}.bin", _raw_deflate(b""), 0, 0) for i in range(1_000)])
    assert detect_kind(crowded) is None
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(crowded, "docx")
    assert caught.value.code == "document_too_large"
    assert "parts" in caught.value.reason


@pytest.mark.parametrize(
    ("member", "declared", "reason"),
    [
        ("word/media/image1.png", 2 * 1024 * 1024, "compressed"),  # 2 MiB from a few KB: a bomb
        ("word/styles2.xml", 17 * 1024 * 1024, "unpacks to 17 MB"),  # an XML part lxml would choke on
    ],
    ids=["ratio", "xml-part-size"],
)
def test_docx_bomb_limits_read_only_declared_sizes(member: str, declared: int, reason: str) -> None:
    entries = [
        (name, _raw_deflate(data), len(data), zipfile.crc32(data)) for name, data in docx_parts().items()
    ]
    entries.append((member, _raw_deflate(bytes(1000)), declared, 0))  # the headers claim, nothing inflates
    data = _raw_zip(entries)
    assert detect_kind(data) is None
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(data, "docx")
    assert caught.value.code == "document_too_large"
    assert reason in caught.value.reason


def test_docx_part_longer_than_declared_is_never_inflated_past_it() -> None:
    # document.xml declares its real size, but its deflate stream goes on with 1 GiB of spaces.
    # ZipFile.read would inflate all of it before cutting; the bounded reader stops at the declared size.
    parts = docx_parts()
    document = parts.pop("word/document.xml")
    entries = [(name, _raw_deflate(data), len(data), zipfile.crc32(data)) for name, data in parts.items()]
    head, tail = document.split(b"</w:body>")
    padded = _repeated_deflate(head + b"<!--", b" " * (1 << 20), 1024, b"--></w:body>" + tail)
    entries.append(("word/document.xml", padded, len(document), zipfile.crc32(document)))
    data = _raw_zip(entries)
    assert detect_kind(data) == "docx"  # the declared sizes look fine
    start = time.perf_counter()
    with pytest.raises(UnreadableDocument) as caught:
        extract_text_sandboxed(data, "docx", limits=SandboxLimits(memory_bytes=256 * 1024 * 1024))
    assert caught.value.code == "corrupt_file"  # cut at the declared size: CRC and XML both fail
    assert time.perf_counter() - start < 2


XXE_XML = (
    '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>Jane &xxe;</w:t></w:r></w:p></w:body></w:document>'
)
LAUGHS_XML = (
    '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10))
    + f']>\n<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
)


@pytest.mark.parametrize("xml", [XXE_XML, LAUGHS_XML], ids=["xxe", "billion-laughs"])
def test_docx_declaring_a_dtd_is_refused(xml: str) -> None:
    data = zip_with({**docx_parts(), "word/document.xml": xml.encode()})
    assert detect_kind(data) == "docx"
    start = time.perf_counter()
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(data, "docx")
    assert time.perf_counter() - start < 1
    assert caught.value.code == "corrupt_file"
    assert "DTD" in caught.value.reason


def test_python_docx_parser_resolves_no_entities_and_stops_entity_expansion() -> None:
    # Defence in depth under our DTD check: if python-docx or lxml changed their defaults, these would fail.
    root = parse_xml(XXE_XML.encode())
    assert "root:" not in "".join(root.itertext())
    start = time.perf_counter()
    with pytest.raises(etree.XMLSyntaxError):
        parse_xml(LAUGHS_XML.encode())
    assert time.perf_counter() - start < 1


@pytest.mark.parametrize(
    "data",
    [docx_bytes()[:300], zip_with({"word/document.xml": b"<w:document><unclosed>"}), b"PK\x03\x04 broken"],
    ids=["truncated", "bad-xml", "not-a-zip"],
)
def test_docx_corrupt_is_reported(data: bytes) -> None:
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(data, "docx")
    assert caught.value.code == "corrupt_file"


def test_docx_without_text_is_empty() -> None:
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(docx_bytes(lambda d: d.add_paragraph("   ")), "docx")
    assert caught.value.code == "empty_document"


# --- TXT and normalisation --------------------------------------------------------------------------


def test_txt_is_normalised() -> None:
    raw = (
        "  Jane\u00a0Example \r\n\r\nSenior Develop\u00adment  Lead\tat   ACME\u200b Corp \r\n"
        "\r\n\r\n\r\n\r\nSkills: \ufb01nance, work\ufb02ow, cafe\u0301\r\n"
    )
    assert extract_text(raw.encode(), "txt") == (
        "Jane Example\n\nSenior Development Lead at ACME Corp\n\nSkills: finance, workflow, café"
    )


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1252", "Jürgen Müller \u2013 Développeur, Zürich. “Größe” naïve café"),
        ("latin-1", "Curriculum vitae\nName: Jürgen Müller\nSkills: Python, Django\n"),
        ("utf-16", "Anna Kowalska \u2013 programistka, Łódź"),
        ("utf-8-sig", "Jane Example \u2013 Zürich"),
    ],
)
def test_txt_legacy_and_bom_encodings_are_decoded(encoding: str, text: str) -> None:
    assert extract_text(text.encode(encoding), "txt") == normalise(text)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_txt_bomless_utf16_is_decoded(encoding: str) -> None:
    text = "Anna Kowalska - programistka, Łódź\nPython, SQL\n"
    data = text.encode(encoding)
    assert detect_kind(data) == "txt"
    assert extract_text(data, "txt") == normalise(text)


def test_txt_stray_nuls_are_dropped_but_nul_riddled_text_is_refused() -> None:
    text = "Jane Example\nSenior Data Engineer with ten years of Python and SQL experience\n" * 3
    padded = text.encode() + b"\x00"
    assert detect_kind(padded) == "txt"
    assert extract_text(padded, "txt") == normalise(text)
    riddled = b"".join(text.encode()[i : i + 5] + b"\x00" * (i % 3 + 1) for i in range(0, len(text), 5))
    assert detect_kind(riddled) is None
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(riddled, "txt")
    assert caught.value.code == "corrupt_file"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Jane Example, Zürich".encode() + "é".encode()[:1], "Jane Example, Zürich"),  # cut mid-character
        (
            "Jürgen Müller \u2013 Zürich. ".encode() * 20 + b"caf\xe9 " + "Genève".encode(),
            None,
        ),  # one cp1252 word
    ],
    ids=["truncated-character", "one-bad-word"],
)
def test_txt_mostly_utf8_stays_utf8(data: bytes, expected: str | None) -> None:
    text = extract_text(data, "txt")
    assert "Ã" not in text  # no mojibake from guessing a legacy code page
    if expected:
        assert text == expected
    else:
        assert text.endswith("caf Genève")


def test_txt_of_invalid_utf8_sequences_is_refused() -> None:
    data = b" ".join(b"\xc0\xaf" + b"cv" + b"\xed\xa0\x80\xf8\x88\x80\x80\x80" for _ in range(300))
    assert detect_kind(data) is None


def test_txt_forced_on_binary_is_refused() -> None:
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(random.Random(3).randbytes(2000).replace(b"\x00", b"\x01"), "txt")
    assert caught.value.code == "corrupt_file"


@pytest.mark.parametrize("data", [b"", b"   \r\n\t \n"])
def test_txt_empty_is_reported(data: bytes) -> None:
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(data, detect_kind(data) or "txt")
    assert caught.value.code == "empty_document"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalise_is_idempotent_and_clean(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert "\r" not in once
    assert "  " not in once
    assert "\n\n\n" not in once
    assert "\u00ad" not in once
    assert "\u00a0" not in once
    assert once == once.strip()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=500))
def test_txt_extraction_returns_text_or_a_document_error(text: str) -> None:
    with contextlib.suppress(DocumentError):
        assert isinstance(extract_text(text.encode(), "txt"), str)


# --- kinds and errors -------------------------------------------------------------------------------


def test_an_ole2_header_without_a_document_is_unreadable() -> None:
    # Real .doc files are read by antiword: tests/scoring/test_parsing_doc.py.
    with pytest.raises(UnreadableDocument) as caught:
        extract_text(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "doc")
    assert caught.value.code in {"corrupt_file", "doc_reader_missing"}
    assert "DOCX" in caught.value.reason


def test_unknown_kind_is_unsupported() -> None:
    with pytest.raises(UnsupportedFileType):
        extract_text(b"hello", "png")


def test_errors_carry_code_and_reason_and_survive_pickling() -> None:
    error = UnreadableDocument("This PDF is password protected.", "encrypted_pdf")
    assert isinstance(error, DocumentError)
    assert (error.code, error.reason, str(error)) == ("encrypted_pdf", error.reason, error.reason)
    clone = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object: Celery pickles exceptions
    assert (type(clone), clone.code, clone.reason) == (UnreadableDocument, "encrypted_pdf", error.reason)
    assert UnsupportedFileType("nope").code == "unsupported_file_type"


def test_parser_version_is_semantic() -> None:
    assert [part.isdigit() for part in PARSER_VERSION.split(".")] == [True, True, True]


# --- real files (optional) --------------------------------------------------------------------------


def eval_file(*parts: str) -> Path:
    path = EVAL_FILES.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"evaluation file {path} not available")
    return path


def test_real_two_column_pdf_matches_expected_words_in_column_order() -> None:
    text = extract_text(eval_file("misc", "pdf_two_column.pdf").read_bytes(), "pdf")
    expected = eval_file("misc", "pdf_two_column.expected.txt").read_text(encoding="utf-8")
    ours, theirs = set(text.split()), set(expected.split())
    assert len(ours & theirs) / len(theirs) > 0.9
    # Last paragraph of the left column on page 1, then the first line of the right column.
    assert text.index("through peer relationships") < text.index("remains an open question")


def test_real_docx_reads_nested_tables_in_order() -> None:
    text = extract_text(eval_file("misc", "docx_paragraphs_and_tables.docx").read_bytes(), "docx")
    assert text.startswith("This is the paragraph before the table.")
    assert text.endswith("This is the paragraph after the table. It should appear last.")
    assert "Row 2, Column 1 | Row 2, Column 2 | Row 2, Column 3" in text
    assert "Inner 1,1 | Inner 1,2" in text


def test_real_legacy_doc_is_detected() -> None:
    data = eval_file("misc", "tests_doc_raw_text.doc").read_bytes()
    assert detect_kind(data) == "doc"


def test_real_cv_pdfs_come_out_unglued() -> None:
    folder = EVAL_FILES / "pdf"
    files = sorted(folder.glob("*.pdf"))[:3] if folder.is_dir() else []
    if not files:
        pytest.skip(f"evaluation PDFs not available in {folder}")
    for path in files:
        data = path.read_bytes()
        assert detect_kind(data) == "pdf"
        tokens = extract_text(data, "pdf").split()
        assert len(tokens) > 100
        assert sum(len(t) > 18 for t in tokens) / len(tokens) < 0.01, path.name
