"""The hiring pipeline's stages and the moves a person may make between them: the one table.

NEW → SHORTLISTED → INTERVIEW → OFFER → HIRED, with REJECTED reachable from every open stage. A
recruiter may skip ahead where recruiters do (NEW straight to INTERVIEW, SHORTLISTED straight to
OFFER), step back one stage to undo a slip, and reopen a rejection (it goes back to NEW). HIRED is
reached only through an accepted OFFER, and leaves only back to OFFER (a hire recorded by mistake).
Everything else is refused, so a history reads as a plausible hiring story.
"""

from candidates.models import ApplicationStatus as S

# Stages in pipeline order: ``ordering=status`` sorts by this, not by the codes' spelling.
PIPELINE_ORDER: tuple[str, ...] = (S.NEW, S.SHORTLISTED, S.INTERVIEW, S.OFFER, S.HIRED, S.REJECTED)

TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.NEW: (S.SHORTLISTED, S.INTERVIEW, S.REJECTED),
    S.SHORTLISTED: (S.NEW, S.INTERVIEW, S.OFFER, S.REJECTED),
    S.INTERVIEW: (S.SHORTLISTED, S.OFFER, S.REJECTED),
    S.OFFER: (S.INTERVIEW, S.HIRED, S.REJECTED),
    S.HIRED: (S.OFFER,),
    S.REJECTED: (S.NEW,),
}


def allowed_next(status: str) -> tuple[str, ...]:
    """The stages an application in ``status`` may move to (staying put is always allowed)."""
    return TRANSITIONS.get(status, ())
