"""The "Your family" form: what the planner may use about the household, every answer optional."""

import re

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..dates import DAY_NAMES
from ..forms import choices
from ..i18n import lazy_gettext as _l

NOT_SAID = ""
YES_NO = choices([(NOT_SAID, _l("Rather not say")), ("yes", _l("Yes")), ("no", _l("No"))])
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
USUAL_TIMES = ("usual_breakfast", "usual_after_school", "usual_dinner", "usual_bedtime")
YES_NO_FIELDS = (
    "raised_by_relative",
    "two_homes",
    "other_adults_nearby",
    "has_car",
    "has_garden",
    "has_pet",
)


class Checkboxes(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def usual_time(label: str) -> StringField:
    return StringField(label, filters=[lambda v: v.strip() if isinstance(v, str) else v])


class FamilyProfileForm(FlaskForm):
    adults_at_home = RadioField(
        _l("Grown-ups at home"),
        choices=choices(
            [
                (NOT_SAID, _l("Rather not say")),
                ("one", _l("One")),
                ("two", _l("Two")),
                ("more", _l("More")),
            ]
        ),
        default=NOT_SAID,
    )
    raised_by_relative = RadioField(
        _l("A grandparent or other relative is raising the children"),
        choices=YES_NO,
        default=NOT_SAID,
    )
    two_homes = RadioField(
        _l("The children live across two homes"), choices=YES_NO, default=NOT_SAID
    )
    other_adults_nearby = RadioField(
        _l("Other trusted grown-ups nearby (grandparent, friend, neighbour)"),
        choices=YES_NO,
        default=NOT_SAID,
    )
    has_car = RadioField(_l("A car"), choices=YES_NO, default=NOT_SAID)
    has_garden = RadioField(
        _l("A garden or outdoor space nearby"), choices=YES_NO, default=NOT_SAID
    )
    has_pet = RadioField(_l("A pet"), choices=YES_NO, default=NOT_SAID)
    outing_money = RadioField(
        _l("Money for outings"),
        choices=choices(
            [
                (NOT_SAID, _l("Rather not say")),
                ("free", _l("Free things only")),
                ("a-little", _l("A little")),
            ]
        ),
        default=NOT_SAID,
    )
    school_days = Checkboxes(
        _l("School days"),
        choices=choices((day, _l(name)) for day, name in enumerate(DAY_NAMES)),
        coerce=int,
        validate_choice=True,
    )
    usual_breakfast = usual_time(_l("Breakfast"))
    usual_after_school = usual_time(_l("Home from school"))
    usual_dinner = usual_time(_l("Dinner"))
    usual_bedtime = usual_time(_l("Bedtime"))
    grown_ups_per_week = SelectField(
        _l("Cards for you, the grown-ups, each week"),
        choices=choices([(0, _l("None")), (1, _l("One")), (2, _l("Two")), (3, _l("Three"))]),
        coerce=int,
        default=1,
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        for name in USUAL_TIMES:
            field = self[name]
            if field.data and not TIME.match(field.data):
                field.errors = [
                    *field.errors,
                    gettext("Enter a time like 07:30 or 19:00, or leave it empty."),
                ]
                ok = False
        return ok

    def validate_school_days(self, field) -> None:
        if any(day not in range(7) for day in field.data or ()):
            raise ValidationError(gettext("Choose days from the list."))


def load(form: FamilyProfileForm, household) -> None:
    """Fill the form from the household (unknown shows as "Rather not say" or empty)."""
    form.adults_at_home.data = household.adults_at_home or NOT_SAID
    for name in YES_NO_FIELDS:
        value = getattr(household, name)
        form[name].data = NOT_SAID if value is None else ("yes" if value else "no")
    form.outing_money.data = household.outing_money or NOT_SAID
    form.school_days.data = school_day_list(household.school_days)
    for name in USUAL_TIMES:
        form[name].data = getattr(household, name) or ""
    form.grown_ups_per_week.data = household.grown_ups_per_week


def save(form: FamilyProfileForm, household) -> None:
    """Store the answers; "Rather not say" and empty fields are stored as unknown."""
    household.adults_at_home = form.adults_at_home.data or None
    for name in YES_NO_FIELDS:
        answer = form[name].data
        setattr(household, name, None if answer == NOT_SAID else answer == "yes")
    household.outing_money = form.outing_money.data or None
    days = sorted(set(form.school_days.data or ()))
    household.school_days = ",".join(str(day) for day in days) if days else None
    for name in USUAL_TIMES:
        setattr(household, name, form[name].data or None)
    household.grown_ups_per_week = form.grown_ups_per_week.data


def school_day_list(text: str | None) -> list[int]:
    return [int(day) for day in (text or "").split(",") if day.strip().isdigit()]
