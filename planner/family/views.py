"""The family page: children (with ages) and the settings the planner uses."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from .. import household as family_data
from ..extensions import db
from ..forms import ActionForm
from ..models import Child, Household, PlanItem, Week
from ..scoping import get_owned_or_404
from . import children
from .children import NotAdded, child_form, save_child
from .forms import SettingsForm

bp = Blueprint("family", __name__, url_prefix="/family")


def settings_form_for(household: Household, formdata=None) -> SettingsForm:
    form = SettingsForm(formdata=formdata, obj=household)
    if formdata is None:
        form.household_name.data = household.name
        form.free_days.data = sorted(household.free_day_set)
    return form


def planned_this_week(household: Household) -> int:
    """How many activities this week holds (the family page's next step depends on it)."""
    return db.session.execute(
        db.select(db.func.count(PlanItem.id))
        .join(Week, Week.id == PlanItem.week_id)
        .where(
            Week.household_id == household.id,
            Week.week_start == family_data.this_week(household),
        )
    ).scalar_one()


def render_profile(settings_form=None, new_child_form=None, status=200):
    household = current_user.household
    return (
        render_template(
            "family/profile.html",
            household=household,
            children=family_data.children(household.id),
            archived=[
                c for c in family_data.children(household.id, include_archived=True) if c.archived
            ],
            settings_form=settings_form or settings_form_for(household),
            child_form=new_child_form or child_form(),
            today=family_data.today(household),
            planned=planned_this_week(household),
            action_form=ActionForm(),
        ),
        status,
    )


@bp.get("")
@login_required
def profile():
    """Children and plan settings on one page."""
    return render_profile()


@bp.post("/settings")
@login_required
def save_settings():
    """Save plan settings; weeks already planned keep their items."""
    household = current_user.household
    form = settings_form_for(household, formdata=request.form)
    if not form.validate():
        return render_profile(settings_form=form, status=400)
    household.name = form.household_name.data
    household.timezone = form.timezone.data
    household.week_starts_on = form.week_starts_on.data
    household.items_per_week = form.items_per_week.data
    household.free_days = ",".join(str(d) for d in sorted(set(form.free_days.data)))
    household.weekday_minutes = form.weekday_minutes.data
    household.weekend_minutes = form.weekend_minutes.data
    db.session.commit()
    flash(gettext("Plan settings saved. They apply to weeks you plan from now on."), "success")
    return redirect(url_for("family.profile"))


@bp.post("/children")
@login_required
def add_child():
    """Add a child from the form on the family page."""
    form = child_form()
    child = children.add_child(form, current_user.household_id)
    if child is NotAdded.REPEATED:
        flash(gettext("%(name)s was already added.", name=form.name.data), "info")
        return redirect(url_for("family.profile"))
    if isinstance(child, NotAdded):
        return render_profile(new_child_form=form, status=400)
    message = gettext("%(name)s was added.", name=child.name)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("family.profile"))


@bp.route("/children/<int:child_id>/edit", methods=["GET", "POST"])
@login_required
def edit_child(child_id: int):
    """Change a child's name or birth month.

    :raise 404: if the child is not in this household.
    """
    child = get_owned_or_404(Child, child_id)
    form = child_form(obj=child)
    if form.validate_on_submit():
        save_child(form, child)
        message = gettext("%(name)s's details are saved.", name=child.name)
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("family.profile"))
    status = 400 if request.method == "POST" else 200
    return render_template("family/child_edit.html", form=form, child=child), status


@bp.route("/children/<int:child_id>/remove", methods=["GET", "POST"])
@login_required
def remove_child(child_id: int):
    """Ask first; then keep the child's history (archive) or delete it, as the parent chose.

    :raise 404: if the child is not in this household.
    """
    child = get_owned_or_404(Child, child_id)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        choice = request.form.get("history")
        if choice == "keep":
            child.archived = True
            message = gettext(
                "%(name)s is no longer planned for; their history is kept.", name=child.name
            )
        elif choice == "delete":
            db.session.delete(child)
            message = gettext(
                "%(name)s and their part in past activities were removed.", name=child.name
            )
        else:
            flash(gettext("Choose whether to keep or remove the history."), "error")
            return render_template("family/child_remove.html", child=child, form=form), 400
        db.session.commit()
        flash(message, "success")
        return redirect(url_for("family.profile"))
    return render_template("family/child_remove.html", child=child, form=form)


@bp.post("/children/<int:child_id>/restore")
@login_required
def restore_child(child_id: int):
    """Bring an archived child back into planning.

    :raise 404: if the child is not in this household.
    """
    child = get_owned_or_404(Child, child_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    child.archived = False
    db.session.commit()
    flash(gettext("%(name)s is back in your plans.", name=child.name), "success")
    return redirect(url_for("family.profile"))


# Getting started (three steps) lives under /start, nested here so the app's list of areas
# stays as it is.
from .onboarding import bp as onboarding_bp  # noqa: E402

bp.register_blueprint(onboarding_bp)
