"""Forms for registering, logging in, the account page and invites; each owns its validation."""

from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ..extensions import db
from ..forms import TimezoneField, choices
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


EMAIL = [DataRequired("Enter your email address."), Length(max=254), Email("Enter a valid email.")]
NAME = [DataRequired("Enter a name."), Length(max=80, message="Use at most 80 characters.")]


class RegisterForm(FlaskForm):
    email = EmailField("Email", validators=EMAIL, filters=[normalise_email])
    display_name = StringField("Your name", validators=NAME, filters=[strip])
    household_name = StringField(
        "Family name (optional)",
        validators=[Length(max=80, message="Use at most 80 characters.")],
        filters=[strip],
        description='Shown on your plans, e.g. "The Okafor-Lee family".',
    )
    timezone = TimezoneField(
        "Your time zone",
        default=default_timezone,
        description="So “today” on your plans is your today. Change it any time on the family page.",
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Choose a password."), check_new_password],
        description=f"At least 8 characters (up to {MAX_LENGTH}). A short sentence works well.",
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[
            DataRequired("Repeat the password."),
            EqualTo("password", "The passwords differ."),
        ],
    )

    def validate_email(self, field) -> None:
        if email_taken(field.data):
            raise ValidationError("An account with this email already exists. Try logging in.")


class JoinForm(RegisterForm):
    """Registering through an invite: the household already exists."""

    household_name = None


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=EMAIL, filters=[normalise_email])
    password = PasswordField(
        "Password", validators=[DataRequired("Enter your password."), Length(max=1024)]
    )
    remember = BooleanField("Keep me logged in on this device for 30 days")


class AccountForm(FlaskForm):
    display_name = StringField("Your name", validators=NAME, filters=[strip])
    email = EmailField("Email", validators=EMAIL, filters=[normalise_email])
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password to save.")]
    )

    def __init__(self, user_id: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id = user_id

    def validate_email(self, field) -> None:
        if email_taken(field.data, except_user_id=self.user_id):
            raise ValidationError("Another account already uses this email.")


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")]
    )
    new_password = PasswordField(
        "New password", validators=[DataRequired("Choose a new password."), check_new_password]
    )
    confirm = PasswordField(
        "Repeat new password",
        validators=[
            DataRequired("Repeat the new password."),
            EqualTo("new_password", "The passwords differ."),
        ],
    )


class DeleteForm(FlaskForm):
    """Delete my account, or the whole household; the password confirms it."""

    what = RadioField(
        "What to delete",
        choices=choices(
            [
                ("account", "Only my account"),
                ("household", "Our whole household and everything in it"),
            ]
        ),
        default="account",
        validators=[DataRequired("Choose what to delete.")],
    )
    successor = SelectField("Who takes over the household", coerce=int, validate_choice=False)
    current_password = PasswordField(
        "Your password", validators=[DataRequired("Enter your password to confirm.")]
    )
