"""Watch-for cards: ticking one logs a moment (the thing happened, outside any plan).

The moment is the record: a watch-for item is never marked done, so progress counts the event
once (moments count like done activities there). The moment carries a note ("Spotted: " and the
card's title), which is how the week page knows the card is ticked and how un-ticking finds the
moment again. A parent who edits that note keeps the moment; the card then shows as not ticked
and can be ticked again.

The note is written once, in the language of the adult who ticked ("Visto: Rescatar los
juguetes en equipo"), and stored as it is: it is the family's own note from then on (they can
edit it, export it, read it on the notes page), like any note they type, so it is not re-worded
at read time. Finding it again accepts the note in every language the app offers (and the
English of notes written before this), so a tick made by a Spanish-speaking parent still shows
as ticked to a French-speaking one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from flask_babel import force_locale, gettext

from ..extensions import db
from ..i18n import as_locale, available_languages, localized
from ..models import Household, Moment, PlanItem


def marker(item: PlanItem) -> str:
    """The note a tick writes, in the active language, with the card's title in it."""
    return gettext("Spotted: %(title)s", title=localized(item.activity).title)


def markers(item: PlanItem) -> set[str]:
    """The tick's note in every language offered, and in English as notes were first written."""
    found = {f"Spotted: {item.activity.title}"}
    for code in available_languages():
        with force_locale(as_locale(code)):
            found.add(marker(item))
    return found


def moment_day(household: Household, week_start: date) -> date | None:
    """The day a tick is logged on: today, or the week's last day for a week gone by; None for a
    week not yet begun (nothing can have been spotted yet)."""
    today = household.today()
    if today < week_start:
        return None
    return min(today, week_start + timedelta(days=6))


def week_moments(household_id: int, week_start: date) -> list[Moment]:
    """The moments logged on the days of this week, in the order they happened."""
    return list(
        db.session.execute(
            db.select(Moment)
            .where(
                Moment.household_id == household_id,
                Moment.happened_on >= week_start,
                Moment.happened_on < week_start + timedelta(days=7),
            )
            .order_by(Moment.happened_on, Moment.id)
        ).scalars()
    )


def spotted_moment(item: PlanItem, moments: Iterable[Moment]) -> Moment | None:
    """The moment that ticks `item` off, if any."""
    practice = item.activity.practice
    candidates = [m for m in moments if m.practice == practice]
    if not candidates:
        return None
    marks = markers(item)
    return next((m for m in candidates if m.note in marks), None)


def spot(household: Household, user_id: int, item: PlanItem, week_start: date) -> Moment | None:
    """Tick a watch-for card: log its moment (idempotent: a second tick adds nothing).

    Returns the moment, or None when the week has not begun."""
    day = moment_day(household, week_start)
    if day is None:
        return None
    existing = spotted_moment(item, week_moments(household.id, week_start))
    if existing is not None:
        return existing
    moment = Moment(
        household_id=household.id,
        practice=item.activity.practice,
        happened_on=day,
        note=marker(item),
        created_by_id=user_id,
        children=list(item.children),
    )
    db.session.add(moment)
    return moment


def unspot(household: Household, item: PlanItem, week_start: date) -> bool:
    """Un-tick: remove the moment the tick logged (idempotent). True when one was removed."""
    existing = spotted_moment(item, week_moments(household.id, week_start))
    if existing is None:
        return False
    db.session.delete(existing)
    return True
