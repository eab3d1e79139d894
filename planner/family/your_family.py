"""The "Your family" page: the optional profile the planner uses to fit cards to the family."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from ..extensions import db
from . import profile_form
from .profile_form import FamilyProfileForm

bp = Blueprint("your_family", __name__, url_prefix="/family/about")


def render(form: FamilyProfileForm, status: int = 200):
    return render_template("your_family/about.html", form=form), status


@bp.get("")
@login_required
def show():
    """The profile form, filled with what the family told us so far."""
    form = FamilyProfileForm(formdata=None)
    profile_form.load(form, current_user.household)
    return render(form)


@bp.post("")
@login_required
def save():
    """Save the profile; weeks already planned keep their items."""
    form = FamilyProfileForm(formdata=request.form)
    if not form.validate():
        return render(form, 400)
    profile_form.save(form, current_user.household)
    db.session.commit()
    flash(gettext("Saved. New weeks are planned with this in mind."), "success")
    return redirect(url_for("your_family.show"))
