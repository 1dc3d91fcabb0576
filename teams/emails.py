"""The invitation email. Built in the worker: the link's token is minted here, so it never travels
through the broker, and it is stored only as a hash (``teams.services.invitation_mint_token``)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from hiresscope.mail import email_send
from teams.services import invitation_mint_token


def invitation_link(token: str) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("teams:join", kwargs={"token": token})


def invitation_email_send(*, invitation_id: str) -> bool:
    """Mint a fresh link and email it; False when the invitation is no longer pending (nothing to send)."""
    minted = invitation_mint_token(invitation_id=invitation_id)
    if minted is None:
        return False
    invitation, token = minted
    inviter = invitation.invited_by
    context = {
        "product": "HireScope",
        "company": invitation.tenant.name,
        "role": invitation.get_role_display().lower(),
        "inviter": (inviter.full_name or inviter.email) if inviter else invitation.tenant.name,
        "link": invitation_link(token),
        "expires_at": invitation.expires_at,
    }
    body = render_to_string("teams/email/invitation.txt", context)
    email_send(subject=f"Join {invitation.tenant.name} on HireScope", body=body, to=[invitation.email])
    return True
