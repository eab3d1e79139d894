"""The Today page and its one-tap actions. Each action is a POST form that redirects back to
Today, or answers JSON for the small script (which also replays ticks queued while offline)."""

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import IntegrityError

from .. import household as family
from .. import items, once
from ..extensions import db
from ..forms import ActionForm
from ..models import PlanItem, Ritual
from ..scoping import get_owned_or_404
from ..web import wants_json
from .board import board_for
from .forms import QUICK_RATINGS, RateForm, TickForm

bp = Blueprint("today", __name__)


@bp.get("/today")
@login_required
def show():
    """Today's activities with one Done button each, the week's watch-fors and tomorrow."""
    board = board_for(current_user.household)
    return render_template(
        "today/today.html",
        board=board,
        ratings=QUICK_RATINGS,
        new_key=once.new_key,
        action_form=ActionForm(),
    )


@bp.get("/today/token")
@login_required
def token():
    """A fresh CSRF token for replaying queued ticks (a page cached offline may hold an old one)."""
    return jsonify(csrf_token=generate_csrf()), 200, {"Cache-Control": "no-store"}


def answer(item: PlanItem | None, anchor: str, saved: bool = True):
    """JSON for the script, else back to Today at the item."""
    if wants_json():
        state = None
        if item is not None:
            state = {"id": item.id, "done": item.done_at is not None, "rating": item.rating}
        return jsonify(ok=True, saved=saved, item=state)
    return redirect(url_for("today.show", _anchor=anchor))


def refused(form):
    if wants_json():
        return jsonify(ok=False, errors=form.errors), 400
    return redirect(url_for("today.show"))


@bp.post("/today/items/<int:item_id>/done")
@login_required
def tick(item_id: int):
    """Set done or not done. A key already used (a replayed offline tick) changes nothing.

    :raise 404: if not this household's item.
    """
    item = get_owned_or_404(PlanItem, item_id, for_update=True)
    form = TickForm()
    if not form.validate_on_submit():
        return refused(form)
    if not once.claim(form.key.data, current_user.household_id):
        return answer(item, f"item-{item.id}", saved=False)
    if form.done.data == "1":
        items.mark_done(item, current_user.id)
    else:
        items.mark_not_done(item)
    response = answer(item, f"item-{item.id}")
    db.session.commit()
    return response


@bp.post("/today/items/<int:item_id>/rating")
@login_required
def rate(item_id: int):
    """How it went, as one tap after Done (rating an item also marks it done).

    :raise 404: if not this household's item.
    """
    item = get_owned_or_404(PlanItem, item_id, for_update=True)
    form = RateForm()
    if not form.validate_on_submit():
        return refused(form)
    items.mark_done(item, current_user.id)
    items.record(item, rating=form.rating.data)
    response = answer(item, f"item-{item.id}")
    db.session.commit()
    return response


@bp.post("/today/rituals/<int:ritual_id>/done")
@login_required
def ritual_done(ritual_id: int):
    """Tick off a weekly ritual shown as due today: its week stores its rituals, then it is done.

    :raise 404: if not this household's ritual.
    """
    ritual = get_owned_or_404(Ritual, ritual_id)
    form = TickForm()
    if not form.validate_on_submit() or form.done.data != "1":
        return refused(form)
    household = current_user.household
    if not once.claim(form.key.data, household.id):
        return answer(None, f"ritual-{ritual.id}", saved=False)
    week = items.get_or_create_week(household.id, family.this_week(household))
    item = next((i for i in week.items if i.activity_id == ritual.activity_id), None)
    if item is None:  # the ritual began after this week
        return answer(None, f"ritual-{ritual.id}", saved=False)
    items.mark_done(item, current_user.id)
    try:
        db.session.flush()
        response = answer(item, f"item-{item.id}")
        db.session.commit()
    except IntegrityError:  # a double tap stored the rituals a moment ago
        db.session.rollback()
        response = answer(None, f"ritual-{ritual.id}", saved=False)
    return response
