"""Phone numbers as one person's key: E.164 when the number says which country it belongs to."""

import phonenumbers


def phone_e164(raw: str) -> str | None:
    """``raw`` in E.164 (``+442079460123``) if it is a valid international number, else None.

    Only numbers written with their country code (``+44 …`` or ``0044 …``) are normalised. A national
    number (``020 7946 0123``) could belong to any country; guessing one would let two different people
    share a key, and a phone match attaches a CV to an existing person, so it must not guess.
    """
    text = (raw or "").strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    if not text.startswith("+"):
        return None
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_clean(raw: str) -> str:
    """What to store: the E.164 form when there is one, else the number as written (trimmed)."""
    return phone_e164(raw) or (raw or "").strip()
