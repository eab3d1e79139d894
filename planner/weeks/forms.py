"""Small forms for the week's per-item actions; choices are filled from the week and the family."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from ..forms import NOTE_LIMIT, RATINGS, MultiCheckboxField, choices
from ..i18n import formatted
from ..i18n import lazy_gettext as _l


def day_choices(days) -> list[SelectChoice]:
    return choices((day.isoformat(), formatted(day, "weekday_day_month_short")) for day in days)


class MoveForm(FlaskForm):
    day = SelectField(_l("Move to"), validators=[InputRequired(_l("Choose a day."))])


class ChildrenForm(FlaskForm):
    whole_family = BooleanField(_l("Whole family"))
    children = MultiCheckboxField(_l("For"), coerce=int)


class AddForm(FlaskForm):
    activity = SelectField(_l("Activity"), validators=[InputRequired(_l("Choose an activity."))])
    day = SelectField(_l("Day"), validators=[InputRequired(_l("Choose a day."))])


class SwapForm(FlaskForm):
    activity = HiddenField()
    surprise = HiddenField()


class LockForm(FlaskForm):
    locked = RadioField(
        "Locked", choices=choices([("1", "Lock"), ("0", "Unlock")]), validators=[InputRequired()]
    )


class RemoveForm(FlaskForm):
    """Removing an item; a done one (or one with a note) needs `confirm=yes` too."""

    confirm = HiddenField()

    @property
    def confirmed(self) -> bool:
        return self.confirm.data == "yes"


class DoneForm(FlaskForm):
    """Ticking off: 'set done' / 'set not done', never a toggle, so repeating it changes nothing.

    The plain tick sends only `done`; the "how did it go" form also says it carries who took
    part (`participants-sent`, since no box ticked sends nothing) and the note.
    """

    done = RadioField(
        _l("Status"),
        choices=choices([("1", _l("Done")), ("0", _l("Not done"))]),
        validators=[InputRequired()],
    )
    participants = MultiCheckboxField(_l("Who took part"), coerce=int, validators=[Optional()])
    rating = RadioField(
        _l("How did it go?"), choices=choices(RATINGS), coerce=int, validators=[Optional()]
    )
    note = TextAreaField(
        _l("Reflection note"),
        validators=[
            Optional(),
            Length(
                max=NOTE_LIMIT,
                message=_l("Keep the note under %(num)d characters.", num=NOTE_LIMIT),
            ),
        ],
    )
    participants_sent = BooleanField(name="participants-sent")

    def sent_participants(self, children) -> list | None:
        """The children ticked as taking part, or None when the form did not carry the boxes."""
        if not self.participants_sent.data:
            return None
        chosen = set(self.participants.data or [])
        return [child for child in children if child.id in chosen]

    def sent_note(self) -> str | None:
        """The note when the form carried one (even empty), else None (keep the saved note)."""
        return self.note.data or "" if self.note.raw_data else None
