"""One-time form keys: each create form carries a fresh key; saving claims it in the same
transaction as the new row, so a double submit or a retried request finds it taken and creates
nothing twice.

Every tick claims a key, so keys are pruned: about one claim in `PRUNE_ONE_IN` (chosen by the
random key itself) also deletes its household's keys older than `KEEP` (through the household
index). A form submitted twice more than two days apart is no retry to guard against.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from .clock import now_utc
from .extensions import db
from .models import FormKey

KEEP = timedelta(days=2)
PRUNE_ONE_IN = 16


def new_key() -> str:
    return str(uuid.uuid4())


def clean(key: str | None) -> str | None:
    """The key in its canonical form, or None when it is missing or not a UUID."""
    try:
        return str(uuid.UUID(key or ""))
    except ValueError:
        return None


def claim(key: str | None, household_id: int) -> bool:
    """Claim `key` for this create; False when an earlier submit of the same form claimed it.

    A form without a (valid) key, e.g. from a page cached before keys existed, is not guarded.
    The claim is written in a savepoint, so a refusal leaves the rest of the transaction intact.
    """
    key = clean(key)
    if key is None:
        return True
    if db.session.get(FormKey, key) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(FormKey(key=key, household_id=household_id))
    except IntegrityError:  # a concurrent submit claimed it a moment ago
        return False
    if int(key[-1], 16) % PRUNE_ONE_IN == 0:  # a UUID4's last digit is random
        prune(household_id)
    return True


def prune(household_id: int) -> None:
    """Delete the household's keys older than KEEP."""
    db.session.execute(
        delete(FormKey).where(
            FormKey.household_id == household_id, FormKey.created_at < now_utc() - KEEP
        )
    )
