"""Forms for the family page; each validates what a parent could get wrong."""

from datetime import date

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

from ..dates import DAY_NAMES
from ..forms import (
    MINUTE_CHOICES,
    FormKeyField,
    MultiCheckboxField,
    TimezoneField,
    choices,
    no_control_characters,
    strip,
)
from ..i18n import lazy_gettext as _l

MONTHS = [
    (i, name)
    for i, name in enumerate(
        (
            _l("January"),
            _l("February"),
            _l("March"),
            _l("April"),
            _l("May"),
            _l("June"),
            _l("July"),
            _l("August"),
            _l("September"),
            _l("October"),
            _l("November"),
            _l("December"),
        ),
        start=1,
    )
]
OLDEST_AGE = 17


def month_number(value):
    """The chosen month as a number; the "Month" placeholder (empty) is None, never January."""
    if value in ("", None):
        return None
    return int(value)


class ChildForm(FlaskForm):
    name = StringField(
        _l("Name or nickname"),
        validators=[
            DataRequired(_l("Enter a name or nickname.")),
            Length(max=40, message=_l("Use at most 40 characters.")),
            no_control_characters,
        ],
        filters=[strip],
    )
    birth_month = SelectField(
        _l("Birth month"),
        choices=choices([("", _l("Month")), *MONTHS]),
        coerce=month_number,
        validators=[InputRequired(_l("Choose the birth month."))],
        invalid_value_message=_l("Choose a month from the list."),
        invalid_choice_message=_l("Choose a month from the list."),
    )
    birth_year = IntegerField(
        _l("Birth year"),
        validators=[
            InputRequired(_l("Enter the birth year, e.g. 2018.")),
            NumberRange(1900, 2999, _l("Enter a year like 2018.")),
        ],
    )

    form_key = FormKeyField()

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_birth_year(self, field) -> None:
        if field.data is None or self.birth_month.data not in range(1, 13):
            return
        born = (field.data, self.birth_month.data)
        if born > (self.today.year, self.today.month):
            raise ValidationError(gettext("That birth date is in the future."))
        age = self.today.year - field.data - (1 if self.today.month < self.birth_month.data else 0)
        if age > OLDEST_AGE:
            raise ValidationError(
                gettext(
                    "Together plans for children up to %(oldest)d; this child is %(age)d.",
                    oldest=OLDEST_AGE,
                    age=age,
                )
            )


def free_days_field() -> MultiCheckboxField:
    """The week's free days, shared by the family page's settings and the first steps."""
    return MultiCheckboxField(
        _l("Days you're usually free"),
        choices=choices((day, _l(name)) for day, name in enumerate(DAY_NAMES)),
        coerce=int,
    )


def minutes_field(label, missing) -> SelectField:
    """Time for activities on a kind of day (made at class creation, so fields keep their order)."""
    return SelectField(
        label, choices=choices(MINUTE_CHOICES), coerce=int, validators=[InputRequired(missing)]
    )


class SettingsForm(FlaskForm):
    household_name = StringField(
        _l("Family name"),
        validators=[
            DataRequired(_l("Enter a name for your family.")),
            Length(max=80, message=_l("Use at most 80 characters.")),
            no_control_characters,
        ],
        filters=[strip],
    )
    timezone = TimezoneField(
        _l("Your time zone"),
        description=_l("“Today” and “this week” on your plans follow this clock."),
    )
    week_starts_on = RadioField(
        _l("Weeks start on"),
        choices=choices([(0, _l("Monday")), (6, _l("Sunday"))]),
        coerce=int,
        validators=[InputRequired()],
    )
    items_per_week = IntegerField(
        _l("Activities per week"),
        validators=[
            InputRequired(_l("Enter a number from 3 to 14.")),
            NumberRange(3, 14, _l("Choose between 3 and 14 activities.")),
        ],
        description=_l("Between 3 and 14. Five is a good start."),
    )
    free_days = free_days_field()
    weekday_minutes = minutes_field(
        _l("Time on a weekday"), _l("Choose how long you have on a weekday.")
    )
    weekend_minutes = minutes_field(
        _l("Time on a weekend day"), _l("Choose how long you have on a weekend day.")
    )

    def validate_free_days(self, field) -> None:
        if not field.data:
            raise ValidationError(gettext("Choose at least one day, so there is room to plan."))


class RhythmForm(FlaskForm):
    """Onboarding step 2, your week's rhythm: free days, time for activities, usual times."""

    free_days = free_days_field()
    weekday_minutes = minutes_field(
        _l("Time on a weekday"), _l("Choose how long you have on a weekday.")
    )
    weekend_minutes = minutes_field(
        _l("Time on a weekend day"), _l("Choose how long you have on a weekend day.")
    )
    usual_breakfast = StringField(_l("Breakfast"), filters=[strip])
    usual_after_school = StringField(_l("Home from school"), filters=[strip])
    usual_dinner = StringField(_l("Dinner"), filters=[strip])
    usual_bedtime = StringField(_l("Bedtime"), filters=[strip])

    def validate_free_days(self, field) -> None:
        if not field.data:
            raise ValidationError(gettext("Choose at least one day, so there is room to plan."))
