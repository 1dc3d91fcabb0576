"""Judging an uploaded CV before anything is stored: size, emptiness, type by content, a safe name.

The uploader's filename and Content-Type are never trusted: the type is read from the bytes, the
extension (when there is one) must agree with it, and the name is cleaned and kept only as metadata.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from hiresscope.errors import ErrorCode
from hiresscope.exceptions import DomainError, PayloadTooLargeError, UnsupportedMediaTypeError
from scoring import parsing

# "doc" (Word 97-2003) is read by antiword in the worker; without it the application fails, retryably.
ACCEPTED_KINDS = ("pdf", "docx", "doc", "txt")
# Extensions a CV of each kind may carry; anything else with an extension is a mismatch.
EXTENSIONS_BY_KIND = {"pdf": {"pdf"}, "docx": {"docx"}, "txt": {"txt", "text", "md"}, "doc": {"doc"}}
# Extensions that name some other type: a CV called "cv.exe" or "cv.html" is refused even if its bytes are
# a PDF, because whoever opens the download later goes by the name. Unknown ones ("Jane.Smith") pass.
FOREIGN_EXTENSIONS = {
    "exe", "dll", "com", "scr", "msi", "bat", "cmd", "ps1", "sh", "js", "vbs", "jar", "apk", "py", "php",
    "html", "htm", "xhtml", "xml", "svg", "rtf", "odt", "pages", "zip", "rar", "7z", "gz", "tar",
    "png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "heic", "webp",
}  # fmt: skip
# How a stored CV is served back (the API's download and the dashboard's).
CV_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "txt": "text/plain",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
}
KNOWN_EXTENSIONS = set().union(*EXTENSIONS_BY_KIND.values(), FOREIGN_EXTENSIONS)
MAX_FILENAME_LENGTH = 150


@dataclass(frozen=True)
class CvFile:
    """An accepted CV: its bytes, the type read from them, and a display-safe original name."""

    data: bytes
    kind: str
    filename: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def safe_filename(raw_name: str | None, *, kind: str) -> str:
    """The uploader's name without directories, control or bidi-override characters; display only."""
    name = PureWindowsPath(PurePosixPath(raw_name or "").name).name
    # Category C* holds control, format (incl. RTL override U+202E, zero-width) and unassigned characters.
    name = "".join(
        ch for ch in unicodedata.normalize("NFC", name) if not unicodedata.category(ch).startswith("C")
    )
    name = re.sub(r"\s+", " ", name).strip(" .")
    if not name:
        return f"cv.{kind}"
    if len(name) > MAX_FILENAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        keep = MAX_FILENAME_LENGTH - len(extension) - 1
        name = f"{stem[:keep]}.{extension}" if dot and len(extension) <= 8 else name[:MAX_FILENAME_LENGTH]
    return name


def _extension(name: str) -> str | None:
    _, dot, extension = name.rpartition(".")
    return extension.lower() if dot and extension else None


def read_cv_upload(upload: UploadedFile) -> CvFile:
    """Read and judge one uploaded CV, or raise the error its uploader should see (400/413/415)."""
    limit = settings.CV_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise PayloadTooLargeError(
            f"The CV is {upload.size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:g} MB.",
            code=ErrorCode.FILE_TOO_LARGE,
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise PayloadTooLargeError(
            f"The CV is larger than {limit / 1_048_576:g} MB.", code=ErrorCode.FILE_TOO_LARGE
        )
    if not data.strip():
        raise DomainError(
            "Validation failed: file: The file is empty.",
            code=ErrorCode.EMPTY_FILE,
            fields={"file": ["The file is empty."]},
        )
    kind = parsing.detect_kind(data)
    if kind not in ACCEPTED_KINDS:
        raise UnsupportedMediaTypeError(
            "Unsupported file type: CVs must be PDF, DOCX, DOC or plain text (judged by the file's content).",
            code=ErrorCode.UNSUPPORTED_FILE_TYPE,
        )
    filename = safe_filename(upload.name, kind=kind)
    extension = _extension(filename)
    if extension in KNOWN_EXTENSIONS and extension not in EXTENSIONS_BY_KIND[kind]:
        raise UnsupportedMediaTypeError(
            f"The file is named .{extension} but its content is {kind.upper()}; rename or re-export it.",
            code=ErrorCode.EXTENSION_MISMATCH,
        )
    return CvFile(data=data, kind=kind, filename=filename)
