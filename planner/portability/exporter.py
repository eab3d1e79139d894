"""Export a whole household as versioned JSON, and its completions as a spreadsheet-safe CSV.

The JSON refers to children by file-local keys ("child-1", ...) and to activities by slug, so the
same history exported from two households (or two servers) compares equal whatever the row ids.
Accounts (emails, passwords, sessions) and the private calendar link are never exported. The
cards the family swapped away go too (by slug and week), so the planner keeps resting them after a
move; files from before them have no "swaps" and still import.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

from sqlalchemy.orm import selectinload

from .. import clock, practices
from ..extensions import db
from ..models import Activity, CardSwap, Child, Household, Moment, PlanItem, Ritual, Week
from . import profile_fields

FORMAT = "together-export"
VERSION = 1
CSV_HEADER = ("date", "type", "practice", "activity", "children", "rating", "note")
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The start of the cell or of a piece after a comma, semicolon, tab or line break, followed by one
# of FORMULA_STARTS (the character itself is not consumed, so "\t=" quotes both pieces).
FORMULA_PIECE = re.compile(r"(^|[,;\t\r\n])(?=[=+\-@\t\r])")


def iso(value: date | datetime | None) -> str | None:
    """ISO 8601 text for a date or a naive-UTC datetime (seconds precision), or None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def household_children(household_id: int) -> list[Child]:
    return list(
        db.session.execute(
            db.select(Child).where(Child.household_id == household_id).order_by(Child.id)
        ).scalars()
    )


def export_household(household: Household, now: datetime | None = None) -> dict:
    """Everything the family made in Together, as plain JSON-ready data."""
    household_id = household.id
    children = household_children(household_id)
    child_key = {child.id: f"child-{index}" for index, child in enumerate(children, start=1)}

    def keys(rows: list[Child]) -> list[str]:
        return [child_key[child.id] for child in rows]

    cards = db.session.execute(
        db.select(Activity).where(Activity.household_id == household_id).order_by(Activity.id)
    ).scalars()
    rituals = db.session.execute(
        db.select(Ritual)
        .where(Ritual.household_id == household_id)
        .options(selectinload(Ritual.activity))
        .order_by(Ritual.id)
    ).scalars()
    weeks = db.session.execute(
        db.select(Week)
        .where(Week.household_id == household_id)
        .options(
            selectinload(Week.items).selectinload(PlanItem.activity),
            selectinload(Week.items).selectinload(PlanItem.children),
            selectinload(Week.items).selectinload(PlanItem.participants),
        )
        .order_by(Week.week_start)
    ).scalars()
    moments = db.session.execute(
        db.select(Moment)
        .where(Moment.household_id == household_id)
        .options(selectinload(Moment.children))
        .order_by(Moment.happened_on, Moment.id)
    ).scalars()
    swaps = db.session.execute(
        db.select(Activity.slug, CardSwap.week_start)
        .join(CardSwap, CardSwap.activity_id == Activity.id)
        .where(CardSwap.household_id == household_id)
        .order_by(CardSwap.week_start, CardSwap.id)
    ).all()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": iso(now or clock.now_utc()),
        "household": {
            "name": household.name,
            "week_starts_on": household.week_starts_on,
            "items_per_week": household.items_per_week,
            "free_days": sorted(household.free_day_set),
            "weekday_minutes": household.weekday_minutes,
            "weekend_minutes": household.weekend_minutes,
            "profile": profile_fields.export_profile(household),
        },
        "children": [
            {
                "key": child_key[child.id],
                "name": child.name,
                "birth_year": child.birth_year,
                "birth_month": child.birth_month,
                "archived": child.archived,
            }
            for child in children
        ],
        "custom_cards": [
            {
                "slug": card.slug,
                "title": card.title,
                "practice": card.practice,
                "age_min": card.age_min,
                "age_max": card.age_max,
                "minutes": card.minutes,
                "setting": card.setting,
                "who": card.who,
                "materials": card.materials,
                "steps": card.steps,
                "say": card.say,
                "why": card.why,
                "stretch": card.stretch or "",
                "for_adults": card.for_adults,
                "archived": card.archived,
                **profile_fields.export_card(card),
            }
            for card in cards
        ],
        "rituals": [
            {"activity": ritual.activity.slug, "weekday": ritual.weekday} for ritual in rituals
        ],
        "weeks": [
            {
                "week_start": iso(week.week_start),
                "planned_at": iso(week.planned_at),
                "reflection": week.reflection or "",
                "items": [
                    {
                        "activity": item.activity.slug,
                        "day": iso(item.day),
                        "locked": item.locked,
                        "ritual": item.ritual_id is not None,
                        "done_at": iso(item.done_at),
                        "rating": item.rating,
                        "note": item.note or "",
                        "children": keys(item.children),
                        "participants": keys(item.participants),
                    }
                    for item in week.items
                ],
            }
            for week in weeks
        ],
        "moments": [
            {
                "practice": moment.practice,
                "happened_on": iso(moment.happened_on),
                "note": moment.note or "",
                "children": keys(moment.children),
            }
            for moment in moments
        ],
        "swaps": [{"activity": slug, "week_start": iso(week_start)} for slug, week_start in swaps],
    }


def safe_cell(value) -> str:
    """Text for one CSV cell that no spreadsheet runs as a formula (OWASP CSV injection).

    A spreadsheet may split a cell again on a comma, semicolon or tab (a locale's delimiter), so
    every piece that would start with a formula character gets a leading quote, not just the cell.
    """
    text = "" if value is None else str(value)
    return FORMULA_PIECE.sub(lambda match: match.group(1) + "'", text)


def completion_rows(household_id: int) -> list[tuple]:
    """(date, type, practice, activity, children, rating, note) per done item and moment."""
    items = db.session.execute(
        db.select(PlanItem)
        .where(PlanItem.household_id == household_id, PlanItem.done_at.is_not(None))
        .options(selectinload(PlanItem.activity), selectinload(PlanItem.participants))
        .order_by(PlanItem.day, PlanItem.id)
    ).scalars()
    moments = db.session.execute(
        db.select(Moment)
        .where(Moment.household_id == household_id)
        .options(selectinload(Moment.children))
        .order_by(Moment.happened_on, Moment.id)
    ).scalars()

    def practice_name(slug: str) -> str:
        practice = practices.PRACTICES.get(slug)
        return practice.name if practice else slug

    rows = [
        (
            item.day,
            "activity",
            practice_name(item.activity.practice),
            item.activity.title,
            ", ".join(child.name for child in item.participants),
            item.rating,
            item.note,
        )
        for item in items
    ]
    rows += [
        (
            moment.happened_on,
            "moment",
            practice_name(moment.practice),
            "",
            ", ".join(child.name for child in moment.children),
            None,
            moment.note,
        )
        for moment in moments
    ]
    rows.sort(key=lambda row: (row[0], row[1]))
    return rows


def completions_csv(household_id: int) -> str:
    """The completions as CSV text (with a byte-order mark so spreadsheets read it as UTF-8)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in completion_rows(household_id):
        writer.writerow([safe_cell(iso(row[0]))] + [safe_cell(cell) for cell in row[1:]])
    return buffer.getvalue()
