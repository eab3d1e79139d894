"""What the week page shows, worked out from the stored week without writing anything.

The week is split by kind of card: activities and rituals on their days, watch-for cards in
"This week, watch for…", the grown-ups' own card under "For you". Moments logged on the week's
days show on their day and count in the week's tallies. Each item says why it is there.
Print and calendars use the same split (`split_kinds`, `with_due_rituals`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext
from sqlalchemy import literal, union_all
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from .. import items, planning, planning_inputs, practices
from ..extensions import db
from ..focus import Theme, focus_for
from ..locale_cache import template_module
from ..models import (
    Activity,
    Child,
    Household,
    Moment,
    PlanItem,
    Ritual,
    Week,
    plan_item_child,
    plan_item_participant,
)
from . import notes, watch


@dataclass(frozen=True)
class DueRitual:
    """A weekly ritual shown on a week that does not store it yet (a GET never writes)."""

    ritual: Ritual
    day: date
    is_due_ritual: bool = True
    done_at: None = None
    children: tuple = ()
    locked: bool = True

    @property
    def activity(self) -> Activity:
        return self.ritual.activity

    @property
    def ritual_id(self) -> int:
        return self.ritual.id


def with_due_rituals(household_id: int, week: Week | None, week_start: date) -> list:
    """The week's stored items and the rituals due on it not stored yet, by day.

    A week never planned or touched still shows (and prints, and exports to calendars) the
    family's rituals: they are rendered virtually, the way the week page does."""
    return planned_and_due(household_id, list(week.items) if week else [], week_start)


def planned_and_due(household_id: int, planned: list[PlanItem], week_start: date) -> list:
    """`with_due_rituals` for items already loaded."""
    due = [
        DueRitual(ritual, items.ritual_day(ritual, week_start))
        for ritual in items.due_rituals(planned, items.rituals_of(household_id), week_start)
    ]
    return sorted([*planned, *due], key=lambda entry: entry.day)


def this_and_last_week(
    household_id: int, week_start: date, everyone: Sequence[Child]
) -> tuple[list[PlanItem], list[PlanItem]]:
    """This week's items (cards, children, who took part) and last week's items left undone
    that were no ritual (cards only), by day: two queries where loading them through the week
    and its relationships took five, most of the page's reading time.

    `everyone`: the family's children, archived ones too (an item may name one)."""
    last_start = week_start - timedelta(days=7)
    rows = db.session.execute(
        db.select(PlanItem, Week.week_start)
        .join(Week, Week.id == PlanItem.week_id)
        .where(Week.household_id == household_id, Week.week_start.in_((week_start, last_start)))
        .options(joinedload(PlanItem.activity))
        .order_by(PlanItem.day, PlanItem.id)
    ).all()
    planned = [item for item, start in rows if start == week_start]
    undone = [
        item
        for item, start in rows
        if start == last_start and item.done_at is None and item.ritual_id is None
    ]
    with_children(planned, everyone)
    return planned, undone


def with_children(planned: list[PlanItem], everyone: Sequence[Child]) -> None:
    """Fill in each item's children and participants (by id, as the relationships order them)
    from one plain query over both link tables."""
    if not planned:
        return
    ids = [item.id for item in planned]
    links = union_all(
        db.select(plan_item_child.c.plan_item_id, plan_item_child.c.child_id, literal(False)).where(
            plan_item_child.c.plan_item_id.in_(ids)
        ),
        db.select(
            plan_item_participant.c.plan_item_id, plan_item_participant.c.child_id, literal(True)
        ).where(plan_item_participant.c.plan_item_id.in_(ids)),
    )
    by_id = {child.id: child for child in everyone}
    chosen: dict[int, list[Child]] = {item_id: [] for item_id in ids}
    took_part: dict[int, list[Child]] = {item_id: [] for item_id in ids}
    for item_id, child_id, participated in db.session.connection().execute(links):
        if child_id in by_id:
            (took_part if participated else chosen)[item_id].append(by_id[child_id])
    for item in planned:
        set_committed_value(item, "children", sorted(chosen[item.id], key=child_id_of))
        set_committed_value(item, "participants", sorted(took_part[item.id], key=child_id_of))


def child_id_of(child: Child) -> int:
    return child.id


@dataclass
class Kinds:
    """A week's entries by how they are shown: on a day, to watch for, for the grown-ups."""

    on_days: list = field(default_factory=list)
    watch_for: list = field(default_factory=list)
    for_you: list = field(default_factory=list)


def split_kinds(entries: Iterable) -> Kinds:
    kinds = Kinds()
    for entry in entries:
        kind = planning_inputs.card_kind(entry.activity)
        if kind == planning.WATCH_FOR:
            kinds.watch_for.append(entry)
        elif kind == planning.GROWN_UPS:
            kinds.for_you.append(entry)
        else:
            kinds.on_days.append(entry)
    return kinds


def week_focus(week_start: date) -> Theme:
    """The same theme the planner chose the week's items around."""
    return focus_for(week_start.toordinal() // 7)


def empty_day_label(day: date, today: date, free_days: frozenset[int]) -> str:
    """What an empty day is: already past, not one of the family's free days, or free."""
    if day < today:
        return gettext("Past")
    if day.weekday() not in free_days:
        return gettext("Not free")
    return gettext("Free")


@dataclass(frozen=True)
class Count:
    """One practice this week: items done, items planned, moments logged."""

    done: int
    planned: int
    moments: int


def practice_counts(entries: Sequence, moments: Sequence[Moment]) -> dict[str, Count]:
    """practice -> Count. Watch-for cards are counted through the moments their ticks log."""
    tallies = {slug: [0, 0, 0] for slug in practices.PRACTICES}
    for entry in entries:
        if planning_inputs.card_kind(entry.activity) == planning.WATCH_FOR:
            continue
        tally = tallies.setdefault(entry.activity.practice, [0, 0, 0])
        tally[1] += 1
        tally[0] += entry.done_at is not None
    for moment in moments:
        tallies.setdefault(moment.practice, [0, 0, 0])[2] += 1
    return {slug: Count(*tally) for slug, tally in tallies.items()}


def reason_for_entry(
    entry,
    names: dict[int, str],
    children: Sequence[planning.Child],
    records: dict,
    carried: set[int],
) -> str:
    """Why this item is in the week, in a few words. A watch-for or grown-ups card says what the
    family made of it before, never whom it suits (it is a moment to catch, or the adults' own)."""
    if entry.ritual_id is not None:
        return notes.ritual_day(entry.day.weekday())
    if entry.locked and entry.activity_id in carried:
        return notes.carried()
    if entry.locked:
        return notes.kept()
    record = records.get(entry.activity.slug)
    if not planning_inputs.on_a_day(entry.activity):
        return notes.listed_reason(record)
    if record is not None and record.wells >= 2:
        return notes.reason_words(planning.Reason(planning.RITUAL_OFFER), names)
    keys = tuple(child.id for child in entry.children)
    candidate = planning_inputs.candidate(entry.activity)
    reason = planning.reason_for(candidate, keys, children, records)
    return notes.reason_words(reason, names)


def reasons(
    household: Household,
    week_start: date,
    entries: Sequence,
    family: Sequence[Child],
    last_undone: Sequence[PlanItem] = (),
) -> dict[int, str]:
    """item id -> why it was picked (rituals not stored yet have their own line).

    `last_undone`: last week's items not done (a kept item among them was carried over)."""
    stored = [entry for entry in entries if not getattr(entry, "is_due_ritual", False)]
    if not stored:
        return {}
    shown = {entry.activity_id for entry in stored}
    records = planning.records_of(planning_inputs.feedback(household.id, week_start, shown))
    names = {child.id: child.name for child in family}
    children = [planning.Child(key=child.id, age=child.age_on(week_start)) for child in family]
    carried = {item.activity_id for item in last_undone}
    return {
        entry.id: reason_for_entry(entry, names, children, records, carried) for entry in stored
    }


def moments_by_day(moments: Iterable[Moment]) -> dict[date, list[Moment]]:
    grouped: dict[date, list[Moment]] = {}
    for moment in moments:
        grouped.setdefault(moment.happened_on, []).append(moment)
    return grouped


def spotted_ids(watch_for: Sequence, moments: Sequence[Moment]) -> set[int]:
    """Watch-for items ticked this week (their moment is logged)."""
    return {
        entry.id
        for entry in watch_for
        if not getattr(entry, "is_due_ritual", False) and watch.spotted_moment(entry, moments)
    }


def words():
    """The words every item repeats (`weeks/_words.html`), looked up once per language: the
    page made 35 catalogue lookups for them on every build."""
    return template_module("weeks/_words.html")
