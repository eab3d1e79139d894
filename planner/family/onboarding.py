"""Getting started in three steps: 1 your children, 2 your week's rhythm, 3 plan the first week.

Each step is an ordinary page with its own form (no JavaScript needed) and a "Step n of 3"
indicator; the last step's button plans this week and lands on it. The forms save through the
same fields as the family page, so a family can change everything there later.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from .. import household as family_data
from ..extensions import db
from ..forms import ActionForm
from ..i18n import weekday_names
from ..models import PlanItem, Week
from .children import NotAdded, child_form
from .children import add_child as add_child_from
from .forms import RhythmForm
from .profile_form import TIME, USUAL_TIMES

bp = Blueprint("onboarding", __name__, url_prefix="/start")


def N_(text: str) -> str:
    """Mark `text` for the catalogue; the step indicator translates it."""
    return text


STEPS = (
    ("children", N_("Your children")),
    ("rhythm", N_("Your week's rhythm")),
    ("plan", N_("Plan your first week")),
)


def render_step(step: str, status: int = 200, **context):
    number = next(index for index, (key, _) in enumerate(STEPS, start=1) if key == step)
    return (
        render_template(
            f"family/start_{step}.html", steps=STEPS, step=step, number=number, **context
        ),
        status,
    )


@bp.get("")
@login_required
def start():
    """Step 1, or the step after the last one the family has done."""
    if family_data.children(current_user.household_id):
        return redirect(url_for(".rhythm"))
    return redirect(url_for(".children"))


def children_page(form=None, status=200):
    household = current_user.household
    return render_step(
        "children",
        status,
        children=family_data.children(household.id),
        today=family_data.today(household),
        form=form or child_form(),
    )


@bp.get("/children")
@login_required
def children():
    """Step 1: who the plans are for (a nickname and birth month each)."""
    return children_page()


@bp.post("/children")
@login_required
def add_child():
    """Add a child and come back to step 1 to add another or go on."""
    form = child_form()
    child = add_child_from(form, current_user.household_id)
    if child is NotAdded.REPEATED:
        flash(gettext("%(name)s was already added.", name=form.name.data), "info")
        return redirect(url_for(".children"))
    if isinstance(child, NotAdded):
        return children_page(form, 400)
    message = gettext("%(name)s was added. Add another child, or go on to step 2.", name=child.name)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".children"))


def rhythm_form(formdata=None) -> RhythmForm:
    household = current_user.household
    form = RhythmForm(formdata=formdata)
    if formdata is None:
        form.free_days.data = sorted(household.free_day_set)
        form.weekday_minutes.data = household.weekday_minutes
        form.weekend_minutes.data = household.weekend_minutes
        for name in USUAL_TIMES:
            form[name].data = getattr(household, name) or ""
    return form


def check_times(form: RhythmForm) -> bool:
    """Usual times are optional; one given must read like 07:30."""
    ok = True
    for name in USUAL_TIMES:
        field = form[name]
        if field.data and not TIME.match(field.data):
            field.errors = [
                *field.errors,
                gettext("Enter a time like 07:30 or 19:00, or leave it empty."),
            ]
            ok = False
    return ok


@bp.get("/rhythm")
@login_required
def rhythm():
    """Step 2: the days you're free, the time you have, and your usual times."""
    return render_step("rhythm", form=rhythm_form())


@bp.post("/rhythm")
@login_required
def save_rhythm():
    """Save step 2 and go on to step 3."""
    form = rhythm_form(request.form)
    valid = form.validate_on_submit()
    if not (check_times(form) and valid):
        return render_step("rhythm", 400, form=form)
    household = current_user.household
    household.free_days = ",".join(str(day) for day in sorted(set(form.free_days.data)))
    household.weekday_minutes = form.weekday_minutes.data
    household.weekend_minutes = form.weekend_minutes.data
    for name in USUAL_TIMES:
        setattr(household, name, form[name].data or None)
    db.session.commit()
    return redirect(url_for(".plan"))


@bp.get("/plan")
@login_required
def plan():
    """Step 3: what the plan will be made from, and one button that plans this week."""
    household = current_user.household
    week_start = family_data.this_week(household)
    planned = db.session.execute(
        db.select(db.func.count(PlanItem.id))
        .join(Week, Week.id == PlanItem.week_id)
        .where(Week.household_id == household.id, Week.week_start == week_start)
    ).scalar_one()
    return render_step(
        "plan",
        household=household,
        children=family_data.children(household.id),
        free_day_names=[weekday_names()[day] for day in sorted(household.free_day_set)],
        week_start=week_start,
        planned=planned,
        action_form=ActionForm(),
    )
