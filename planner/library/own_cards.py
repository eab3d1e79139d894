"""A family's own cards: the one slug maker, shared by the own-card form and import."""

from __future__ import annotations

import re
import secrets
from collections.abc import Container

from .loader import RESERVED_PREFIX


def new_slug(household_id: int, title: str, taken: Container[str] = ()) -> str:
    """A slug that can never collide with the library's: own-<household>-<title words>-<random>.

    Library slugs may not start with the reserved `own-`; `taken` holds slugs this import made.
    """
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:50].strip("-") or "card"
    while True:
        slug = f"{RESERVED_PREFIX}{household_id}-{words}-{secrets.token_hex(3)}"
        if slug not in taken:
            return slug
