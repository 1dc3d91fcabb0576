"""Blind review: what a reviewer may not see of a candidate, hidden the same way by every interface.

The API's serializers and the dashboard's pages both pass their plain rows through
:func:`redact_personal_fields`, so a page can never show more of a person than the API would.
"""


def redact_personal_fields(data: dict) -> None:
    """Blind review: a reviewer sees the evidence and the score, not who the person is."""
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
