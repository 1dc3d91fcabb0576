"""Form helpers every HTML site shares (careers, the dashboard)."""

from django import forms

from hiresscope.exceptions import DomainError


def add_domain_error(form: forms.Form, exc: DomainError, *, field_map: dict[str, str] | None = None) -> None:
    """Show a service's refusal on the form: on the fields it names (``fields``), else above the form.

    ``field_map`` translates the service's field names (the API's camelCase) to the form's.
    """
    field_map = field_map or {}
    placed = False
    for name, messages in (exc.fields or {}).items():
        target = field_map.get(name, name)
        if target in form.fields:
            for message in messages:
                form.add_error(target, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)
