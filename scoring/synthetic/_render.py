"""Render a :class:`CVDocument` as plain text, a one-column PDF, a two-column PDF or a DOCX.

PDFs use the core Helvetica font with Windows-1252 encoding (dashes, bullets and accented Latin letters
print without shipping a font file).  Output bytes are reproducible: the PDF creation date and the DOCX
zip timestamps are fixed.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from ._generate import CVDocument, Entry, Section

KINDS = ("pdf", "pdf2col", "docx", "txt")
_FIXED_DATE = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


def _contact_label(item: str) -> str:
    if "@" in item:
        return "Email"
    if sum(ch.isdigit() for ch in item) >= 7:
        return "Phone"
    if "linkedin" in item:
        return "LinkedIn"
    if "github" in item:
        return "GitHub"
    if "www." in item or "http" in item:
        return "Website"
    return "Location"


def _contact_lines(doc: CVDocument) -> list[str]:
    if doc.contact_style == "line":
        return [" | ".join(doc.contacts)]
    if doc.contact_style == "labelled":
        return [f"{_contact_label(c)}: {c}" for c in doc.contacts]
    return list(doc.contacts)


def _bullet(doc: CVDocument) -> str:
    # One bullet glyph per CV, chosen from the name so it does not consume the generator's randomness.
    return ("\u2022", "-", "\u2022", "*")[sum(map(ord, doc.name_line)) % 4]


def _section_lines(doc: CVDocument, section: Section) -> list[str]:
    """The section's body as text lines (without the heading)."""
    b = _bullet(doc)
    out: list[str] = list(section.paragraphs)
    if section.items:
        if section.list_style == "comma":
            out.append(", ".join(section.items))
        elif section.list_style == "dots":
            out.append(" \u2022 ".join(section.items))
        elif section.list_style == "lines":
            out.extend(section.items)
        else:
            out.extend(f"{b} {item}" for item in section.items)
    for entry in section.entries:
        out.extend(entry.header)
        out.extend(f"{b} {text}" for text in entry.bullets)
    out.extend(" | ".join(cell for cell in row if cell) for row in section.table)
    return out


# --- text ----------------------------------------------------------------------------------------------
def render_txt(doc: CVDocument) -> bytes:
    """Plain UTF-8 text, one blank line between blocks."""
    lines: list[str] = []
    if doc.title_line:
        lines.append(doc.title_line)
    lines.append(doc.name_line)
    if doc.headline:
        lines.append(doc.headline)
    lines.extend(_contact_lines(doc))
    for section in doc.sections:
        lines += ["", section.title, *_section_lines(doc, section)]
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- PDF -----------------------------------------------------------------------------------------------
def _new_pdf():
    from fpdf import FPDF  # imported lazily: only PDF rendering needs it

    pdf = FPDF(format="A4", unit="mm")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_creation_date(_FIXED_DATE)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(18, 15, 18)
    pdf.add_page()
    return pdf


def _pdf_bytes(pdf) -> bytes:
    return bytes(pdf.output())


def _write(
    pdf, width: float, text: str, *, size: float = 10, style: str = "", height: float | None = None
) -> None:
    pdf.set_font("Helvetica", style=style, size=size)
    pdf.multi_cell(width, height or size * 0.5, text, new_x="LMARGIN", new_y="NEXT")


def _write_fit(pdf, width: float, text: str, *, size: float = 9) -> None:
    # A designer shrinks a long e-mail address to fit the sidebar rather than breaking it.
    pdf.set_font("Helvetica", size=size)
    while size > 6 and pdf.get_string_width(text) > width - 2:
        size -= 0.5
        pdf.set_font("Helvetica", size=size)
    pdf.multi_cell(width, 4.5, text, new_x="LMARGIN", new_y="NEXT")


def _write_bullets(pdf, width: float, bullet: str, items: tuple[str, ...], *, size: float = 10) -> None:
    left = pdf.l_margin
    for text in items:
        pdf.set_font("Helvetica", size=size)
        pdf.set_x(left)
        pdf.cell(4, size * 0.5, bullet)
        pdf.set_left_margin(left + 4)
        pdf.multi_cell(width - 4, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_left_margin(left)


def _write_section(pdf, doc: CVDocument, section: Section, width: float, *, small: bool = False) -> None:
    size = 9 if small else 10
    pdf.ln(2.5)
    _write(pdf, width, section.title, size=size + 1.5, style="B", height=6)
    y = pdf.get_y()
    pdf.set_draw_color(150, 150, 150)
    pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
    pdf.ln(1.5)
    for paragraph in section.paragraphs:
        _write(pdf, width, paragraph, size=size)
    if section.items:
        if section.list_style == "comma":
            _write(pdf, width, ", ".join(section.items), size=size)
        elif section.list_style == "dots" and not small:
            _write(pdf, width, " \u2022 ".join(section.items), size=size)
        elif section.list_style in ("lines", "dots"):
            for item in section.items:
                _write(pdf, width, item, size=size)
        else:
            _write_bullets(pdf, width, _bullet(doc), section.items, size=size)
    for entry in section.entries:
        _write_entry(pdf, doc, entry, width, size)
    for row in section.table:
        pdf.set_font("Helvetica", size=size)
        cells = [cell for cell in row if cell]
        if small:  # a narrow sidebar has no room for a table: one "Language - level" line per row
            _write(pdf, width, " \u2013 ".join(cells), size=size)
        elif len(cells) == 2:
            pdf.cell(width * 0.45, size * 0.5, cells[0])
            pdf.cell(width * 0.55, size * 0.5, cells[1], new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.cell(width, size * 0.5, cells[0] if cells else "", new_x="LMARGIN", new_y="NEXT")


def _write_entry(pdf, doc: CVDocument, entry: Entry, width: float, size: float) -> None:
    pdf.ln(1)
    for i, line in enumerate(entry.header):
        _write(pdf, width, line, size=size, style="B" if i == 0 else "")
    _write_bullets(pdf, width, _bullet(doc), entry.bullets, size=size)


def _write_header(pdf, doc: CVDocument, width: float, *, contacts: bool) -> None:
    if doc.title_line:
        _write(pdf, width, doc.title_line, size=9, style="B")
    _write(pdf, width, doc.name_line, size=18, style="B", height=9)
    if doc.headline:
        _write(pdf, width, doc.headline, size=12, height=6)
    if contacts:
        for line in _contact_lines(doc):
            _write(pdf, width, line, size=9, height=4.5)


def render_pdf(doc: CVDocument) -> bytes:
    """One-column PDF, sections in document order."""
    pdf = _new_pdf()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    _write_header(pdf, doc, width, contacts=True)
    for section in doc.sections:
        _write_section(pdf, doc, section, width)
    return _pdf_bytes(pdf)


_SIDEBAR_KINDS = frozenset({"skills", "languages", "certifications", "personal"})


def render_pdf_two_columns(doc: CVDocument) -> bytes:
    """Two-column PDF: name across the top, a shaded sidebar (contact, skills, languages, certificates)
    on the left and the main column (summary, experience, education) on the right.  The columns are
    written one after the other, sidebar or main column first as the document says."""
    pdf = _new_pdf()
    full = pdf.w - pdf.l_margin - pdf.r_margin
    _write_header(pdf, doc, full, contacts=False)
    top = pdf.get_y() + 4
    side_x, side_w = 12.0, 56.0
    main_x, main_w = 74.0, pdf.w - 74.0 - 14.0
    pdf.set_fill_color(236, 239, 243)
    pdf.rect(side_x - 2, top - 2, side_w + 4, pdf.h - top - 10, style="F")

    def sidebar() -> None:
        pdf.page = 1
        pdf.set_left_margin(side_x)
        pdf.set_xy(side_x, top)
        _write(pdf, side_w, "Contact", size=10.5, style="B", height=6)
        for item in doc.contacts:
            _write_fit(pdf, side_w, item)
        for section in doc.sections:
            if section.kind in _SIDEBAR_KINDS:
                _write_section(pdf, doc, section, side_w, small=True)

    def main() -> None:
        pdf.page = 1
        pdf.set_left_margin(main_x)
        pdf.set_xy(main_x, top)
        for section in doc.sections:
            if section.kind not in _SIDEBAR_KINDS:
                _write_section(pdf, doc, section, main_w)

    for part in (sidebar, main) if doc.sidebar_first else (main, sidebar):
        part()
    pdf.page = len(pdf.pages)
    return _pdf_bytes(pdf)


# --- DOCX ----------------------------------------------------------------------------------------------
def render_docx(doc: CVDocument) -> bytes:
    """Word document with heading styles, bullet lists and tables (header and language tables)."""
    import docx  # imported lazily: only DOCX rendering needs it
    from docx.shared import Pt

    document = docx.Document()
    props = document.core_properties
    props.created = props.modified = _FIXED_DATE.replace(tzinfo=None)
    props.author = props.last_modified_by = "HireScope synthetic"
    if doc.title_line:
        document.add_paragraph(doc.title_line)
    if doc.docx_header_table:
        table = document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.paragraphs[0].add_run(doc.name_line).bold = True
        if doc.headline:
            left.add_paragraph(doc.headline)
        right.paragraphs[0].text = doc.contacts[0]
        for item in doc.contacts[1:]:
            right.add_paragraph(item)
    else:
        run = document.add_paragraph().add_run(doc.name_line)
        run.bold = True
        run.font.size = Pt(20)
        if doc.headline:
            document.add_paragraph(doc.headline)
        for line in _contact_lines(doc):
            document.add_paragraph(line)
    for section in doc.sections:
        document.add_heading(section.title, level=1)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
        if section.items:
            if section.list_style == "comma":
                document.add_paragraph(", ".join(section.items))
            elif section.list_style == "dots":
                document.add_paragraph(" \u2022 ".join(section.items))
            elif section.list_style == "lines":
                for item in section.items:
                    document.add_paragraph(item)
            else:
                for item in section.items:
                    document.add_paragraph(item, style="List Bullet")
        for entry in section.entries:
            for i, line in enumerate(entry.header):
                paragraph = document.add_paragraph()
                paragraph.add_run(line).bold = i == 0
            for text in entry.bullets:
                document.add_paragraph(text, style="List Bullet")
        if section.table:
            table = document.add_table(rows=0, cols=2)
            for row in section.table:
                cells = table.add_row().cells
                cells[0].text = row[0]
                cells[1].text = row[1] if len(row) > 1 else ""
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """Re-pack a zip with fixed member timestamps, so the same document gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def render(doc: CVDocument, kind: str) -> bytes:
    """Bytes of the document in one of :data:`KINDS`."""
    if kind == "txt":
        return render_txt(doc)
    if kind == "pdf":
        return render_pdf(doc)
    if kind == "pdf2col":
        return render_pdf_two_columns(doc)
    if kind == "docx":
        return render_docx(doc)
    raise ValueError(f"unknown rendering {kind!r}; expected one of {', '.join(KINDS)}")
