"""Blind review: while a company has it on, reviewers see the evidence and the score, not who the person is.

The one place that decides what is hidden, for the API (serializers, the CV download) and the dashboard's
application page alike: the name, email and contact details of the candidate and the parsed profile, the
CV's file name, and the CV itself (its text and the original file name the person).
"""

from accounts.models import Tenant
from hiresscope.errors import ErrorCode
from hiresscope.exceptions import DomainError


def redact_personal_fields(data: dict) -> None:
    """Blank, in place, the fields of an application's representation that say who the person is."""
    if data.get("candidate"):
        data["candidate"] = {**data["candidate"], "full_name": None, "email": None}
    profile = data.get("parsed_profile")
    if profile:
        data["parsed_profile"] = {
            **profile,
            "name": None,
            "emails": [],
            "phones": [],
            "links": [],
            "location": None,
        }
    if "cv_filename" in data:
        data["cv_filename"] = None


def cv_require_visible(*, tenant: Tenant) -> None:
    """Refuse (403 ``blind_review``) to show the CV itself, file or full text, while blind review is on."""
    if tenant.blind_review:
        raise DomainError(
            "Blind review is on for this organisation: the original CV is hidden; "
            "the parsed profile and the explanation are available.",
            code=ErrorCode.BLIND_REVIEW,
            status_code=403,
        )
