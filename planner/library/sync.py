"""Sync the card files into the `activity` table: add new, update changed, retire removed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..extensions import db
from ..models import Activity
from .loader import CARD_FIELDS, Card

SYNCED_FIELDS = (*CARD_FIELDS, "for_adults")
# Card attributes stored under another column name, or in another form.
RENAMED = {"time_of_day": lambda card: card.time, "needs": lambda card: card.needs_text}


@dataclass(frozen=True)
class SyncReport:
    added: int
    updated: int
    retired: int
    unchanged: int

    def __str__(self) -> str:
        return (
            f"added {self.added}, updated {self.updated}, retired {self.retired}, "
            f"unchanged {self.unchanged}"
        )


def card_values(card: Card) -> dict:
    values = {field: getattr(card, field) for field in SYNCED_FIELDS}
    values["steps_text"] = "\n".join(card.steps)
    for column, read in RENAMED.items():
        values[column] = read(card)
    values["retired"] = False
    values["replaced_by"] = ""
    return values


def sync_library(cards: Sequence[Card]) -> SyncReport:
    """Make the library rows match `cards` (by slug); idempotent. The caller commits.

    Cards that left the files are retired, not deleted: plans made with them keep their history.
    """
    existing = {
        activity.slug: activity
        for activity in db.session.execute(
            db.select(Activity).where(Activity.household_id.is_(None))
        ).scalars()
    }
    added = updated = unchanged = retired = 0
    for card in cards:
        values = card_values(card)
        activity = existing.pop(card.slug, None)
        if activity is None:
            db.session.add(Activity(slug=card.slug, household_id=None, **values))
            added += 1
        elif any(getattr(activity, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(activity, key, value)
            updated += 1
        else:
            unchanged += 1
    replaced_by = {old: card.slug for card in cards for old in card.replaces}
    for activity in existing.values():
        if not activity.retired:
            activity.retired = True
            retired += 1
        activity.replaced_by = replaced_by.get(activity.slug, activity.replaced_by)
    db.session.flush()
    return SyncReport(added, updated, retired, unchanged)
