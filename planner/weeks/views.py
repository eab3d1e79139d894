"""The week page and every action on it. Each action is a POST form that redirects back."""

import random
from datetime import date, timedelta

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import SelectChoice

from .. import planning_inputs, practices
from ..dates import DAY_NAMES, parse_iso_date, week_days, week_start_for
from ..extensions import db
from ..forms import ActionForm, choices
from ..models import Activity, Child, PlanItem, Ritual, now_utc
from ..pagecache import cached_page
from ..scoping import get_owned_or_404
from . import service
from .forms import AddForm, ChildrenForm, DoneForm, LockForm, MoveForm, SwapForm, day_choices

bp = Blueprint("weeks", __name__)


def household():
    return current_user.household


def week_start_or_404(day_text: str) -> date:
    """The start of the week containing `day_text` (YYYY-MM-DD). :raise 404: for a bad date."""
    day = parse_iso_date(day_text)
    if day is None:
        abort(404)
    return week_start_for(day, household().week_starts_on)


def week_url(week_start: date, anchor: str | None = None) -> str:
    return url_for("weeks.show", day=week_start.isoformat(), _anchor=anchor)


def back_to(item: PlanItem) -> str:
    return week_url(item.week.week_start, anchor=f"item-{item.id}")


def require_valid(form) -> None:
    """:raise 400: when a button's form (CSRF included) does not validate."""
    if not form.validate_on_submit():
        abort(400)


def load_item(item_id: int, for_update: bool = False) -> PlanItem:
    """:raise 404: if the item is not this household's."""
    return get_owned_or_404(PlanItem, item_id, for_update=for_update)


def household_children() -> list[Child]:
    return list(
        db.session.execute(
            db.select(Child)
            .where(Child.household_id == current_user.household_id, Child.archived.is_(False))
            .order_by(Child.birth_year, Child.birth_month, Child.id)
        ).scalars()
    )


@bp.get("/weeks")
@login_required
def this_week():
    """The current week (the home page after login)."""
    return redirect(week_url(week_start_for(date.today(), household().week_starts_on)))


@bp.get("/weeks/<day>")
@cached_page(login_required=True)
@login_required
def show(day: str):
    """The seven days of the week containing `day`. :raise 404: for a malformed date."""
    week_start = week_start_or_404(day)
    if week_start.isoformat() != day:
        return redirect(week_url(week_start))
    week = service.get_week(current_user.household_id, week_start)
    rituals = service.rituals_for(current_user.household_id)
    if week is not None and service.missing_rituals(week, rituals, week_start):
        # A weekly ritual appears on its day in every planned week; store it on first view.
        db.session.commit()
        service.request_write_lock()
        service.place_rituals(week, service.missing_rituals(week, rituals, week_start))
        db.session.commit()
    items = list(week.items) if week else []
    children = household_children()
    return render_template(
        "weeks/week.html",
        week=week,
        week_start=week_start,
        days=week_days(week_start),
        items_by_day=group_by_day(items),
        items=items,
        today=date.today(),
        children=children,
        counts=practice_counts(items),
        practices=practices.PRACTICES,
        rituals={ritual.activity_id: ritual for ritual in rituals},
        action_form=ActionForm(),
        done_form=DoneForm(),
        prev_week=week_start - timedelta(days=7),
        next_week=week_start + timedelta(days=7),
        this_week_start=week_start_for(date.today(), household().week_starts_on),
    )


@bp.get("/items/<int:item_id>")
@login_required
def item(item_id: int):
    """One planned activity with every way to change it. :raise 404: if not this household's."""
    planned = load_item(item_id)
    return render_template(
        "weeks/item.html",
        item=planned,
        children=household_children(),
        move_choices=[
            (d.isoformat(), d.strftime("%A %d %b")) for d in week_days(planned.week.week_start)
        ],
    )


def group_by_day(items: list[PlanItem]) -> dict[date, list[PlanItem]]:
    grouped: dict[date, list[PlanItem]] = {}
    for item in items:
        grouped.setdefault(item.day, []).append(item)
    return grouped


def practice_counts(items: list[PlanItem]) -> dict[str, tuple[int, int]]:
    """practice slug -> (done, planned) for this week."""
    counts = {slug: [0, 0] for slug in practices.PRACTICES}
    for item in items:
        done_planned = counts.setdefault(item.activity.practice, [0, 0])
        done_planned[1] += 1
        if item.done_at is not None:
            done_planned[0] += 1
    return {slug: (done, planned) for slug, (done, planned) in counts.items()}


@bp.post("/weeks/<day>/plan")
@login_required
def plan(day: str):
    """Plan an empty week, or re-plan its unlocked items (done, locked and rituals stay).

    :raise 404: for a malformed date.
    """
    week_start = week_start_or_404(day)
    require_valid(ActionForm())
    week = service.get_or_create_week(current_user.household_id, week_start)
    notes = service.fill_week(household(), week)
    db.session.commit()
    if service.NO_DAYS_LEFT not in notes:
        flash("Your week is planned. Swap, move or lock anything that doesn't fit.", "success")
    for note in notes:
        flash(note, "info")
    return redirect(week_url(week_start))


@bp.route("/weeks/<day>/add", methods=["GET", "POST"])
@login_required
def add(day: str):
    """Add a library or custom card to a chosen day. :raise 404: for a malformed date."""
    week_start = week_start_or_404(day)
    form = AddForm()
    activities = list(
        db.session.execute(
            service.usable_activities_query(current_user.household_id).order_by(
                Activity.practice, Activity.title
            )
        ).scalars()
    )
    form.activity.choices = activity_choices(activities)
    form.day.choices = day_choices(week_days(week_start))
    if request.method == "GET":
        form.activity.data = request.args.get("activity", "")
        if request.args.get("on"):
            form.day.data = request.args["on"]
    if form.validate_on_submit():
        activity = next(a for a in activities if a.slug == form.activity.data)
        week = service.get_or_create_week(current_user.household_id, week_start)
        if any(item.activity_id == activity.id for item in week.items):
            form.activity.errors.append("That activity is already in this week.")
        else:
            item = PlanItem(
                household_id=current_user.household_id,
                week=week,
                activity=activity,
                day=date.fromisoformat(form.day.data),
            )
            db.session.add(item)
            db.session.commit()
            flash(f"Added “{activity.title}”.", "success")
            return redirect(back_to(item))
    status = 400 if request.method == "POST" else 200
    return (
        render_template(
            "weeks/add.html", form=form, week_start=week_start, practices=practices.PRACTICES
        ),
        status,
    )


def activity_choices(activities: list[Activity]) -> list[SelectChoice]:
    """Choices grouped by practice for a <select> with <optgroup>s."""
    options = []
    for activity in activities:
        label = (
            f"{activity.title} (ages {activity.age_min}–{activity.age_max}, {activity.minutes} min)"
        )
        if activity.is_custom:
            label += " — your card"
        group = practices.PRACTICES[activity.practice].name
        options.append(SelectChoice(activity.slug, label, optgroup=group))
    return options


@bp.post("/items/<int:item_id>/lock")
@login_required
def lock(item_id: int):
    """Set locked or unlocked (idempotent). :raise 404: if not this household's item."""
    item = load_item(item_id, for_update=True)
    form = LockForm()
    require_valid(form)
    item.locked = form.locked.data == "1"
    db.session.commit()
    return redirect(back_to(item))


@bp.route("/items/<int:item_id>/swap", methods=["GET", "POST"])
@login_required
def swap(item_id: int):
    """Show activities that fit in this item's place, or swap to one (or a surprise).

    :raise 404: if not this household's item.
    """
    item = load_item(item_id, for_update=request.method == "POST")
    choices = service.swap_choices(household(), item)
    form = SwapForm()
    if request.method == "POST":
        require_valid(form)
        if item.done_at is not None:
            flash("This activity is already done, so it stays. Add another instead.", "error")
            return redirect(back_to(item))
        if form.surprise.data:
            chosen = choices[0] if choices else None
            if len(choices) > 1:
                chosen = random.choice(choices[:3])
        else:
            chosen = next((a for a in choices if a.slug == form.activity.data), None)
        if chosen is None:
            flash("That activity can't go here any more; pick one of these.", "error")
            return redirect(url_for("weeks.swap", item_id=item.id))
        old_title = item.activity.title
        planning_inputs.record_swap(item)
        item.activity = chosen
        item.ritual_id = None
        db.session.commit()
        flash(f"Swapped “{old_title}” for “{chosen.title}”.", "success")
        return redirect(back_to(item))
    return render_template("weeks/swap.html", item=item, choices=choices, form=form)


@bp.post("/items/<int:item_id>/move")
@login_required
def move(item_id: int):
    """Move an item to another day of its week. :raise 404: if not this household's item."""
    item = load_item(item_id, for_update=True)
    form = MoveForm()
    form.day.choices = day_choices(week_days(item.week.week_start))
    require_valid(form)
    item.day = date.fromisoformat(form.day.data)
    db.session.commit()
    return redirect(back_to(item))


@bp.post("/items/<int:item_id>/children")
@login_required
def set_children(item_id: int):
    """Choose whether the item is for the whole family or for chosen children.

    :raise 404: if not this household's item.
    """
    item = load_item(item_id, for_update=True)
    children = household_children()
    form = ChildrenForm()
    form.children.choices = choices((child.id, child.name) for child in children)
    require_valid(form)
    if form.whole_family.data or not form.children.data:
        item.children = []
    else:
        item.children = [child for child in children if child.id in set(form.children.data)]
    db.session.commit()
    return redirect(back_to(item))


@bp.route("/items/<int:item_id>/remove", methods=["GET", "POST"])
@login_required
def remove(item_id: int):
    """Remove an item; a done item (with its note) asks for confirmation first.

    :raise 404: if not this household's item.
    """
    item = load_item(item_id, for_update=request.method == "POST")
    form = ActionForm()
    needs_confirmation = item.done_at is not None or bool(item.note)
    if request.method == "POST":
        require_valid(form)
        if needs_confirmation and request.form.get("confirm") != "yes":
            return redirect(url_for("weeks.remove", item_id=item.id))
        week_start = item.week.week_start
        title = item.activity.title
        db.session.delete(item)
        db.session.commit()
        flash(f"Removed “{title}” from this week.", "success")
        return redirect(week_url(week_start))
    return render_template("weeks/remove.html", item=item, form=form)


@bp.post("/items/<int:item_id>/ritual")
@login_required
def make_ritual(item_id: int):
    """Make this item's card a weekly ritual on this weekday. :raise 404: if not this household's."""
    item = load_item(item_id, for_update=True)
    require_valid(ActionForm())
    existing = db.session.execute(
        db.select(Ritual).where(
            Ritual.household_id == current_user.household_id, Ritual.activity_id == item.activity_id
        )
    ).scalar_one_or_none()
    if existing is None:
        existing = Ritual(
            household_id=current_user.household_id,
            activity_id=item.activity_id,
            weekday=item.day.weekday(),
        )
        db.session.add(existing)
        db.session.flush()
    item.ritual_id = existing.id
    item.locked = True
    db.session.commit()
    flash(
        f"“{item.activity.title}” is now a weekly ritual every {DAY_NAMES[existing.weekday]}.",
        "success",
    )
    return redirect(back_to(item))


@bp.post("/rituals/<int:ritual_id>/stop")
@login_required
def stop_ritual(ritual_id: int):
    """Stop a weekly ritual; items already planned stay. :raise 404: if not this household's."""
    ritual = get_owned_or_404(Ritual, ritual_id)
    require_valid(ActionForm())
    title = ritual.activity.title
    db.session.delete(ritual)
    db.session.commit()
    flash(f"“{title}” is no longer a weekly ritual. Planned weeks keep it.", "success")
    return redirect(safe_back() or url_for("weeks.this_week"))


def safe_back() -> str | None:
    from ..auth.views import safe_next

    return safe_next(request.form.get("back"))


@bp.post("/items/<int:item_id>/done")
@login_required
def set_done(item_id: int):
    """Set done or not done, with who took part, how it went and a note (idempotent).

    Answers JSON when asked (the small script on the week page), else redirects back.
    :raise 404: if not this household's item.
    """
    item = load_item(item_id, for_update=True)
    form = DoneForm()
    form.participants.choices = choices((child.id, child.name) for child in household_children())
    if not form.validate_on_submit():
        if wants_json():
            return jsonify(ok=False, errors=form.errors), 400
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(back_to(item))
    if form.done.data == "1":
        if item.done_at is None:
            item.done_at = now_utc()
            item.done_by_id = current_user.id
        if form.participants.raw_data is not None and "participants-sent" in request.form:
            chosen = set(form.participants.data or [])
            item.participants = [c for c in household_children() if c.id in chosen]
        if form.rating.data:
            item.rating = form.rating.data
        if form.note.data is not None and "note" in request.form:
            item.note = form.note.data.strip()
    else:
        item.done_at = None
        item.done_by_id = None
    db.session.commit()
    if wants_json():
        return jsonify(ok=True, item=item_state(item))
    return redirect(back_to(item))


def wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def item_state(item: PlanItem) -> dict:
    week_items = item.week.items
    counts = practice_counts(week_items)
    return {
        "id": item.id,
        "done": item.done_at is not None,
        "done_by": item.done_by.display_name if item.done_by else None,
        "rating": item.rating,
        "note": item.note,
        "participants": [child.id for child in item.participants],
        "counts": {slug: {"done": d, "planned": p} for slug, (d, p) in counts.items()},
    }
