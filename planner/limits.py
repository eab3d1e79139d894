"""How much one family can store: generous caps, the same in the forms and in import, so one
household can never fill the server's disk or slow every page down for everyone."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import format_number, gettext
from sqlalchemy import func

from .extensions import db
from .models import Activity, Child, Moment, PlanItem, Ritual


@dataclass(frozen=True)
class Limit:
    """A cap on one kind of row, and the words for it."""

    what: str
    most: int

    def goes_over(self, count: int, adding: int = 1) -> bool:
        """True when a family holding `count` rows would go over the cap by adding `adding`."""
        return count + adding > self.most

    def message(self) -> str:
        """The sentence in the reader's language, the number written their way ("20.000")."""
        return gettext(SENTENCES[self.what], num=format_number(self.most))


def N_(text: str) -> str:
    """Mark `text` for the catalogue; `Limit.message` translates it."""
    return text


# One whole sentence per kind, so each language can word it its own way.
SENTENCES = {
    "children": N_("A family can keep at most %(num)s children in Together."),
    "moments": N_("A family can keep at most %(num)s moments in Together."),
    "own cards": N_("A family can keep at most %(num)s own cards in Together."),
    "weekly rituals": N_("A family can keep at most %(num)s weekly rituals in Together."),
    "notes on activities": N_("A family can keep at most %(num)s notes on activities in Together."),
}
CHILDREN = Limit("children", 30)
MOMENTS = Limit("moments", 20000)
OWN_CARDS = Limit("own cards", 1000)
RITUALS = Limit("weekly rituals", 50)
NOTES = Limit("notes on activities", 20000)


def counted(limit: Limit, household_id: int):
    """The COUNT statement for the rows `limit` caps (a caller may read it as a subquery)."""
    counted_rows = {
        CHILDREN.what: (Child.id, Child.household_id == household_id),
        MOMENTS.what: (Moment.id, Moment.household_id == household_id),
        OWN_CARDS.what: (Activity.id, Activity.household_id == household_id),
        RITUALS.what: (Ritual.id, Ritual.household_id == household_id),
        NOTES.what: (PlanItem.id, (PlanItem.household_id == household_id) & (PlanItem.note != "")),
    }
    column, condition = counted_rows[limit.what]
    return db.select(func.count(column)).where(condition)


def count_of(limit: Limit, household_id: int) -> int:
    """How many rows the family has of the kind `limit` caps (one COUNT query)."""
    return db.session.execute(counted(limit, household_id)).scalar_one()


def is_full(limit: Limit, household_id: int, adding: int = 1) -> bool:
    """True when adding `adding` more would go over the cap."""
    return limit.goes_over(count_of(limit, household_id), adding)
