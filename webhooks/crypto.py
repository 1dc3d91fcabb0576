"""Endpoint secrets at rest.

We must sign with the secret on every delivery, so unlike API keys it cannot be stored as a hash. It is
stored encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) under keys derived
from ``WEBHOOKS_ENCRYPTION_KEYS`` (default: ``DJANGO_SECRET_KEY``): a database dump alone does not
reveal secrets, but anyone with both the dump and the application's keys can sign as us. The first key
encrypts; every listed key decrypts, so keys can be rotated by putting the new one first.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def _fernet() -> MultiFernet:
    keys = settings.WEBHOOKS_ENCRYPTION_KEYS or [settings.SECRET_KEY]
    return MultiFernet(
        [
            Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"hiresscope.webhooks:{key}".encode()).digest()))
            for key in keys
        ]
    )


def secret_encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode("ascii")


def secret_decrypt(token: str) -> str:
    """Raises ``cryptography.fernet.InvalidToken`` when no configured key opens it."""
    return _fernet().decrypt(token.encode("ascii")).decode()
