"""Emails to candidates, through Django's email framework (console backend by default, SMTP by settings).

Links are built here, in the worker, from the user id: tokens never travel through the broker.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string

from accounts.models import User
from hiresscope.mail import email_send

SUBJECTS = {
    "verify_email": "Confirm your email address",
    "password_reset": "Reset your password",
    "employer_password_reset": "Reset your HireScope password",
}


def _link(path: str, **query: str) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}?{urlencode(query)}"


def candidate_email_send(*, user_id: str, kind: str) -> bool:
    """Render and send one email; False when the user is gone or inactive (nothing to send)."""
    from accounts.services import email_verification_token, password_reset_token

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    context = {"user": user, "product": "HireScope"}
    if kind == "verify_email":
        context["link"] = _link(
            settings.CANDIDATE_VERIFY_EMAIL_PATH, token=email_verification_token(user=user)
        )
        context["hours"] = settings.EMAIL_VERIFICATION_MAX_AGE // 3600
    elif kind == "password_reset":
        uid, token = password_reset_token(user=user)
        context.update(
            uid=uid, token=token, link=_link(settings.CANDIDATE_PASSWORD_RESET_PATH, uid=uid, token=token)
        )
    elif kind == "employer_password_reset":
        uid, token = password_reset_token(user=user)
        context["link"] = _link(settings.EMPLOYER_PASSWORD_RESET_PATH, uid=uid, token=token)
    else:
        raise ValueError(f"unknown email kind {kind!r}")
    body = render_to_string(f"accounts/email/{kind}.txt", context)
    email_send(subject=SUBJECTS[kind], body=body, to=[user.email])
    return True
