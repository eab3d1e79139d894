"""Small forms for the week's per-item actions; choices are filled from the week and the family."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from ..forms import choices

NOTE_LIMIT = 1000
RATINGS = [(3, "Went well"), (2, "Okay"), (1, "Hard going")]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def day_choices(days) -> list[SelectChoice]:
    return choices((day.isoformat(), day.strftime("%A %d %b")) for day in days)


class MoveForm(FlaskForm):
    day = SelectField("Move to", validators=[InputRequired("Choose a day.")])


class ChildrenForm(FlaskForm):
    whole_family = BooleanField("Whole family")
    children = MultiCheckboxField("For", coerce=int)


class AddForm(FlaskForm):
    activity = SelectField("Activity", validators=[InputRequired("Choose an activity.")])
    day = SelectField("Day", validators=[InputRequired("Choose a day.")])


class SwapForm(FlaskForm):
    activity = HiddenField()
    surprise = HiddenField()


class LockForm(FlaskForm):
    locked = RadioField(
        "Locked", choices=choices([("1", "Lock"), ("0", "Unlock")]), validators=[InputRequired()]
    )


class DoneForm(FlaskForm):
    """Ticking off: 'set done' / 'set not done', never a toggle, so repeating it changes nothing."""

    done = RadioField(
        "Status", choices=choices([("1", "Done"), ("0", "Not done")]), validators=[InputRequired()]
    )
    participants = MultiCheckboxField("Who took part", coerce=int, validators=[Optional()])
    rating = RadioField(
        "How did it go?", choices=choices(RATINGS), coerce=int, validators=[Optional()]
    )
    note = TextAreaField(
        "Reflection note",
        validators=[
            Optional(),
            Length(max=NOTE_LIMIT, message=f"Keep the note under {NOTE_LIMIT} characters."),
        ],
    )
