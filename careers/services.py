"""Writes for the careers pages: CVs kept between two submissions of the apply form.

When the CV is valid but another field is not (a typo in the email, consent not ticked), the form comes
back with the error, and browsers never refill a file input. So the judged CV is kept server-side
under a random token, the form carries the token in a hidden field, and the next submission uses it
instead of asking for the file again. A kept CV is used once (deleted when the application is made)
and expires after a day (:func:`cv_staging_cleanup`, called when a CV is kept and by a beat task).
"""

import json
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from candidates.intake import ACCEPTED_KINDS, CvFile

STAGING_DIR = "staging"
STAGING_MAX_AGE = timedelta(days=1)
# token_urlsafe(24) gives 32 characters of [A-Za-z0-9_-]; anything else is not one of ours (and could be
# a path), so it is refused before it reaches the storage.
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")


@dataclass(frozen=True)
class StagedCv:
    """A kept CV as the form shows it: the token to send back, the original name and size."""

    token: str
    filename: str
    size: int
    kind: str


def _paths(token: str) -> tuple[str, str]:
    return f"{STAGING_DIR}/{token}.cv", f"{STAGING_DIR}/{token}.json"


def cv_stage(*, cv: CvFile) -> StagedCv:
    """Keep a judged CV for the next submission of the form; returns what the form needs to show."""
    cv_staging_cleanup()
    token = secrets.token_urlsafe(24)
    data_path, meta_path = _paths(token)
    default_storage.save(data_path, ContentFile(cv.data))
    meta = {"filename": cv.filename, "kind": cv.kind, "size": len(cv.data)}
    default_storage.save(meta_path, ContentFile(json.dumps(meta).encode()))
    return StagedCv(token=token, filename=cv.filename, size=len(cv.data), kind=cv.kind)


def cv_staged_get(*, token: str) -> tuple[StagedCv, CvFile] | None:
    """The CV kept under ``token``, or None when the token is malformed, used or expired."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    data_path, meta_path = _paths(token)
    try:
        if timezone.now() - default_storage.get_modified_time(meta_path) > STAGING_MAX_AGE:
            return None
        with default_storage.open(meta_path) as handle:
            meta = json.loads(handle.read())
        with default_storage.open(data_path) as handle:
            data = handle.read()
    except (OSError, ValueError):
        return None
    if meta.get("kind") not in ACCEPTED_KINDS:
        return None
    cv = CvFile(data=data, kind=meta["kind"], filename=meta["filename"])
    return StagedCv(token=token, filename=cv.filename, size=len(data), kind=cv.kind), cv


def cv_staged_discard(*, token: str) -> None:
    """Forget a kept CV (after the application that used it was made)."""
    if TOKEN_PATTERN.match(token or ""):
        for path in _paths(token):
            default_storage.delete(path)


def cv_staging_cleanup(*, max_age: timedelta = STAGING_MAX_AGE) -> int:
    """Delete kept CVs older than ``max_age``; returns how many files were removed."""
    try:
        _, files = default_storage.listdir(STAGING_DIR)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - max_age
    removed = 0
    for name in files:
        path = f"{STAGING_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                removed += 1
        except FileNotFoundError:  # removed by a concurrent cleanup
            continue
    return removed
