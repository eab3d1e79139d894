"""Aggregate SQL for the progress pages: every figure is grouped in the database, one query each.

Each function runs exactly one statement scoped to one household, so a page built from them runs
the same number of queries for one week of history as for five years.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import (
    Date,
    Integer,
    String,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    null,
    union_all,
)

from ..extensions import db
from ..models import (
    Activity,
    Child,
    Moment,
    PlanItem,
    Week,
    moment_child,
    plan_item_participant,
)

# The page's statements are built once per shape and run with these parameters: building a
# SELECT with a dozen CASE columns cost more on every view than running it.
HOUSEHOLD = bindparam("household_id", type_=Integer)
SINCE = bindparam("since", type_=Date)
BEFORE = bindparam("before", type_=Date)


def in_span(column, since: bool, before: bool) -> list:
    """Conditions keeping `column` in [:since, :before), either end open when False.

    Plans are placed by their week's first day and moments by their day, the same days
    `history.build` buckets, so a span cut at a week boundary splits a history exactly in two.
    """
    conditions = []
    if since:
        conditions.append(column >= SINCE)
    if before:
        conditions.append(column < BEFORE)
    return conditions


def span_params(household_id: int, since: date | None, before: date | None) -> dict:
    params = {"household_id": household_id}
    if since is not None:
        params["since"] = since
    if before is not None:
        params["before"] = before
    return params


def plan_rows(household_id: int) -> list[tuple[date, str, int, int]]:
    """(week_start, practice, planned, done) for every week the household has planned."""
    return [
        tuple(row)
        for row in db.session.execute(
            db.select(
                Week.week_start,
                Activity.practice,
                func.count(PlanItem.id),
                func.count(PlanItem.done_at),
            )
            .join(PlanItem, PlanItem.week_id == Week.id)
            .join(Activity, Activity.id == PlanItem.activity_id)
            .where(Week.household_id == household_id, PlanItem.household_id == household_id)
            .group_by(Week.week_start, Activity.practice)
        )
    ]


def history_rows(
    household_id: int,
    practices: Sequence[str],
    since: date | None = None,
    before: date | None = None,
) -> list[tuple]:
    """The weekly history in one statement, one row per planned week and per day with moments:
    (day, items planned in any practice, then planned, done and moments for each of `practices`).

    A plan row's day is its week's first day; a moment row's day is the day it happened. Counts
    are pivoted into columns so a long history is a few hundred short rows, not one per practice.
    `since` and `before` keep the days in [since, before) (see `in_span`).
    """
    statement = history_statement(tuple(practices), since is not None, before is not None)
    return db.session.execute(statement, span_params(household_id, since, before)).all()


@lru_cache(maxsize=32)
def history_statement(practices: tuple[str, ...], since: bool, before: bool):
    plan_columns = [func.count(PlanItem.id)]
    moment_columns = [literal_column("0", Integer)]
    for slug in practices:
        is_slug = Activity.practice == slug
        plan_columns += [
            func.count(case((is_slug, PlanItem.id))),
            func.count(case((is_slug & PlanItem.done_at.is_not(None), PlanItem.id))),
            literal_column("0", Integer),
        ]
        moment_columns += [
            literal_column("0", Integer),
            literal_column("0", Integer),
            func.count(case((Moment.practice == slug, Moment.id))),
        ]
    plans = (
        db.select(Week.week_start, *plan_columns)
        .join(PlanItem, PlanItem.week_id == Week.id)
        .join(Activity, Activity.id == PlanItem.activity_id)
        .where(Week.household_id == HOUSEHOLD, PlanItem.household_id == HOUSEHOLD)
        .where(*in_span(Week.week_start, since, before))
        .group_by(Week.week_start)
    )
    moments = (
        db.select(Moment.happened_on, *moment_columns)
        .where(Moment.household_id == HOUSEHOLD)
        .where(*in_span(Moment.happened_on, since, before))
        .group_by(Moment.happened_on)
    )
    return union_all(plans, moments)


def moment_rows(household_id: int) -> list[tuple[date, str, int]]:
    """(day, practice, moments) for every day with a moment."""
    return [
        tuple(row)
        for row in db.session.execute(
            db.select(Moment.happened_on, Moment.practice, func.count(Moment.id))
            .where(Moment.household_id == household_id)
            .group_by(Moment.happened_on, Moment.practice)
        )
    ]


def household_children(household_id: int) -> list[Child]:
    """Every child of the household, archived ones too (their history stays), oldest first."""
    return list(
        db.session.execute(
            db.select(Child)
            .where(Child.household_id == household_id)
            .order_by(Child.birth_year, Child.birth_month, Child.id)
        ).scalars()
    )


def done_items(since: bool, before: bool):
    """The household's done plan items (:household_id) as a FROM clause and its conditions (join
    further from PlanItem). With a span they are reached through their weeks: the
    (household_id, week_start) key finds the few weeks since a summary, where plan_item's own
    household index would walk every item the family ever had."""
    if not since and not before:
        return PlanItem, [PlanItem.household_id == HOUSEHOLD, PlanItem.done_at.is_not(None)]
    weeks = db.join(Week, PlanItem, PlanItem.week_id == Week.id)
    return weeks, [
        Week.household_id == HOUSEHOLD,
        *in_span(Week.week_start, since, before),
        PlanItem.done_at.is_not(None),
    ]


def child_practice_counts(
    household_id: int, since: date | None = None, before: date | None = None
) -> dict[int, dict[str, tuple[int, int]]]:
    """child id -> practice -> (done activities they took part in, moments they were part of),
    for plans in weeks starting and moments on days in [since, before)."""
    statement = child_counts_statement(since is not None, before is not None)
    counts: dict[int, dict[str, tuple[int, int]]] = {}
    for child_id, practice, done, logged in db.session.execute(
        statement, span_params(household_id, since, before)
    ):
        counts.setdefault(child_id, {})[practice] = (int(done), int(logged))
    return counts


@lru_cache(maxsize=8)
def child_counts_statement(since: bool, before: bool):
    items, conditions = done_items(since, before)
    activities = (
        db.select(
            plan_item_participant.c.child_id.label("child_id"),
            Activity.practice.label("practice"),
            literal_column("1", Integer).label("is_activity"),
        )
        .select_from(items)
        .join(plan_item_participant, plan_item_participant.c.plan_item_id == PlanItem.id)
        .join(Activity, Activity.id == PlanItem.activity_id)
        .where(*conditions)
    )
    moments = (
        db.select(
            moment_child.c.child_id.label("child_id"),
            Moment.practice.label("practice"),
            literal_column("0", Integer).label("is_activity"),
        )
        .join(Moment, Moment.id == moment_child.c.moment_id)
        .where(Moment.household_id == HOUSEHOLD)
        .where(*in_span(Moment.happened_on, since, before))
    )
    both = union_all(activities, moments).subquery()
    return db.select(
        both.c.child_id,
        both.c.practice,
        func.sum(both.c.is_activity),
        func.count() - func.sum(both.c.is_activity),
    ).group_by(both.c.child_id, both.c.practice)


@dataclass(frozen=True)
class Favourite:
    activity: Activity
    average_rating: float | None
    times_done: int
    times_rated: int


def favourite_counts(
    household_id: int, since: date | None = None, before: date | None = None
) -> dict[int, tuple[int, int, int]]:
    """activity id -> (sum of ratings, times done, times rated) over the done items of weeks
    starting in [since, before), grouped by activity id alone (no card text in the grouping)."""
    statement = favourite_counts_statement(since is not None, before is not None)
    return {
        activity_id: (int(total), int(done), int(rated))
        for activity_id, total, done, rated in db.session.execute(
            statement, span_params(household_id, since, before)
        )
    }


@lru_cache(maxsize=8)
def favourite_counts_statement(since: bool, before: bool):
    items, conditions = done_items(since, before)
    return (
        db.select(
            PlanItem.activity_id,
            func.coalesce(func.sum(PlanItem.rating), 0),
            func.count(PlanItem.id),
            func.count(PlanItem.rating),
        )
        .select_from(items)
        .where(*conditions)
        .group_by(PlanItem.activity_id)
    )


def favourite_rank(total: int, done: int, rated: int) -> tuple:
    """Sorts rated before unrated, then best average rating, then most done."""
    return (rated == 0, -(total / rated if rated else 0), -done)


def favourites(counts: dict[int, tuple[int, int, int]], limit: int = 6) -> list[Favourite]:
    """The activities the family rated best, then did most (unrated ones after rated ones), from
    `favourite_counts`; ties go by title. Loads only the chosen few cards (one statement)."""
    ranks = {activity_id: favourite_rank(*entry) for activity_id, entry in counts.items()}
    if not ranks:
        return []
    # Everything ranked as high as the last one shown may take its place: a tie goes by title.
    cut = sorted(ranks.values())[min(limit, len(ranks)) - 1]
    candidates = [activity_id for activity_id, rank in ranks.items() if rank <= cut]
    cards = db.session.execute(db.select(Activity).where(Activity.id.in_(candidates))).scalars()
    chosen = sorted(cards, key=lambda card: (ranks[card.id], card.title))[:limit]
    return [
        Favourite(card, total / rated if rated else None, done, rated)
        for card in chosen
        for total, done, rated in (counts[card.id],)
    ]


def added(*parts: dict) -> dict:
    """Per-key sums of count tuples (or of nested dicts of them), for a settled part plus the
    weeks since."""
    total: dict = {}
    for part in parts:
        for key, value in part.items():
            if key not in total:
                total[key] = value
            elif isinstance(value, dict):
                total[key] = added(total[key], value)
            else:
                total[key] = tuple(a + b for a, b in zip(total[key], value, strict=True))
    return total


@dataclass(frozen=True)
class Note:
    """One entry of the reflection timeline: a done activity's note or a moment's note."""

    kind: str  # "item" or "moment"
    key: int
    day: date
    practice: str
    title: str | None
    note: str
    rating: int | None
    children: tuple[int, ...] = ()
    # The card's slug and owner (None for a library card), so its title can be shown in the
    # reader's language (`i18n.localized`), and a family's own card as written.
    slug: str | None = None
    household_id: int | None = None


def notes_page(
    household_id: int,
    practice: str | None = None,
    child_id: int | None = None,
    page: int = 1,
    per_page: int = 30,
) -> tuple[list[Note], bool]:
    """Reflection notes newest first, optionally for one practice or one child; (notes, has_more).

    Two statements whatever the filters: the notes, then the children of the notes on this page.
    """
    items = (
        db.select(
            literal_column("'item'", String).label("kind"),
            PlanItem.id.label("key"),
            PlanItem.day.label("day"),
            Activity.practice.label("practice"),
            Activity.title.label("title"),
            Activity.slug.label("slug"),
            Activity.household_id.label("owner_id"),
            PlanItem.note.label("note"),
            PlanItem.rating.label("rating"),
        )
        .join(Activity, Activity.id == PlanItem.activity_id)
        .where(
            PlanItem.household_id == household_id,
            PlanItem.done_at.is_not(None),
            PlanItem.note != "",
        )
    )
    moments = db.select(
        literal_column("'moment'", String).label("kind"),
        Moment.id.label("key"),
        Moment.happened_on.label("day"),
        Moment.practice.label("practice"),
        cast(null(), String).label("title"),
        cast(null(), String).label("slug"),
        cast(null(), Integer).label("owner_id"),
        Moment.note.label("note"),
        cast(null(), Integer).label("rating"),
    ).where(Moment.household_id == household_id, Moment.note != "")
    if practice:
        items = items.where(Activity.practice == practice)
        moments = moments.where(Moment.practice == practice)
    if child_id is not None:
        items = items.where(
            PlanItem.id.in_(
                db.select(plan_item_participant.c.plan_item_id).where(
                    plan_item_participant.c.child_id == child_id
                )
            )
        )
        moments = moments.where(
            Moment.id.in_(
                db.select(moment_child.c.moment_id).where(moment_child.c.child_id == child_id)
            )
        )
    both = union_all(items, moments).subquery()
    rows = db.session.execute(
        db.select(both)
        .order_by(both.c.day.desc(), both.c.kind, both.c.key.desc())
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    ).all()
    has_more = len(rows) > per_page
    rows = rows[:per_page]
    links = note_children(
        [row.key for row in rows if row.kind == "item"],
        [row.key for row in rows if row.kind == "moment"],
    )
    notes = [
        Note(
            kind=row.kind,
            key=row.key,
            day=row.day,
            practice=row.practice,
            title=row.title,
            slug=row.slug,
            household_id=row.owner_id,
            note=row.note,
            rating=row.rating,
            children=tuple(links.get((row.kind, row.key), ())),
        )
        for row in rows
    ]
    return notes, has_more


def note_children(item_ids: list[int], moment_ids: list[int]) -> dict[tuple[str, int], list[int]]:
    """(kind, key) -> child ids who took part, for the notes on one page (one statement)."""
    rows = db.session.execute(
        union_all(
            db.select(
                literal_column("'item'", String).label("kind"),
                plan_item_participant.c.plan_item_id.label("key"),
                plan_item_participant.c.child_id.label("child_id"),
            ).where(plan_item_participant.c.plan_item_id.in_(item_ids)),
            db.select(
                literal_column("'moment'", String).label("kind"),
                moment_child.c.moment_id.label("key"),
                moment_child.c.child_id.label("child_id"),
            ).where(moment_child.c.moment_id.in_(moment_ids)),
        ).order_by("kind", "key", "child_id")
    )
    links: dict[tuple[str, int], list[int]] = {}
    for kind, key, child_id in rows:
        links.setdefault((kind, key), []).append(child_id)
    return links
