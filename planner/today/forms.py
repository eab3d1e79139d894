"""The Today page's buttons: tick (with a one-time key, so a replayed offline tick counts once)
and the one-tap rating."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField
from wtforms.validators import InputRequired

from ..forms import choices

# The two ratings offered as one tap after Done; the same numbers and words as the week page's
# "How did it go?" (3 went well, 1 hard going; a test keeps them in step).
QUICK_RATINGS = [(3, "Went well"), (1, "Hard going")]


class TickForm(FlaskForm):
    """Set done or not done (never a toggle); `key` makes a repeated submit change nothing."""

    done = RadioField(
        "Status", choices=choices([("1", "Done"), ("0", "Not done")]), validators=[InputRequired()]
    )
    key = HiddenField()


class RateForm(FlaskForm):
    rating = RadioField(
        "How did it go?",
        choices=choices(QUICK_RATINGS),
        coerce=int,
        validators=[InputRequired("Choose how it went.")],
    )
