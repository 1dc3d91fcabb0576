"""What the settings pages share: a tenant's object or a 404, and a service's refusal as a message."""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest

from hiresscope.exceptions import DomainError, NotFoundError

T = TypeVar("T")


def found(selector: Callable[..., T], **kwargs) -> T:
    """``selector(**kwargs)``, with a missing (or another tenant's) object as the 404 page."""
    try:
        return selector(**kwargs)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc


def attempt(request: HttpRequest, action: Callable[[], T], success: str) -> T | None:
    """Run a service call; say how it went as a message. A refusal (``DomainError``) is shown, not raised."""
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, success)
    return result
