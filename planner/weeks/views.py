"""The week page and every action on it. Each action is a POST form that redirects back.

Views parse the form, call `planner.items` (the item service) or the planning glue, commit, and
redirect or render. The week page itself never writes: rituals not yet stored show as due.
"""

import random
from datetime import date, timedelta

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from .. import household as family
from .. import items, limits, planning, planning_inputs, practices
from ..dates import week_days
from ..extensions import db
from ..forms import ActionForm, choices
from ..i18n import formatted, localized, weekday_names
from ..locale_cache import practice_tags
from ..models import Activity, Child, PlanItem, Ritual
from ..pagecache import cached_page
from ..scoping import get_owned_or_404
from ..web import require_valid, safe_next, wants_json, week_start_or_404
from . import carry, page, service, watch
from .forms import (
    AddForm,
    ChildrenForm,
    DoneForm,
    LockForm,
    MoveForm,
    RemoveForm,
    SwapForm,
    day_choices,
)
from .notes import day_name, left_out, worded

bp = Blueprint("weeks", __name__)


def week_url(week_start: date, anchor: str | None = None) -> str:
    return url_for("weeks.show", day=week_start.isoformat(), _anchor=anchor)


def back_to(item: PlanItem) -> str:
    return week_url(item.week.week_start, anchor=f"item-{item.id}")


def load_item(item_id: int, for_update: bool = False) -> PlanItem:
    """:raise 404: if the item is not this household's."""
    return get_owned_or_404(PlanItem, item_id, for_update=for_update)


def children() -> list[Child]:
    return family.children(current_user.household_id)


@bp.get("/weeks")
@login_required
def this_week():
    """The family's current week by their own clock (the home page after login)."""
    return redirect(week_url(family.this_week(current_user.household)))


@bp.get("/weeks/<day>")
@cached_page(login_required=True)
@login_required
def show(day: str):
    """The seven days of the week containing `day`. :raise 404: for a malformed date."""
    week_start = week_start_or_404(day)
    if week_start.isoformat() != day:
        return redirect(week_url(week_start))
    household = current_user.household
    everyone = family.children(household.id, include_archived=True)
    family_children = [child for child in everyone if not child.archived]
    planned, last_undone = page.this_and_last_week(household.id, week_start, everyone)
    entries = page.planned_and_due(household.id, planned, week_start)
    kinds = page.split_kinds(entries)
    moments = watch.week_moments(household.id, week_start)
    today = family.today(household)
    days = week_days(week_start)
    present = [entry.activity.id for entry in entries]
    return render_template(
        "weeks/week.html",
        week_start=week_start,
        days=days,
        items_by_day=family.group_by_day(kinds.on_days),
        moments_by_day=page.moments_by_day(moments),
        items=entries,
        planned=any(not getattr(entry, "is_due_ritual", False) for entry in entries),
        watch_for=kinds.watch_for,
        for_you=kinds.for_you,
        spotted=page.spotted_ids(kinds.watch_for, moments),
        can_spot=watch.moment_day(household, week_start) is not None,
        reasons=page.reasons(household, week_start, entries, family_children, last_undone),
        focus=page.week_focus(week_start),
        today=today,
        is_past=days[-1] < today,
        empty_labels={d: page.empty_day_label(d, today, household.free_day_set) for d in days},
        unfinished=[] if days[-1] < today else carry.carriable(last_undone, present),
        children=family_children,
        counts=page.practice_counts(entries, moments),
        practices=practices.PRACTICES,
        action_form=ActionForm(),
        prev_week=week_start - timedelta(days=7),
        next_week=week_start + timedelta(days=7),
        this_week_start=family.this_week(household),
        move_choices=[(d.isoformat(), formatted(d, "weekday_day_month_short")) for d in days],
        kind_of=planning_inputs.card_kind,
        day_names=weekday_names(),
        w=page.words(),
        tags=practice_tags(),
    )


@bp.get("/items/<int:item_id>")
@login_required
def item(item_id: int):
    """One planned activity with every way to change it. :raise 404: if not this household's."""
    planned = load_item(item_id)
    return render_template(
        "weeks/item.html",
        item=planned,
        children=children(),
        move_choices=[
            (d.isoformat(), formatted(d, "weekday_day_month_short"))
            for d in week_days(planned.week.week_start)
        ],
        kind_of=planning_inputs.card_kind,
    )


@bp.post("/weeks/<day>/plan")
@login_required
def plan(day: str):
    """Plan an empty week, or re-plan its unlocked items (done, locked and rituals stay).

    :raise 404: for a malformed date.
    """
    week_start = week_start_or_404(day)
    require_valid(ActionForm())
    week = items.get_or_create_week(current_user.household_id, week_start)
    notes = service.fill_week(current_user.household, week)
    db.session.commit()
    if not any(note.code == planning.NO_DAYS_LEFT for note in notes):
        flash(
            gettext(
                "Your week is planned. Swap or move anything that doesn't fit, "
                "and keep what you like."
            ),
            "success",
        )
    for sentence in worded(notes):
        flash(sentence, "info")
    return redirect(week_url(week_start))


@bp.route("/weeks/<day>/add", methods=["GET", "POST"])
@login_required
def add(day: str):
    """Add a library or custom card to a chosen day. :raise 404: for a malformed date."""
    week_start = week_start_or_404(day)
    form = AddForm()
    activities = list(
        db.session.execute(
            family.usable_cards(current_user.household_id).order_by(
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
        week = items.get_or_create_week(current_user.household_id, week_start)
        try:
            # A watch-for or grown-ups card belongs to the week, not a day (stored on its start).
            on = date.fromisoformat(form.day.data)
            added = items.add(
                week, activity, on if planning_inputs.on_a_day(activity) else week_start
            )
        except items.AlreadyPlanned:
            form.activity.errors.append(gettext("That activity is already in this week."))
        else:
            db.session.commit()
            flash(gettext("Added “%(title)s”.", title=localized(activity).title), "success")
            return redirect(back_to(added))
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
        label = gettext(
            "%(title)s (ages %(low)d–%(high)d, %(minutes)d min)",
            title=localized(activity).title,
            low=activity.age_min,
            high=activity.age_max,
            minutes=activity.minutes,
        )
        if activity.is_custom:
            label += gettext(" — your card")
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
    items.set_locked(item, form.locked.data == "1")
    db.session.commit()
    return redirect(back_to(item))


def chosen_swap(form: SwapForm, choices: list[Activity]) -> Activity | None:
    """The card the parent picked, or a surprise among the best three; None if it no longer fits."""
    if form.surprise.data:
        return random.choice(choices[:3]) if choices else None
    return next((a for a in choices if a.slug == form.activity.data), None)


@bp.route("/items/<int:item_id>/swap", methods=["GET", "POST"])
@login_required
def swap(item_id: int):
    """Show activities that fit in this item's place, or swap to one (or a surprise).

    :raise 404: if not this household's item.
    """
    item = load_item(item_id, for_update=request.method == "POST")
    options = service.swap_choices(current_user.household, item)
    form = SwapForm()
    if request.method == "GET":
        return render_template(
            "weeks/swap.html",
            item=item,
            choices=options,
            form=form,
            kind_of=planning_inputs.card_kind,
        )
    require_valid(form)
    chosen = chosen_swap(form, options)
    if chosen is None and item.done_at is None:
        flash(gettext("That activity can't go here any more; pick one of these."), "error")
        return redirect(url_for("weeks.swap", item_id=item.id))
    old_title = localized(item.activity).title
    try:
        items.swap(item, chosen)
    except items.DoneStays:
        flash(gettext("This activity is already done, so it stays. Add another instead."), "error")
        return redirect(back_to(item))
    db.session.commit()
    flash(
        gettext("Swapped “%(old)s” for “%(new)s”.", old=old_title, new=localized(chosen).title),
        "success",
    )
    return redirect(back_to(item))


@bp.post("/items/<int:item_id>/move")
@login_required
def move(item_id: int):
    """Move an item to another day of its week. :raise 404: if not this household's item."""
    item = load_item(item_id, for_update=True)
    form = MoveForm()
    form.day.choices = day_choices(week_days(item.week.week_start))
    require_valid(form)
    items.move(item, date.fromisoformat(form.day.data))
    db.session.commit()
    return redirect(back_to(item))


@bp.post("/items/<int:item_id>/children")
@login_required
def set_children(item_id: int):
    """Choose whether the item is for the whole family or for chosen children.

    :raise 404: if not this household's item.
    """
    item = load_item(item_id, for_update=True)
    family_children = children()
    form = ChildrenForm()
    form.children.choices = choices((child.id, child.name) for child in family_children)
    require_valid(form)
    chosen = set() if form.whole_family.data else set(form.children.data or [])
    items.set_children(item, [child for child in family_children if child.id in chosen])
    db.session.commit()
    return redirect(back_to(item))


@bp.route("/items/<int:item_id>/remove", methods=["GET", "POST"])
@login_required
def remove(item_id: int):
    """Remove an item; a done item (with its note) asks for confirmation first.

    :raise 404: if not this household's item.
    """
    item = load_item(item_id, for_update=request.method == "POST")
    form = RemoveForm()
    needs_confirmation = item.done_at is not None or bool(item.note)
    if request.method == "GET":
        return render_template("weeks/remove.html", item=item, form=form)
    require_valid(form)
    if needs_confirmation and not form.confirmed:
        return redirect(url_for("weeks.remove", item_id=item.id))
    week_start = item.week.week_start
    title = localized(item.activity).title
    items.remove(item)
    db.session.commit()
    flash(gettext("Removed “%(title)s” from this week.", title=title), "success")
    return redirect(week_url(week_start))


@bp.post("/items/<int:item_id>/ritual")
@login_required
def make_ritual(item_id: int):
    """Make this item's card a weekly ritual on this weekday. :raise 404: if not this household's."""
    item = load_item(item_id, for_update=True)
    require_valid(ActionForm())
    if item.ritual_id is None and limits.is_full(limits.RITUALS, current_user.household_id):
        flash(limits.RITUALS.message(), "error")
        return redirect(back_to(item))
    ritual = items.make_ritual(item)
    db.session.commit()
    flash(
        gettext(
            "“%(title)s” is now a weekly ritual every %(day)s.",
            title=localized(item.activity).title,
            day=day_name(ritual.weekday),
        ),
        "success",
    )
    return redirect(back_to(item))


@bp.post("/rituals/<int:ritual_id>/stop")
@login_required
def stop_ritual(ritual_id: int):
    """Stop a weekly ritual; items already planned stay. :raise 404: if not this household's."""
    ritual = get_owned_or_404(Ritual, ritual_id)
    require_valid(ActionForm())
    title = localized(ritual.activity).title
    items.stop_ritual(ritual)
    db.session.commit()
    flash(
        gettext("“%(title)s” is no longer a weekly ritual. Planned weeks keep it.", title=title),
        "success",
    )
    return redirect(safe_next(request.form.get("back")) or url_for("weeks.this_week"))


@bp.post("/weeks/<day>/rituals/<int:ritual_id>/done")
@login_required
def ritual_done(day: str, ritual_id: int):
    """Tick off a ritual shown as due: the week stores its rituals first, then this one is done.

    :raise 404: for a malformed date or another household's ritual.
    """
    week_start = week_start_or_404(day)
    ritual = get_owned_or_404(Ritual, ritual_id)
    require_valid(ActionForm())
    week = items.get_or_create_week(current_user.household_id, week_start)
    item = next((i for i in week.items if i.activity_id == ritual.activity_id), None)
    if item is None:  # the ritual began after this week
        return redirect(week_url(week_start))
    items.mark_done(item, current_user.id)
    try:
        db.session.commit()
    except IntegrityError:  # a double click stored the rituals a moment ago
        db.session.rollback()
    return redirect(week_url(week_start, anchor=f"item-{item.id}" if item.id else None))


@bp.post("/items/<int:item_id>/done")
@login_required
def set_done(item_id: int):
    """Set done or not done, with who took part, how it went and a note (idempotent).

    Answers JSON when asked (the small script on the week page), else redirects back.
    :raise 404: if not this household's item.
    """
    item = load_item(item_id, for_update=True)
    form = DoneForm()
    # Children are only looked up when the form says who took part (the plain tick is lean).
    wants_children = bool(form.participants_sent.data or form.participants.raw_data)
    # One statement: the item's week and participants, the choices, the notes so far if needed.
    context = items.tick_context(
        item,
        children=wants_children,
        notes=adds_a_note(item, form),
        tally_week=family.week_of(current_user.household, item.day) if wants_json() else None,
    )
    family_children = context.children
    form.participants.choices = choices((child.id, child.name) for child in family_children)
    if not form.validate_on_submit():
        if wants_json():
            return jsonify(ok=False, errors=form.errors), 400
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(back_to(item))
    if context.notes is not None and limits.NOTES.goes_over(context.notes):
        if wants_json():
            return jsonify(ok=False, errors={"note": [limits.NOTES.message()]}), 400
        flash(limits.NOTES.message(), "error")
        return redirect(back_to(item))
    if form.done.data == "1":
        items.mark_done(item, current_user.id)
        items.record(
            item,
            participants=form.sent_participants(family_children),
            rating=form.rating.data or None,
            note=form.sent_note(),
        )
    else:
        items.mark_not_done(item)
    # The answer is read before the commit: nothing after it can fail the saved tick.
    answer = (
        jsonify(ok=True, item=item_state(item, context.tally_after(item)))
        if wants_json()
        else redirect(back_to(item))
    )
    db.session.commit()
    return answer


def adds_a_note(item: PlanItem, form: DoneForm) -> bool:
    """True when this tick writes a note on an item that had none (the notes limit applies)."""
    note = form.sent_note()
    return form.done.data == "1" and bool(note and note.strip()) and not item.note


def item_state(item: PlanItem, tally: dict[str, tuple[int, int]]) -> dict:
    """What the week page's script needs after a tick: the item and the week's tallies."""
    counts = {slug: tally.get(slug, (0, 0)) for slug in practices.PRACTICES}
    return {
        "id": item.id,
        "done": item.done_at is not None,
        "done_by": item.done_by.display_name if item.done_by else None,
        "rating": item.rating,
        "note": item.note,
        "participants": [child.id for child in item.participants],
        "counts": {slug: {"done": d, "planned": p} for slug, (d, p) in counts.items()},
    }


@bp.post("/items/<int:item_id>/spotted")
@login_required
def spotted(item_id: int):
    """Tick a watch-for card (`spotted=1`: log its moment) or un-tick it (`spotted=0`), both
    idempotent. :raise 404: if not this household's item."""
    item = load_item(item_id, for_update=True)
    require_valid(ActionForm())
    household = current_user.household
    week_start = item.week.week_start
    if request.form.get("spotted", "1") == "0":
        watch.unspot(household, item, week_start)
    elif watch.moment_day(household, week_start) is None:
        flash(gettext("This week hasn't begun yet: tick it once you've spotted it."), "error")
        return redirect(back_to(item))
    elif limits.is_full(limits.MOMENTS, household.id):
        flash(limits.MOMENTS.message(), "error")
        return redirect(back_to(item))
    else:
        watch.spot(household, current_user.id, item, week_start)
    db.session.commit()
    return redirect(back_to(item))


@bp.post("/weeks/<day>/carry-over")
@login_required
def carry_over(day: str):
    """Bring last week's unfinished activities into this week (twice adds nothing); say which
    stayed behind and why.

    :raise 404: for a malformed date.
    """
    week_start = week_start_or_404(day)
    require_valid(ActionForm())
    week = items.get_or_create_week(current_user.household_id, week_start)
    carried = carry.carry_over(current_user.household, week)
    db.session.commit()
    if carried.added:
        flash(
            ngettext(
                "Carried over %(num)d activity from last week; it is kept when you ask for "
                "new ideas.",
                "Carried over %(num)d activities from last week; they are kept when you ask for "
                "new ideas.",
                len(carried.added),
            ),
            "success",
        )
    elif not carried.left_out:
        flash(gettext("Nothing left to carry over from last week."), "info")
    for sentence in left_out(carried.left_out):
        flash(sentence, "info")
    return redirect(week_url(week_start))
