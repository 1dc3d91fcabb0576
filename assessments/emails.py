"""The invitation and reminder emails. Built in the worker: the link's token is minted here, so it never
travels through the broker, and it is stored only as a hash (``services.invitation_mint_token``)."""

from django.template.loader import render_to_string
from django.urls import reverse

from assessments.services import allowed_seconds, invitation_mint_token, public_base_url
from hiresscope.mail import email_send


def assessment_link(token: str) -> str:
    return public_base_url() + reverse("careers:assessment", kwargs={"token": token})


def invitation_email_send(*, invitation_id: str, reminder: bool = False) -> bool:
    minted = invitation_mint_token(invitation_id=invitation_id, reminder=reminder)
    if minted is None:
        return False
    invitation, token = minted
    context = {
        "company": invitation.tenant.name,
        "assessment": invitation.definition.name,
        "name": invitation.candidate.full_name,
        "minutes": round(allowed_seconds(invitation) / 60),
        "extra_time_percent": invitation.extra_time_percent,
        "link": assessment_link(token),
        "expires_at": invitation.expires_at,
        "reminder": reminder,
    }
    body = render_to_string("assessments/email/invitation.txt", context)
    subject = ("Reminder: " if reminder else "") + f"{invitation.tenant.name} invites you to an assessment"
    email_send(subject=subject, body=body, to=[invitation.candidate.email])
    return True
