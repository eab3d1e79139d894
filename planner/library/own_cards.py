"""A family's own cards: the one slug maker, shared by the own-card form and import."""

from __future__ import annotations

import re
import secrets
from collections.abc import Container

from .loader import CARD_FIELDS, RESERVED_PREFIX, Card, card_problems, validate_card


def new_slug(household_id: int, title: str, taken: Container[str] = ()) -> str:
    """A slug that can never collide with the library's: own-<household>-<title words>-<random>.

    Library slugs may not start with the reserved `own-`; `taken` holds slugs this import made.
    """
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:50].strip("-") or "card"
    while True:
        slug = f"{RESERVED_PREFIX}{household_id}-{words}-{secrets.token_hex(3)}"
        if slug not in taken:
            return slug


def row_fields(card: Card) -> dict:
    """A checked card as the columns of its activity row (the slug is the caller's)."""
    fields = {name: getattr(card, name) for name in CARD_FIELDS}
    fields.update(
        steps_text="\n".join(card.steps),
        for_adults=card.for_adults,
        needs=card.needs_text,
        time_of_day=card.time,
    )
    return fields


def check_card(fields: dict) -> tuple[Card | None, dict[str, str]]:
    """The library's rules on an own card (from the form or a file): the card, or every problem
    as {field: message}. The slug is checked by whoever makes it, so a stand-in is used here."""
    raw = {**fields, "slug": "own-card"}
    problems = card_problems(raw)
    if problems:
        return None, problems
    return validate_card(raw), {}
