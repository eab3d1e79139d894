"""Plan items: the one place that creates, ticks, rates, moves, swaps, removes and repeats them.

The week page, "do again" on the progress page, weekly rituals, planning and import all come
here, so an item follows the same rules wherever it was made. Nothing here commits: the view
owns the transaction. Weekly rituals show on every week without a write on read: they stay
virtual (`due_rituals`) until the week is planned or touched, then `place_rituals` stores them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, literal, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from . import clock, limits, planning_inputs
from .dates import date_for_weekday, week_start_for
from .extensions import db
from .models import Activity, Child, Household, PlanItem, Ritual, Week, plan_item_participant
from .practices import PRACTICES
from .progress import summary


class ItemRefused(Exception):
    """A change the rules do not allow; `item` is the item it concerns, when there is one."""

    def __init__(self, item: PlanItem | None = None):
        super().__init__(type(self).__name__)
        self.item = item


class AlreadyPlanned(ItemRefused):
    """The card is already on this week (`item` is where)."""


class DoneStays(ItemRefused):
    """A done item keeps its card: what the family did is history."""


class DayOutsideWeek(ItemRefused):
    """An item's day must be one of its week's seven days."""


# ---- weeks: the containers items live in --------------------------------------------------


def get_week(household_id: int, week_start: date) -> Week | None:
    """The week with its items, their cards and children loaded up front (no query per item)."""
    return db.session.execute(
        db.select(Week)
        .where(Week.household_id == household_id, Week.week_start == week_start)
        .options(
            selectinload(Week.items).options(
                joinedload(PlanItem.activity),
                selectinload(PlanItem.children),
                selectinload(PlanItem.participants),
            )
        )
    ).scalar_one_or_none()


def get_or_create_week(household_id: int, week_start: date) -> Week:
    """The week row, locked for this transaction, created if needed (safe under concurrency),
    with the weekly rituals placed on it: a week that is planned or touched holds them for real.

    Locking the week makes concurrent re-plans of one week queue up instead of each adding items.
    A new week is also when the family's progress summary moves on (once a week, on a write).
    """
    query = db.select(Week).where(Week.household_id == household_id, Week.week_start == week_start)
    week = db.session.execute(query.with_for_update()).scalar_one_or_none()
    if week is None:
        try:
            with db.session.begin_nested():
                week = Week(household_id=household_id, week_start=week_start)
                db.session.add(week)
        except IntegrityError:
            # Another request created it a moment ago: use theirs.
            week = db.session.execute(query.with_for_update()).scalar_one()
        else:
            household = db.session.get(Household, household_id)
            summary.refresh_if_due(
                household, week_start_for(household.today(), household.week_starts_on)
            )
    place_rituals(week)
    return week


def week_tally_source(household_id: int, week_id: int, week_start: date):
    """(practice, planned, done) rows: one per stored item of the week, one per ritual due on it."""
    stored = (
        db.select(
            Activity.practice.label("practice"),
            literal(1).label("planned"),
            case((PlanItem.done_at.is_not(None), 1), else_=0).label("done"),
        )
        .select_from(PlanItem)
        .join(Activity, Activity.id == PlanItem.activity_id)
        .where(PlanItem.week_id == week_id)
    )
    due = (
        db.select(Activity.practice, literal(1), literal(0))
        .select_from(Ritual)
        .join(Activity, Activity.id == Ritual.activity_id)
        .where(
            Ritual.household_id == household_id,
            Ritual.created_at < week_start + timedelta(days=7),
            Ritual.activity_id.not_in(
                db.select(PlanItem.activity_id).where(PlanItem.week_id == week_id)
            ),
        )
    )
    return union_all(stored, due).subquery()


def week_tally(household_id: int, week_id: int, week_start: date) -> dict[str, tuple[int, int]]:
    """practice slug -> (done, planned) for a week, rituals due on it counted as planned, in
    one statement (a tick reads the same figures inside `tick_context`)."""
    rows = week_tally_source(household_id, week_id, week_start)
    return {
        practice: (int(done), int(planned))
        for practice, done, planned in db.session.execute(
            db.select(rows.c.practice, func.sum(rows.c.done), func.sum(rows.c.planned)).group_by(
                rows.c.practice
            )
        )
    }


# ---- creating ------------------------------------------------------------------------------


def check_day(week: Week, day: date) -> None:
    """:raise DayOutsideWeek: unless `day` is one of the week's seven days."""
    if not week.week_start <= day < week.week_start + timedelta(days=7):
        raise DayOutsideWeek()


def add(
    week: Week,
    activity: Activity,
    day: date,
    *,
    locked: bool = False,
    ritual_id: int | None = None,
    children: Iterable[Child] = (),
) -> PlanItem:
    """Put `activity` on `day` of `week`. :raise AlreadyPlanned: if the week has it already."""
    existing = next((item for item in week.items if item.activity_id == activity.id), None)
    if existing is not None:
        raise AlreadyPlanned(existing)
    check_day(week, day)
    item = PlanItem(
        household_id=week.household_id,
        week=week,
        activity=activity,
        day=day,
        locked=locked,
        ritual_id=ritual_id,
        children=list(children),
    )
    db.session.add(item)
    return item


def restore(week: Week, activity: Activity, day: date, state: ItemState) -> PlanItem:
    """Add an item exactly as a saved file describes it (import), through the same rules."""
    item = add(
        week,
        activity,
        day,
        locked=state.locked,
        ritual_id=state.ritual_id,
        children=state.children,
    )
    item.done_at = state.done_at
    item.rating = state.rating
    item.note = state.note
    item.participants = list(state.participants)
    return item


@dataclass(frozen=True)
class ItemState:
    """Everything about an item beyond its card and day, as an export file records it."""

    locked: bool = False
    ritual_id: int | None = None
    done_at: datetime | None = None
    rating: int | None = None
    note: str = ""
    children: Sequence[Child] = ()
    participants: Sequence[Child] = ()


def repeat(household: Household, activity: Activity) -> tuple[PlanItem, bool]:
    """ "Do again": put `activity` on this week's first open day from today, locked so a re-plan
    keeps the family's choice. Returns (item, created); an item already there is returned as is."""
    today = household.today()
    week_start = week_start_for(today, household.week_starts_on)
    week = get_or_create_week(household.id, week_start)
    existing = next((item for item in week.items if item.activity_id == activity.id), None)
    if existing is not None:
        return existing, False
    days = [week_start + timedelta(days=offset) for offset in range(7)]
    day = first_open_day(days, today, household.free_day_set, {item.day for item in week.items})
    return add(week, activity, day, locked=True), True


def first_open_day(
    days: list[date], today: date, free_days: frozenset[int], busy: set[date]
) -> date:
    """Where "do again" puts an activity: the first free day from today with nothing on it yet,
    else the first free day from today, else today."""
    ahead = [day for day in days if day >= today] or [today]
    free = [day for day in ahead if day.weekday() in free_days]
    open_days = [day for day in free if day not in busy]
    return (open_days or free or ahead)[0]


# ---- ticking and rating --------------------------------------------------------------------


@dataclass(frozen=True)
class TickContext:
    """What a tick reads besides the item: the children to choose from, the notes so far, and
    (for the script's answer) the week's tallies before the tick."""

    children: list[Child]
    notes: int | None
    was_done: bool
    practice: str | None = None
    tally_before: dict[str, tuple[int, int]] | None = None

    def tally_after(self, item: PlanItem) -> dict[str, tuple[int, int]]:
        """practice -> (done, planned) once the tick is saved: the item's own change applied."""
        tally = dict(self.tally_before or {})
        change = (item.done_at is not None) - self.was_done
        if change and self.practice in tally:
            done, planned = tally[self.practice]
            tally[self.practice] = (done + change, planned)
        return tally


def tick_context(
    item: PlanItem, *, children: bool, notes: bool, tally_week: date | None = None
) -> TickContext:
    """Read, in one statement, what ticking `item` needs besides the item itself.

    The item's week and its participants are put on the item (no lazy load later), the family's
    children (oldest first, archived ones left out) are the choices when `children`, the family's
    note count is read when `notes` (the notes limit), and the week's tallies before the tick when
    `tally_week` (its first day) is given. A tick then runs at most seven statements, however much
    it saves.
    """
    took_part = (
        db.select(plan_item_participant.c.child_id)
        .where(
            plan_item_participant.c.plan_item_id == item.id,
            plan_item_participant.c.child_id == Child.id,
        )
        .exists()
    )
    extra = [
        limits.counted(limits.NOTES, item.household_id).scalar_subquery()
        if notes
        else literal(None)
    ]
    if tally_week is not None:
        source = week_tally_source(item.household_id, item.week_id, tally_week)
        extra.append(
            db.select(Activity.practice).where(Activity.id == item.activity_id).scalar_subquery()
        )
        for slug in PRACTICES:
            for column in (source.c.done, source.c.planned):
                extra.append(
                    db.select(func.coalesce(func.sum(column), 0))
                    .where(source.c.practice == slug)
                    .scalar_subquery()
                )
    wanted = took_part | Child.archived.is_(False) if children else took_part
    rows = db.session.execute(
        db.select(Week, Child, took_part, *extra)
        .outerjoin(Child, (Child.household_id == Week.household_id) & wanted)
        .where(Week.id == item.week_id)
        .order_by(Child.birth_year, Child.birth_month, Child.id)
    ).all()
    first = rows[0]
    set_committed_value(item, "week", first[0])
    set_committed_value(item, "participants", [row[1] for row in rows if row[1] and row[2]])
    tally = None
    if tally_week is not None:
        sums = first[5:]
        tally = {
            slug: (int(sums[2 * index]), int(sums[2 * index + 1]))
            for index, slug in enumerate(PRACTICES)
            if sums[2 * index + 1]
        }
    return TickContext(
        children=[row[1] for row in rows if row[1] and not row[1].archived] if children else [],
        notes=first[3] if notes else None,
        was_done=item.done_at is not None,
        practice=first[4] if tally_week is not None else None,
        tally_before=tally,
    )


def mark_done(item: PlanItem, user_id: int | None) -> None:
    """Done (idempotent: the first tick's time and person stay)."""
    if item.done_at is None:
        item.done_at = clock.now_utc()
        item.done_by_id = user_id


def mark_not_done(item: PlanItem) -> None:
    item.done_at = None
    item.done_by_id = None


def record(
    item: PlanItem,
    *,
    participants: Iterable[Child] | None = None,
    rating: int | None = None,
    note: str | None = None,
) -> None:
    """Who took part, how it went and a note; a value left out (None) keeps what was saved."""
    if participants is not None:
        item.participants = list(participants)
    if rating is not None:
        item.rating = rating
    if note is not None:
        item.note = note.strip()


# ---- changing ------------------------------------------------------------------------------


def move(item: PlanItem, day: date) -> None:
    """Another day of the same week. :raise DayOutsideWeek:"""
    check_day(item.week, day)
    item.day = day


def swap(item: PlanItem, activity: Activity) -> None:
    """Another card in this item's place; it is no longer the ritual. :raise DoneStays:"""
    if item.done_at is not None:
        raise DoneStays(item)
    planning_inputs.record_swap(item)  # the planner rests a card the family swapped away
    item.activity = activity
    item.ritual_id = None


def set_locked(item: PlanItem, locked: bool) -> None:
    item.locked = locked


def set_children(item: PlanItem, children: Iterable[Child]) -> None:
    """For chosen children; none chosen means the whole family."""
    item.children = list(children)


def remove(item: PlanItem) -> None:
    db.session.delete(item)


# ---- weekly rituals ------------------------------------------------------------------------


def rituals_of(household_id: int) -> list[Ritual]:
    return list(
        db.session.execute(
            db.select(Ritual)
            .where(Ritual.household_id == household_id)
            .options(joinedload(Ritual.activity))
            .order_by(Ritual.id)
        ).scalars()
    )


def due_rituals(items: Iterable[PlanItem], rituals: Iterable[Ritual], week_start: date) -> list:
    """Rituals that belong in this week (made before its end) but are not on it yet."""
    present = {item.activity_id for item in items}
    week_end = week_start + timedelta(days=7)
    return [
        ritual
        for ritual in rituals
        if ritual.activity_id not in present and ritual.created_at.date() < week_end
    ]


def ritual_day(ritual: Ritual, week_start: date) -> date:
    return date_for_weekday(week_start, ritual.weekday)


def place_rituals(week: Week) -> list[PlanItem]:
    """Store the rituals due on `week` as locked items (when a week is planned or touched)."""
    placed = [
        add(
            week,
            ritual.activity,
            ritual_day(ritual, week.week_start),
            locked=True,
            ritual_id=ritual.id,
        )
        for ritual in due_rituals(week.items, rituals_of(week.household_id), week.week_start)
    ]
    if placed:
        db.session.flush()
    return placed


def make_ritual(item: PlanItem) -> Ritual:
    """Make this item's card a weekly ritual on this weekday (or link it to the one there is)."""
    ritual = db.session.execute(
        db.select(Ritual).where(
            Ritual.household_id == item.household_id, Ritual.activity_id == item.activity_id
        )
    ).scalar_one_or_none()
    if ritual is None:
        ritual = Ritual(
            household_id=item.household_id,
            activity_id=item.activity_id,
            weekday=item.day.weekday(),
        )
        db.session.add(ritual)
        db.session.flush()
    item.ritual_id = ritual.id
    item.locked = True
    return ritual


def stop_ritual(ritual: Ritual) -> None:
    """Weeks that hold the ritual keep it; weeks not yet touched stop showing it."""
    db.session.delete(ritual)
