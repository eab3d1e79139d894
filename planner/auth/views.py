"""Register, log in and out, join by invite, and the account page (one adult's own login)."""

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import force_locale, gettext
from flask_login import current_user, login_required, logout_user
from sqlalchemy import update

from ..extensions import db
from ..forms import ActionForm, choices
from ..i18n import select_locale, signup_language
from ..models import Household, Invite, User, now_utc
from ..web import safe_next
from . import deletion, throttle
from .forms import (
    AccountForm,
    DeleteForm,
    JoinForm,
    LanguageSettingForm,
    LoginForm,
    PasswordChangeForm,
    RegisterForm,
)
from .invites import find_open_invite, household_of
from .passwords import DUMMY_HASH, hash_password, verify_password
from .sessions import end_other_sessions, end_session, start_session
from .throttle import clean_addr

bp = Blueprint("auth", __name__)
log = logging.getLogger("planner.security")


def home_after_login() -> str:
    return url_for("today.show")


def create_account(form, household: Household, role: str) -> User:
    """Add a user from a validated registration form to `household`."""
    user = User(
        # The language they signed up in: their e-mails use it until they choose another.
        language=signup_language(),
        email=form.email.data,
        display_name=form.display_name.data,
        password_hash=hash_password(form.password.data),
        household=household,
        role=role,
    )
    db.session.add(user)
    db.session.flush()
    return user


def registration_throttled(form) -> tuple[throttle.Verdict, dict]:
    """Reserve a registration for this address before the form is validated (the password
    estimator costs ~20 ms, the hash far more); the verdict, and the headers for the 429 if refused.

    The row stays whether the form turns out valid or not: a flood of invalid sign-ups is slowed too.
    """
    addr = request.remote_addr
    verdict = throttle.reserve(
        clean_addr(addr), addr, scope="register", limit=throttle.REGISTER_LIMIT
    )
    if verdict.allowed:
        return verdict, {}
    log.warning("registration throttled addr=%s", addr)
    return verdict, {
        "Retry-After": throttled_page(form, verdict, gettext("Too many new accounts from here."))
    }


def password_check_throttled(form_field, scope: str = "account"):
    """Reserve a current-password check for this user and address; the verdict."""
    verdict = throttle.reserve(str(current_user.id), request.remote_addr, scope=scope)
    if not verdict.allowed:
        log.warning("password check throttled user=%s", current_user.id)
        wait = gettext(
            "Too many wrong passwords. Please wait %(wait)s and try again.",
            wait=verdict.wait_words(),
        )
        form_field.errors = [*form_field.errors, wait]  # a tuple until the form is validated
    return verdict


def current_password_ok(form_field, verdict: throttle.Verdict | None = None) -> bool:
    """Check the current password (throttled like logins, unless the view already reserved
    `verdict`); put the reason on the field if not."""
    verdict = verdict or password_check_throttled(form_field)
    if not verdict.allowed:
        return False
    with throttle.not_counted_if_busy(verdict):
        password_ok = verify_password(current_user.password_hash, form_field.data)
    if not password_ok:
        db.session.commit()
        form_field.errors.append(gettext("That isn't your current password."))
        return False
    throttle.succeeded(verdict.attempt)
    return True


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create an account and its household, then explain what to do next."""
    if current_user.is_authenticated:
        return redirect(home_after_login())
    form = RegisterForm()
    if form.is_submitted():
        verdict, refused = registration_throttled(form)
        if refused:
            return render_template("auth/register.html", form=form), 429, refused
    if form.validate_on_submit():
        name = form.household_name.data or gettext("%(name)s's family", name=form.display_name.data)
        household = Household(name=name, timezone=form.timezone.data)
        db.session.add(household)
        with throttle.not_counted_if_busy(verdict):
            user = create_account(form, household, role="owner")
        session.clear()
        start_session(user)
        db.session.commit()
        log.info("registered user=%s household=%s", user.id, household.id)
        return redirect(url_for("main.welcome"))
    return render_template("auth/register.html", form=form)


def throttled_page(form, verdict, message: str):
    """Put the wait on the form and answer 429 with a Retry-After header."""
    form.form_errors.append(
        gettext(
            "%(message)s Please wait %(wait)s and try again.",
            message=message,
            wait=verdict.wait_words(),
        )
    )
    return int(verdict.retry_after.total_seconds()) + 1


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in; the same message whether the email exists or not; throttled before any hashing."""
    if current_user.is_authenticated:
        return redirect(home_after_login())
    form = LoginForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        email, addr = form.email.data, request.remote_addr
        verdict = throttle.reserve(email, addr)
        if not verdict.allowed:
            log.warning("login throttled addr=%s", addr)
            retry = throttled_page(form, verdict, gettext("Too many login attempts."))
            return render_template("auth/login.html", form=form), 429, {"Retry-After": retry}
        user = db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()
        # Always run one hash check so timing does not reveal whether the email exists.
        with throttle.not_counted_if_busy(verdict):
            password_ok = verify_password(
                user.password_hash if user else DUMMY_HASH, form.password.data
            )
        if user is None or not password_ok:
            db.session.commit()  # the attempt's row stays: it is a failure now
            log.warning("login failed addr=%s", addr)
            form.form_errors.append(gettext("That email and password don't match an account."))
            status = 401
        else:
            throttle.succeeded(verdict.attempt)
            throttle.prune_old_attempts()
            session.clear()
            start_session(user, remember=form.remember.data)
            db.session.commit()
            log.info("login user=%s", user.id)
            return redirect(safe_next(request.args.get("next")) or home_after_login())
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status, headers


@bp.post("/logout")
@login_required
def logout():
    """End this session on the server, so a copied cookie stops working too."""
    if not ActionForm().validate_on_submit():
        abort(400)
    end_session(current_user.current_session_token)
    db.session.commit()
    log.info("logout user=%s", current_user.id)
    logout_user()
    session.clear()
    flash(gettext("You have logged out. See you soon."), "success")
    return redirect(url_for("main.home"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change name and email (current password required)."""
    form = AccountForm(current_user.id, obj=current_user)
    password_form = PasswordChangeForm(prefix="pw")
    if form.validate_on_submit() and current_password_ok(form.current_password):
        current_user.display_name = form.display_name.data
        current_user.email = form.email.data
        db.session.commit()
        flash(gettext("Your details are saved."), "success")
        return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html", form=form, password_form=password_form, language_form=language_form()
    )


def language_form() -> LanguageSettingForm:
    """The language setting, showing the adult's current choice."""
    form = LanguageSettingForm(prefix="lang", formdata=None)
    form.language.data = current_user.language or ""
    return form


@bp.post("/account/language")
@login_required
def change_language():
    """Save the adult's language (no password needed: it changes nothing but the words)."""
    form = LanguageSettingForm(prefix="lang")
    if not form.validate_on_submit():
        abort(400)
    current_user.language = form.language.data
    session.pop("language", None)
    db.session.commit()
    with force_locale(select_locale()):
        flash(gettext("Your language is saved."), "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/password")
@login_required
def change_password():
    """Change the password; every other session of this user ends."""
    form = AccountForm(current_user.id, obj=current_user, formdata=None)
    password_form = PasswordChangeForm(prefix="pw")
    # Throttled before validating: the new password's estimator is not run for a refused attempt.
    # A post that is then invalid keeps its row as a failure, as a wrong current password does.
    verdict = password_check_throttled(password_form.current_password)
    if (
        verdict.allowed
        and password_form.validate_on_submit()
        and current_password_ok(password_form.current_password, verdict)
    ):
        with throttle.not_counted_if_busy(verdict):
            current_user.password_hash = hash_password(password_form.new_password.data)
        end_other_sessions(current_user, keep_token=current_user.current_session_token)
        db.session.commit()
        log.info("password changed user=%s", current_user.id)
        flash(gettext("Password changed. You were logged out everywhere else."), "success")
        return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html", form=form, password_form=password_form, language_form=language_form()
    ), 400


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    """Delete my account or our household, after showing what goes and offering the export."""
    others = deletion.other_members(current_user)
    form = DeleteForm()
    form.successor.choices = choices(
        [(0, gettext("Choose a member"))] + [(member.id, member.display_name) for member in others]
    )
    if not current_user.is_owner:
        form.what.choices = [choice for choice in form.what.choices if choice.value == "account"]
    if form.validate_on_submit() and current_password_ok(form.current_password):
        user_id, token = current_user.id, current_user.current_session_token
        try:
            if form.what.data == "household" and current_user.is_owner:
                deletion.delete_household(current_user)
            else:
                deletion.delete_account(current_user, form.successor.data or None)
        except deletion.DeletionRefused as refusal:
            db.session.rollback()
            form.successor.errors = [str(refusal)]
        else:
            end_session(token)
            db.session.commit()
            log.info("deleted %s user=%s", form.what.data, user_id)
            logout_user()
            session.clear()
            flash(gettext("Deleted. Everything that was removed is gone for good."), "success")
            return redirect(url_for("main.home"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/delete.html", form=form, others=others), status


@bp.route("/join/<token>", methods=["GET", "POST"])
def join(token: str):
    """Accept an invite by creating an account in the inviting household.

    :raise 404: for unknown, used or expired invites.
    """
    invite = find_open_invite(token)
    if invite is None:
        abort(404)
    household = household_of(invite)
    if current_user.is_authenticated:
        return render_template("auth/join_logged_in.html", household=household)
    form = JoinForm()
    if form.is_submitted():
        verdict, refused = registration_throttled(form)
        if refused:
            return (
                render_template("auth/join.html", form=form, household=household, token=token),
                429,
                refused,
            )
    if form.validate_on_submit():
        # Mark the invite used in the same statement that checks it is still open (no double use).
        claimed = db.session.execute(
            update(Invite)
            .where(Invite.id == invite.id, Invite.used_at.is_(None))
            .values(used_at=now_utc())
        ).rowcount
        if claimed != 1:
            abort(404)
        with throttle.not_counted_if_busy(verdict):
            user = create_account(form, household, role="member")
        invite.used_by_id = user.id
        session.clear()
        start_session(user)
        db.session.commit()
        log.info("joined user=%s household=%s", user.id, household.id)
        flash(gettext("Welcome! You are now part of %(name)s.", name=household.name), "success")
        return redirect(url_for("main.welcome"))
    return render_template("auth/join.html", form=form, household=household, token=token)
