"""What the settings pages share: a service's refusal as a message."""

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.http import HttpRequest

from hiresscope.exceptions import DomainError

T = TypeVar("T")


def attempt(request: HttpRequest, action: Callable[[], T], success: str) -> T | None:
    """Run a service call; say how it went as a message. A refusal (``DomainError``) is shown, not raised."""
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    messages.success(request, success)
    return result
