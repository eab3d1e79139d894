"""Each household's settled history, summed once and stored, so progress costs the same in year ten.

The progress page needs every week the family ever had (the strength is a running average from
their first week, favourites and per-child counts are totals). Weeks more than `SETTLED_AFTER`
weeks back almost never change, so their sums are kept in one row per household
(`ProgressSummary`) and the page asks the database only for the weeks since: a few weeks of rows,
however long the history.

- **Written** when a family's new week is created (`refresh_if_due`, from `items.get_or_create_week`:
  once a week for a family that plans), by the `flask progress summarise` command, and by the
  migration that added the table. Never by a GET.
- **Forgotten** in the same transaction as any write that could change a settled week: a plan item
  or moment dated in or near the settled weeks added, deleted or changed in what progress counts;
  an old week deleted; a child deleted; a card's practice changed; the week start changed. A bulk
  statement on those tables forgets every household's summary (or only the one named by
  `bulk_writes_of`). Until the next refresh the page reads the whole history, as before: slower,
  never wrong.
- **Ignored** when it does not fit the page: another week start, other practices, a format from
  another version, or settled weeks that reach the current week.
"""

from __future__ import annotations

import base64
import json
import sys
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import delete, event, inspect
from sqlalchemy.exc import IntegrityError

from .. import clock, practices
from ..extensions import db
from ..models import Activity, Child, Household, Moment, PlanItem, ProgressSummary, Week
from . import history, queries

SETTLED_AFTER = 8  # weeks: older weeks are summed once; newer ones change as families catch up
FORMAT = 1
TRACKED_TABLES = frozenset(
    {"plan_item", "plan_item_participant", "moment", "moment_child", "week", "child", "activity"}
)
BULK_HOUSEHOLD = "progress_summary_bulk_household"


@dataclass(frozen=True)
class Stored:
    """A household's settled weeks, per-child counts and favourite counts before `through`."""

    settled: history.Settled
    children: dict[int, dict[str, tuple[int, int]]]
    favourites: dict[int, tuple[int, int, int]]

    @property
    def through(self) -> date:
        return self.settled.through


def through_for(current: date) -> date:
    """The first week left out of a summary made while `current` is the family's week."""
    return current - timedelta(weeks=SETTLED_AFTER)


def compute(household_id: int, starts_on: int, through: date) -> Stored:
    """Sum everything before `through` (three statements over the whole history)."""
    slugs = list(practices.PRACTICES)
    rows = queries.history_rows(household_id, slugs, before=through)
    return Stored(
        settled=history.settle(rows, slugs, starts_on, through),
        children=queries.child_practice_counts(household_id, before=through),
        favourites=queries.favourite_counts(household_id, before=through),
    )


def packed(values: list, typecode: str) -> str:
    """A column as base64 of its little-endian machine values (8-byte ints "q", doubles "d",
    flags "b"): a ten-year column decodes in microseconds, where JSON took a millisecond over the
    floats of three strength columns."""
    column = array(typecode, values)
    if sys.byteorder == "big":
        column.byteswap()
    return base64.b64encode(column.tobytes()).decode("ascii")


def unpacked(text: str, typecode: str) -> list:
    column = array(typecode, base64.b64decode(text))
    if sys.byteorder == "big":
        column.byteswap()
    return column.tolist()


def encode(stored: Stored, starts_on: int) -> str:
    settled = stored.settled
    return json.dumps(
        {
            "format": FORMAT,
            "starts_on": starts_on,
            "practices": list(settled.planned),
            "first": settled.first.isoformat() if settled.first else None,
            "planned_any": packed(settled.planned_any, "b"),
            "planned": {slug: packed(column, "q") for slug, column in settled.planned.items()},
            "done": {slug: packed(column, "q") for slug, column in settled.done.items()},
            "moments": {slug: packed(column, "q") for slug, column in settled.moments.items()},
            "strength": {slug: packed(column, "d") for slug, column in settled.strength.items()},
            "state": settled.state,
            "has_rows": settled.has_rows,
            "children": stored.children,
            "favourites": stored.favourites,
        },
        separators=(",", ":"),
    )


def decode(text: str, through: date, starts_on: int, slugs: list[str]) -> Stored | None:
    """The stored summary, or None when it was made for another week start or practices."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if data.get("format") != FORMAT or data["starts_on"] != starts_on or data["practices"] != slugs:
        return None
    settled = history.Settled(
        through=through,
        first=date.fromisoformat(data["first"]) if data["first"] else None,
        planned_any=[bool(flag) for flag in unpacked(data["planned_any"], "b")],
        planned={slug: unpacked(column, "q") for slug, column in data["planned"].items()},
        done={slug: unpacked(column, "q") for slug, column in data["done"].items()},
        moments={slug: unpacked(column, "q") for slug, column in data["moments"].items()},
        strength={slug: unpacked(column, "d") for slug, column in data["strength"].items()},
        state={slug: tuple(value) for slug, value in data["state"].items()},
        has_rows=data["has_rows"],
    )
    return Stored(
        settled=settled,
        children={
            int(child): {slug: tuple(pair) for slug, pair in counts.items()}
            for child, counts in data["children"].items()
        },
        favourites={int(card): tuple(counts) for card, counts in data["favourites"].items()},
    )


def load(household: Household, current: date) -> Stored | None:
    """The household's summary if it fits this page (one statement), else None."""
    row = db.session.execute(
        db.select(ProgressSummary.through, ProgressSummary.data).where(
            ProgressSummary.household_id == household.id
        )
    ).first()
    if row is None or row.through > current:
        return None
    return decode(row.data, row.through, household.week_starts_on, list(practices.PRACTICES))


def refresh(household: Household, current: date) -> None:
    """Sum the settled weeks again and store them (the caller commits)."""
    through = through_for(current)
    stored = compute(household.id, household.week_starts_on, through)
    data = encode(stored, household.week_starts_on)
    try:
        with db.session.begin_nested():
            row = db.session.get(ProgressSummary, household.id)
            if row is None:
                db.session.add(
                    ProgressSummary(household_id=household.id, through=through, data=data)
                )
            else:
                row.through, row.data, row.built_at = through, data, clock.now_utc()
    except IntegrityError:
        pass  # another request stored the same sums a moment ago


def refresh_if_due(household: Household, current: date) -> bool:
    """Refresh the summary when it is missing, made for another week start, or a week behind."""
    row = db.session.execute(
        db.select(ProgressSummary.through, ProgressSummary.data).where(
            ProgressSummary.household_id == household.id
        )
    ).first()
    fits = row is not None and (
        row.through == through_for(current)
        and decode(row.data, row.through, household.week_starts_on, list(practices.PRACTICES))
    )
    if fits:
        return False
    refresh(household, current)
    return True


def refresh_all(only_due: bool = True) -> int:
    """Refresh the summaries of every household (only those due, by default); returns how many
    were written. For the command and the benchmarks' seeds."""
    from ..household import this_week

    count = 0
    for household in db.session.execute(db.select(Household)).scalars():
        if only_due:
            count += refresh_if_due(household, this_week(household))
        else:
            refresh(household, this_week(household))
            count += 1
    return count


# ---- forgetting: a write that could change a settled week drops the household's summary --------


def earliest_safe_day() -> date:
    """Days from here on can't be in anyone's settled weeks.

    A summary's `through` is at most the family's week start minus `SETTLED_AFTER` weeks, so at
    most (UTC today + a day for time zones) - SETTLED_AFTER weeks; an item belongs to a week that
    starts at most 6 days before its day. A day's slack on top covers the time zones.
    """
    return clock.now_utc().date() - timedelta(weeks=SETTLED_AFTER - 1, days=1)


def changed(obj, names: tuple[str, ...]) -> bool:
    """True when any of the attributes (or collections) holds a net change."""
    state = inspect(obj)
    for name in names:
        attr_history = state.attrs[name].history
        if not attr_history.has_changes():
            continue
        if list(attr_history.added) != list(attr_history.deleted):
            return True
    return False


def values(obj, name: str) -> list:
    """Every value the attribute had or has in this flush (loading it if it was expired)."""
    attr_history = inspect(obj).attrs[name].history
    seen = [*attr_history.added, *attr_history.unchanged, *attr_history.deleted]
    return seen or [getattr(obj, name)]


def reaches_back(obj, name: str, safe: date) -> bool:
    return any(day is None or day < safe for day in values(obj, name))


# Rows placed in time by a day: (the day's attribute, the attributes whose change progress counts).
DATED = {
    PlanItem: ("day", ("done_at", "rating", "activity_id", "week_id", "day", "participants")),
    Moment: ("happened_on", ("practice", "happened_on", "children")),
    Week: ("week_start", ("week_start",)),
}


def may_change_settled(obj, kind: str, safe: date) -> bool:
    """Whether adding ("new"), changing ("dirty") or deleting ("deleted") `obj` may change a
    settled week's figures."""
    dated = DATED.get(type(obj))
    if dated is not None:
        day_name, counted = dated
        if (kind == "new" and isinstance(obj, Week)) or (
            kind == "dirty" and not changed(obj, counted)
        ):
            return False  # an empty week counts for nothing; a changed note is not counted
        return reaches_back(obj, day_name, safe)
    if isinstance(obj, Child):
        return kind == "deleted"  # its counts go (and SQLite may give its id to the next child)
    if isinstance(obj, Activity):
        return kind == "deleted" or (kind == "dirty" and changed(obj, ("practice",)))
    if isinstance(obj, Household):
        return kind == "dirty" and changed(obj, ("week_starts_on",))
    return False


def stale_households(session) -> set[int | None]:
    """Households whose settled weeks this flush may change (None: every household, when a
    library card changes practice)."""
    safe = earliest_safe_day()
    stale: set[int | None] = set()
    for kind, objects in (
        ("new", session.new),
        ("dirty", session.dirty),
        ("deleted", session.deleted),
    ):
        for obj in objects:
            if may_change_settled(obj, kind, safe):
                stale.add(obj.id if isinstance(obj, Household) else obj.household_id)
    return stale


def forget(session, households: set[int | None]) -> None:
    table = ProgressSummary.__table__
    statement = delete(table)
    if None not in households:
        statement = statement.where(table.c.household_id.in_(households))
    session.execute(statement)


@event.listens_for(db.session.__class__, "before_flush")
def forget_changed_history(session, flush_context, instances) -> None:
    stale = stale_households(session)
    if stale:
        forget(session, stale)


@event.listens_for(db.session.__class__, "do_orm_execute")
def forget_after_bulk_writes(execute_state) -> None:
    """A bulk INSERT, UPDATE or DELETE bypasses the flush: forget conservatively."""
    if execute_state.is_select:
        return
    table = getattr(execute_state.statement, "table", None)
    if getattr(table, "name", None) not in TRACKED_TABLES:
        return
    household_id = execute_state.session.info.get(BULK_HOUSEHOLD)
    forget(execute_state.session, {household_id})


@contextmanager
def bulk_writes_of(household_id: int) -> Iterator[None]:
    """Bulk statements in this block touch only `household_id`'s rows (deleting a household):
    only its summary is forgotten, not every family's."""
    info = db.session.info
    info[BULK_HOUSEHOLD] = household_id
    try:
        yield
    finally:
        info.pop(BULK_HOUSEHOLD, None)
