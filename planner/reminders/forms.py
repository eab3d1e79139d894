"""Forms for the reminders area: per-adult settings, family times, item anchors, one-tap answers."""

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import (
    AnyOf,
    Email,
    EqualTo,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from .. import clock
from ..forms import choices
from ..i18n import lazy_gettext as _l
from ..i18n import weekday_names
from . import anchors

TAP_ACTIONS = ("done", "rate-3", "rate-2", "rate-1")
ANCHOR_CHOICES = [(code, _l(words[0])) for code, words in anchors.NAMED.items()] + [
    ("time", _l("At a time"))
]


class TapForm(FlaskForm):
    """The one more tap on a one-tap page: mark done, or say how it went."""

    action = StringField(validators=[InputRequired(), AnyOf(TAP_ACTIONS)])


class UnsubscribeForm(FlaskForm):
    """Confirm stopping reminder e-mails (RFC 8058 posts come without a CSRF token; see the view)."""


class AnchorForm(FlaskForm):
    """When X happens, we will do this: a named moment or a time."""

    anchor = SelectField(_l("When"), choices=choices(ANCHOR_CHOICES), validators=[InputRequired()])
    at = TimeField(_l("Time"), validators=[Optional()])

    def validate(self, extra_validators=None) -> bool:
        """_l("At a time") needs the time (Optional() ends the field's own checks when it is empty)."""
        valid = super().validate(extra_validators)
        if valid and self.anchor.data == "time" and self.at.data is None:
            self.at.errors = [*self.at.errors, _l("Give a time, like 17:30.")]
            return False
        return valid


class SettingsForm(FlaskForm):
    """One adult's reminders, and the family's usual times they hang on."""

    paused = BooleanField(_l("Pause every reminder for me"))
    email_on = BooleanField(_l("E-mail"))
    push_on = BooleanField(_l("Notifications on this device (Web Push)"))
    apprise_urls = TextAreaField(
        _l("Other services (one Apprise URL a line: ntfy, Gotify, Matrix, Telegram…)"),
        validators=[Length(max=2000)],
    )
    digest_on = BooleanField(_l("Send me “Your week”"))
    digest_weekday = SelectField(_l("Day"), coerce=int, validators=[InputRequired()])
    digest_time = TimeField(_l("Time"), validators=[InputRequired()])
    nudges_on = BooleanField(_l("Nudge me on the day, at the activity's moment"))
    weekly_cap = IntegerField(
        _l("At most this many nudges a week"), validators=[InputRequired(), NumberRange(0, 7)]
    )
    followups_on = BooleanField(_l("Ask me the next morning how it went"))
    quiet_start = TimeField(_l("Quiet from"), validators=[InputRequired()])
    quiet_end = TimeField(_l("Quiet until"), validators=[InputRequired()])
    timezone = StringField(_l("Time zone"), validators=[Optional(), Length(max=64)])
    breakfast = TimeField(_l("Breakfast"), validators=[InputRequired()])
    after_school = TimeField(_l("After school"), validators=[InputRequired()])
    dinner = TimeField(_l("Dinner"), validators=[InputRequired()])
    bedtime = TimeField(_l("Bedtime"), validators=[InputRequired()])
    calendar_alarms = BooleanField(_l("Alarms on calendar events"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.digest_weekday.choices = choices(enumerate(weekday_names()))

    def validate_timezone(self, field):
        if field.data and not clock.is_zone(field.data.strip()):
            raise ValidationError(
                _l("Use a time zone name like Europe/London or America/New_York.")
            )

    def validate_apprise_urls(self, field):
        import apprise

        for line in (field.data or "").splitlines():
            if line.strip() and not apprise.Apprise().add(line.strip()):
                raise ValidationError(
                    gettext("Apprise does not know this URL: %(url)s", url=line.strip()[:80])
                )


def _lower(value):
    return value.strip().lower() if isinstance(value, str) else value


def _new_password(form, field) -> None:
    """The rule every new password follows, the account's own email and names included."""
    from ..auth.passwords import password_problem

    problem = password_problem(field.data or "", form.account_words)
    if problem:
        raise ValidationError(problem)


ADDRESS = [
    InputRequired(_l("Enter an email address.")),
    Length(max=254),
    Email(_l("Enter a valid email.")),
]


class ForgotForm(FlaskForm):
    """Ask for a reset link."""

    email = EmailField(_l("Email"), validators=ADDRESS, filters=[_lower])


class ResetForm(FlaskForm):
    """Choose a new password from a reset link (not one built from the account's email or names)."""

    def __init__(self, *args, account_words=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.account_words = [word for word in account_words if isinstance(word, str)]

    password = PasswordField(
        _l("New password"), validators=[InputRequired(_l("Choose a new password.")), _new_password]
    )
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[
            InputRequired(_l("Repeat the new password.")),
            EqualTo("password", _l("The passwords differ.")),
        ],
    )


class InviteEmailForm(FlaskForm):
    """Send an invite link to another adult's e-mail address."""

    email = EmailField(_l("Their email"), validators=ADDRESS, filters=[_lower])
