"""Forms for registering, logging in, the account page and invites; each owns its validation."""

from flask_babel import gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..extensions import db
from ..forms import TimezoneField, choices
from ..i18n import language_choices
from ..i18n import lazy_gettext as _l
from ..models import User, default_timezone
from .passwords import MAX_LENGTH, password_problem


def normalise_email(value: str | None) -> str | None:
    return value.strip().lower() if isinstance(value, str) else value


def strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def own_words(form) -> list[str]:
    """The email and names on the form, or the logged-in user's: a password must not be built on them."""
    words = [
        getattr(form, name).data
        for name in ("email", "display_name", "household_name")
        if getattr(form, name, None) is not None
    ]
    if current_user.is_authenticated:
        words += [current_user.email, current_user.display_name, current_user.household.name]
    return [word for word in words if isinstance(word, str)]


def check_new_password(form, field) -> None:
    """Shared rule for every new password."""
    problem = password_problem(field.data or "", own_words(form))
    if problem:
        raise ValidationError(problem)


def email_taken(email: str, except_user_id: int | None = None) -> bool:
    query = db.select(User.id).where(User.email == email)
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return db.session.execute(query).first() is not None


EMAIL = [
    DataRequired(_l("Enter your email address.")),
    Length(max=254),
    Email(_l("Enter a valid email.")),
]
NAME = [DataRequired(_l("Enter a name.")), Length(max=80, message=_l("Use at most 80 characters."))]


class RegisterForm(FlaskForm):
    email = EmailField(_l("Email"), validators=EMAIL, filters=[normalise_email])
    display_name = StringField(_l("Your name"), validators=NAME, filters=[strip])
    household_name = StringField(
        _l("Family name (optional)"),
        validators=[Length(max=80, message=_l("Use at most 80 characters."))],
        filters=[strip],
        description=_l('Shown on your plans, e.g. "The Okafor-Lee family".'),
    )
    timezone = TimezoneField(
        _l("Your time zone"),
        default=default_timezone,
        description=_l(
            "So “today” on your plans is your today. Change it any time on the family page."
        ),
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(_l("Choose a password.")), check_new_password],
        description=_l(
            "At least 8 characters (up to %(num)d). A short sentence works well.", num=MAX_LENGTH
        ),
    )
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[
            DataRequired(_l("Repeat the password.")),
            EqualTo("password", _l("The passwords differ.")),
        ],
    )

    def validate_email(self, field) -> None:
        if email_taken(field.data):
            raise ValidationError(_l("An account with this email already exists. Try logging in."))


class JoinForm(RegisterForm):
    """Registering through an invite: the household already exists."""

    household_name = None


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=EMAIL, filters=[normalise_email])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=1024)]
    )
    remember = BooleanField(_l("Keep me logged in on this device for 30 days"))


class AccountForm(FlaskForm):
    display_name = StringField(_l("Your name"), validators=NAME, filters=[strip])
    email = EmailField(_l("Email"), validators=EMAIL, filters=[normalise_email])
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password to save."))],
    )

    def __init__(self, user_id: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id = user_id

    def validate_email(self, field) -> None:
        if email_taken(field.data, except_user_id=self.user_id):
            raise ValidationError(_l("Another account already uses this email."))


class LanguageSettingForm(FlaskForm):
    """The adult's language: it wins over the browser's, and their e-mails use it."""

    language = SelectField(
        _l("Language"),
        description=_l("Pages and the e-mails Together sends you use this language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = choices(language_choices(gettext("Same as my browser")))


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password."))]
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Choose a new password.")), check_new_password],
    )
    confirm = PasswordField(
        _l("Repeat new password"),
        validators=[
            DataRequired(_l("Repeat the new password.")),
            EqualTo("new_password", _l("The passwords differ.")),
        ],
    )


class DeleteForm(FlaskForm):
    """Delete my account, or the whole household; the password confirms it."""

    what = RadioField(
        _l("What to delete"),
        choices=choices(
            [
                ("account", _l("Only my account")),
                ("household", _l("Our whole household and everything in it")),
            ]
        ),
        default="account",
        validators=[DataRequired(_l("Choose what to delete."))],
    )
    successor = SelectField(_l("Who takes over the household"), coerce=int, validate_choice=False)
    current_password = PasswordField(
        _l("Your password"), validators=[DataRequired(_l("Enter your password to confirm."))]
    )
