"""Adding and changing children: one rule set for the family page and the first steps."""

from enum import Enum

from flask_login import current_user

from .. import household as family_data
from .. import limits, once
from ..extensions import db
from ..models import Child
from .forms import ChildForm


class NotAdded(Enum):
    """Why a sent child form added nobody."""

    INVALID = "invalid"  # the form shows its errors
    FULL = "full"  # the family is at its size limit (the name field says so)
    REPEATED = "repeated"  # the same form was sent twice: the first one added the child


def child_form(**kwargs) -> ChildForm:
    """The child form, judging birth dates by the family's own today."""
    return ChildForm(today=family_data.today(current_user.household), **kwargs)


def save_child(form: ChildForm, child: Child) -> None:
    """Copy the child form's fields (not its one-time key) onto `child`."""
    child.name = form.name.data
    child.birth_month = form.birth_month.data
    child.birth_year = form.birth_year.data


def add_child(form: ChildForm, household_id: int) -> Child | NotAdded:
    """Add the child a sent form describes (not committed), or say why nobody was added."""
    if not form.validate_on_submit():
        return NotAdded.INVALID
    if limits.is_full(limits.CHILDREN, household_id):
        form.name.errors = [limits.CHILDREN.message()]
        return NotAdded.FULL
    if not once.claim(form.form_key.data, household_id):
        return NotAdded.REPEATED
    child = Child(household_id=household_id)
    save_child(form, child)
    db.session.add(child)
    return child
