"""Forms for the family page; each validates what a parent could get wrong."""

from datetime import date

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

MONTHS = [
    (i, name)
    for i, name in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
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
        "Name or nickname",
        validators=[
            DataRequired("Enter a name or nickname."),
            Length(max=40, message="Use at most 40 characters."),
            no_control_characters,
        ],
        filters=[strip],
    )
    birth_month = SelectField(
        "Birth month",
        choices=choices([("", "Month"), *MONTHS]),
        coerce=month_number,
        validators=[InputRequired("Choose the birth month.")],
        invalid_value_message="Choose a month from the list.",
        invalid_choice_message="Choose a month from the list.",
    )
    birth_year = IntegerField(
        "Birth year",
        validators=[
            InputRequired("Enter the birth year, e.g. 2018."),
            NumberRange(1900, 2999, "Enter a year like 2018."),
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
            raise ValidationError("That birth date is in the future.")
        age = self.today.year - field.data - (1 if self.today.month < self.birth_month.data else 0)
        if age > OLDEST_AGE:
            raise ValidationError(
                f"Together plans for children up to {OLDEST_AGE}; this child is {age}."
            )


class SettingsForm(FlaskForm):
    household_name = StringField(
        "Family name",
        validators=[
            DataRequired("Enter a name for your family."),
            Length(max=80, message="Use at most 80 characters."),
            no_control_characters,
        ],
        filters=[strip],
    )
    timezone = TimezoneField(
        "Your time zone", description="“Today” and “this week” on your plans follow this clock."
    )
    week_starts_on = RadioField(
        "Weeks start on",
        choices=choices([(0, "Monday"), (6, "Sunday")]),
        coerce=int,
        validators=[InputRequired()],
    )
    items_per_week = IntegerField(
        "Activities per week",
        validators=[
            InputRequired("Enter a number from 3 to 14."),
            NumberRange(3, 14, "Choose between 3 and 14 activities."),
        ],
        description="Between 3 and 14. Five is a good start.",
    )
    free_days = MultiCheckboxField(
        "Days you're usually free", choices=choices(enumerate(DAY_NAMES)), coerce=int
    )
    weekday_minutes = SelectField(
        "Time on a weekday",
        choices=choices(MINUTE_CHOICES),
        coerce=int,
        validators=[InputRequired()],
    )
    weekend_minutes = SelectField(
        "Time on a weekend day",
        choices=choices(MINUTE_CHOICES),
        coerce=int,
        validators=[InputRequired()],
    )

    def validate_free_days(self, field) -> None:
        if not field.data:
            raise ValidationError("Choose at least one day, so there is room to plan.")


class RhythmForm(FlaskForm):
    """Onboarding step 2, your week's rhythm: free days, time for activities, usual times."""

    free_days = MultiCheckboxField(
        "Days you're usually free", choices=choices(enumerate(DAY_NAMES)), coerce=int
    )
    weekday_minutes = SelectField(
        "Time on a weekday",
        choices=choices(MINUTE_CHOICES),
        coerce=int,
        validators=[InputRequired("Choose how long you have on a weekday.")],
    )
    weekend_minutes = SelectField(
        "Time on a weekend day",
        choices=choices(MINUTE_CHOICES),
        coerce=int,
        validators=[InputRequired("Choose how long you have on a weekend day.")],
    )
    usual_breakfast = StringField("Breakfast", filters=[strip])
    usual_after_school = StringField("Home from school", filters=[strip])
    usual_dinner = StringField("Dinner", filters=[strip])
    usual_bedtime = StringField("Bedtime", filters=[strip])

    def validate_free_days(self, field) -> None:
        if not field.data:
            raise ValidationError("Choose at least one day, so there is room to plan.")
