"""The one snake_case → camelCase rule: the API renderer's keys, error field paths, event payloads.

Pure Python (no Django, no DRF), so any module can import it. The rule is djangorestframework-camel-case's
(the renderer must match that library, ``tests/test_renderers.py``): an underscore followed by a
lower-case letter or digit is dropped and the character after it upper-cased (``email_2`` →
``email2``); anything else is left as written (``trailing_``, ``a__b`` → ``a_B``, ``foo_Bar``).
"""

import functools
import re

# The library's ``camelize_re`` and ``underscore_to_camel``, restated so this module needs no Django.
_UNDERSCORE = re.compile(r"[a-z0-9]?_[a-z0-9]")


def _join(match: re.Match) -> str:
    group = match.group()
    return group[0] + group[2].upper() if len(group) == 3 else group[1].upper()


@functools.lru_cache(maxsize=4096)
def camel_key(key: str) -> str:
    """``"status_changed_at"`` -> ``"statusChangedAt"`` (memoised: the same few keys come back often)."""
    return _UNDERSCORE.sub(_join, key) if "_" in key else key


def camel_names(names) -> list[str]:
    """Several snake_case names as camelCase, sorted (a stable order for payloads that list fields)."""
    return sorted(camel_key(name) for name in names)
