"""Text decoding and the normalisation every extractor's output goes through."""

from __future__ import annotations

import codecs
import re
import unicodedata
from types import MappingProxyType

from charset_normalizer import from_bytes

# Characters that are layout artefacts rather than content. Ligatures are expanded so "ﬁnance" matches
# "finance"; the rest is zero-width or spacing noise from PDF and Word producers. U+FFFE is how pdfium
# marks a hyphen it removed when joining a word split across lines ("import\ufffeance").
_TRANSLATION = MappingProxyType(
    {
        **dict.fromkeys(map(ord, "\t\u00a0\u1680\u202f\u205f\u3000"), " "),
        **dict.fromkeys(range(0x2000, 0x200B), " "),  # en/em/thin/hair spaces
        **dict.fromkeys(map(ord, "\u00ad\u200b\u200e\u200f\u2060\ufeff\ufffe"), None),
        **dict.fromkeys(map(ord, "\x0b\x0c\u2028\u2029"), "\n"),
        **dict.fromkeys(map(ord, "\u2010\u2011"), "-"),
        ord("\ufb00"): "ff",
        ord("\ufb01"): "fi",
        ord("\ufb02"): "fl",
        ord("\ufb03"): "ffi",
        ord("\ufb04"): "ffl",
        ord("\ufb05"): "st",
        ord("\ufb06"): "st",
    }
)
# C0/C1 controls (except newline) and private-use glyphs (icon fonts for phone/e-mail bullets) carry no
# words; they become spaces so neighbouring words cannot fuse.
_NOISE = re.compile(r"[\x00-\x09\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]")
_HSPACE = re.compile(r"[^\S\n]+")
_LINE_EDGE_SPACE = re.compile(r" *\n *")
_BLANK_LINES = re.compile(r"\n{3,}")
# Some Word exports write one hyphen as "-\u00ad\u2010" ("on-campus"), which the table above turns into "--".
_DOUBLE_HYPHEN = re.compile(r"(?<=\w)--(?=\w)")
# Control characters that text editors never write; a binary decoded by force is ~10% these.
_BINARY_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")

# Stray NULs (padding, a botched copy) are dropped; a file with more is binary or BOM-less UTF-16. Random
# binary has one NUL in 256 bytes, so the allowance stays well below that.
_MAX_STRAY_NULS = 16
_MAX_NUL_SHARE = 0.001
# BOM-less UTF-16 of Latin text: the high byte of almost every code unit is zero, the low byte almost never.
_UTF16_ZERO_HIGH = 0.9
_UTF16_ZERO_LOW = 0.05
# Text that is UTF-8 apart from a few bad bytes (cut mid-character, one pasted cp1252 word) stays UTF-8
# when valid multi-byte characters outnumber the bad sequences, and these are at most 1% of the text.
_MAX_BAD_UTF8_SHARE = 0.01
# Markup at the start of a "text" file (WHATWG MIME sniffing's HTML and XML signatures, plus SVG): a web
# page or image renamed to .txt or .pdf, whose tags and scripts are not a CV.
_MARKUP = re.compile(
    r"[\s\ufeff]*(?:<\?xml|<!--|<svg|"
    r"<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p)[\s>])",
    re.IGNORECASE,
)

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # fmt: skip
# On short texts charset-normalizer often ranks an exotic code page (cp775: "Jürgen" -> "J³rgen") level
# with cp1252; Western CVs are overwhelmingly cp1252, so it wins any near tie.
_PREFERRED_LEGACY = "cp1252"
_CHAOS_TIE = 0.05


def normalise(text: str) -> str:
    """Return ``text`` with layout noise removed, ready for tokenising and display."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATION)
    text = _NOISE.sub(" ", text)
    text = _DOUBLE_HYPHEN.sub("-", _HSPACE.sub(" ", text))
    text = _LINE_EDGE_SPACE.sub("\n", text)
    return _BLANK_LINES.sub("\n\n", text).strip()


def decode_text(data: bytes) -> str | None:
    """Decode bytes that should be plain text; ``None`` when no encoding yields plausible text.

    BOMs decide first; NUL bytes mean BOM-less UTF-16, a few stray NULs (dropped) or binary; then UTF-8,
    UTF-8 with a few bad bytes dropped, and finally charset-normalizer's best guess.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    nuls = data.count(b"\x00")
    if nuls:
        encoding = _bomless_utf16(data)
        if encoding:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
        if nuls > max(_MAX_STRAY_NULS, _MAX_NUL_SHARE * len(data)):
            return None
        data = data.replace(b"\x00", b" ")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    multibyte = len(lenient) - len(lenient.encode("ascii", "ignore")) - bad
    if multibyte >= bad and bad <= max(1, _MAX_BAD_UTF8_SHARE * len(lenient)):
        return lenient.replace("\ufffd", "")
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        if _PREFERRED_LEGACY in match.could_be_from_charset and match.chaos <= best.chaos + _CHAOS_TIE:
            return data.decode(_PREFERRED_LEGACY, errors="replace")
    return str(best)


def _bomless_utf16(data: bytes) -> str | None:
    if len(data) < 4 or len(data) % 2:
        return None
    even_zero = data[0::2].count(0) / (len(data) // 2)
    odd_zero = data[1::2].count(0) / (len(data) // 2)
    if odd_zero >= _UTF16_ZERO_HIGH and even_zero <= _UTF16_ZERO_LOW:
        return "utf-16-le"
    if even_zero >= _UTF16_ZERO_HIGH and odd_zero <= _UTF16_ZERO_LOW:
        return "utf-16-be"
    return None


def starts_with_markup(text: str) -> bool:
    """True when the text opens like an HTML, XML or SVG document."""
    return _MARKUP.match(text[:1024]) is not None


def looks_like_text(text: str) -> bool:
    """True when nearly all characters are printable (binary decoded by force is full of controls)."""
    return len(_BINARY_CHARS.findall(text)) <= 0.02 * len(text)
