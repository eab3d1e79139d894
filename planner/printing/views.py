"""Print views of a week: the fridge page and the activity cards."""

from datetime import timedelta

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from .. import items
from ..dates import week_days
from ..household import group_by_day
from ..i18n import lazy_gettext as _l
from ..planning_inputs import card_kind
from ..web import week_start_or_404
from ..weeks import page as week_page
from .qr import qr_svg

bp = Blueprint("printing", __name__)
PAPERS = {"a4": "A4", "letter": _l("US Letter")}


def load_week(day: str):
    """(week start, entries) of the current household's week containing `day`, with the
    rituals due on it even before the week is planned (as the week page shows them). :raise 404:"""
    week_start = week_start_or_404(day)
    week = items.get_week(current_user.household_id, week_start)
    return week_start, week_page.with_due_rituals(current_user.household_id, week, week_start)


def short_steps(activity, count: int = 2) -> list[str]:
    """The card's first steps for the fridge sheet (the cards page prints them all)."""
    return activity.steps[:count]


@bp.get("/weeks/<day>/print")
@login_required
def week(day: str):
    """The week on one printed page, readable in black and white. :raise 404: for a bad date."""
    week_start, entries = load_week(day)
    paper = request.args.get("paper") if request.args.get("paper") in PAPERS else None
    if week_start.isoformat() != day:
        # Only known parameters go into the address (a stray `day=` or `_method=` broke url_for).
        return redirect(url_for("printing.week", day=week_start.isoformat(), paper=paper))
    essay_url = current_app.config["ESSAY_URL"]
    kinds = week_page.split_kinds(entries)
    return render_template(
        "printing/week.html",
        household=current_user.household,
        week_start=week_start,
        week_end=week_start + timedelta(days=6),
        days=week_days(week_start),
        items_by_day=group_by_day(kinds.on_days),
        watch_for=kinds.watch_for,
        for_you=kinds.for_you,
        focus=week_page.week_focus(week_start),
        short_steps=short_steps,
        item_count=len(entries),
        paper=paper,
        papers=PAPERS,
        qr=qr_svg(essay_url, gettext("QR code linking to the source essay")),
        essay_url=essay_url,
    )


@bp.get("/weeks/<day>/cards")
@login_required
def cards(day: str):
    """One card per planned activity, four to a page, to hand to a child or pin up.

    :raise 404: for a bad date.
    """
    week_start, entries = load_week(day)
    if week_start.isoformat() != day:
        return redirect(url_for("printing.cards", day=week_start.isoformat()))
    return render_template(
        "printing/cards.html",
        household=current_user.household,
        week_start=week_start,
        items=entries,
        kind_of=card_kind,
    )
