"""Register, log in and out, the account page, the household's members and invites."""

import logging

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, logout_user
from sqlalchemy import delete, update

from .. import once
from ..extensions import db
from ..forms import ActionForm, CreateActionForm
from ..models import Household, Invite, User, UserSession, now_utc
from ..scoping import get_owned_or_404
from ..web import safe_next
from . import throttle
from .forms import AccountForm, JoinForm, LoginForm, PasswordChangeForm, RegisterForm
from .invites import create_invite, find_open_invite, household_of
from .passwords import DUMMY_HASH, hash_password, verify_password
from .sessions import end_other_sessions, end_session, start_session

bp = Blueprint("auth", __name__)
log = logging.getLogger("planner.security")


def home_after_login() -> str:
    return url_for("main.home")


def create_account(form, household: Household, role: str) -> User:
    """Add a user from a validated registration form to `household`."""
    user = User(
        email=form.email.data,
        display_name=form.display_name.data,
        password_hash=hash_password(form.password.data),
        household=household,
        role=role,
    )
    db.session.add(user)
    db.session.flush()
    return user


@bp.route("/register", methods=["GET", "POST"])
def register():
    """Create an account and its household, then explain what to do next."""
    if current_user.is_authenticated:
        return redirect(home_after_login())
    form = RegisterForm()
    if form.validate_on_submit():
        name = form.household_name.data or f"{form.display_name.data}'s family"
        household = Household(name=name, timezone=form.timezone.data)
        db.session.add(household)
        user = create_account(form, household, role="owner")
        session.clear()
        start_session(user)
        db.session.commit()
        log.info("registered user=%s household=%s", user.id, household.id)
        return redirect(url_for("main.welcome"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Log in; the same message whether the email exists or not; throttled across workers."""
    if current_user.is_authenticated:
        return redirect(home_after_login())
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        email, addr = form.email.data, request.remote_addr or "?"
        attempt = throttle.record_attempt(email, addr)
        user = db.session.execute(db.select(User).where(User.email == email)).scalar_one_or_none()
        # Always run one hash check so timing does not reveal whether the email exists.
        password_ok = verify_password(
            user.password_hash if user else DUMMY_HASH, form.password.data
        )
        if throttle.is_throttled(email, addr):
            log.warning("login throttled addr=%s", addr)
            form.form_errors.append(
                "Too many login attempts. Please wait 15 minutes and try again."
            )
            status = 429
        elif user is None or not password_ok:
            log.warning("login failed addr=%s", addr)
            form.form_errors.append("That email and password don't match an account.")
            status = 401
        else:
            throttle.forget_attempt(attempt)
            throttle.prune_old_attempts()
            session.clear()
            start_session(user, remember=form.remember.data)
            db.session.commit()
            log.info("login user=%s", user.id)
            return redirect(safe_next(request.args.get("next")) or home_after_login())
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status


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
    flash("You have logged out. See you soon.", "success")
    return redirect(url_for("main.home"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Change name and email (current password required)."""
    form = AccountForm(current_user.id, obj=current_user)
    password_form = PasswordChangeForm(prefix="pw")
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append("That isn't your current password.")
        else:
            current_user.display_name = form.display_name.data
            current_user.email = form.email.data
            db.session.commit()
            flash("Your details are saved.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, password_form=password_form)


@bp.post("/account/password")
@login_required
def change_password():
    """Change the password; every other session of this user ends."""
    form = AccountForm(current_user.id, obj=current_user, formdata=None)
    password_form = PasswordChangeForm(prefix="pw")
    if password_form.validate_on_submit():
        if not verify_password(current_user.password_hash, password_form.current_password.data):
            password_form.current_password.errors.append("That isn't your current password.")
        else:
            current_user.password_hash = hash_password(password_form.new_password.data)
            end_other_sessions(current_user, keep_token=current_user.current_session_token)
            db.session.commit()
            log.info("password changed user=%s", current_user.id)
            flash("Password changed. You were logged out everywhere else.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form, password_form=password_form), 400


@bp.get("/household")
@login_required
def household():
    """Members of the household, and (for owners) invites."""
    members = db.session.execute(
        db.select(User).where(User.household_id == current_user.household_id).order_by(User.id)
    ).scalars()
    open_invites = db.session.execute(
        db.select(Invite)
        .where(
            Invite.household_id == current_user.household_id,
            Invite.used_at.is_(None),
            Invite.expires_at > now_utc(),
        )
        .order_by(Invite.created_at)
    ).scalars()
    return render_template(
        "auth/household.html",
        members=list(members),
        open_invites=list(open_invites),
        form=ActionForm(),
        invite_form=CreateActionForm(),
        invite_link=session.pop("invite_link", None),
    )


def require_owner() -> None:
    """:raise 403: for members who are not the owner."""
    if not current_user.is_owner:
        abort(403)


@bp.post("/household/invites")
@login_required
def new_invite():
    """Create a one-time invite link (shown once) for another adult."""
    require_owner()
    form = CreateActionForm()
    if not form.validate_on_submit():
        abort(400)
    if not once.claim(form.form_key.data, current_user.household_id):
        flash("That invite link was already made. Cancel it below if it was lost.", "info")
        return redirect(url_for("auth.household"))
    token = create_invite(current_user)
    link = url_for("auth.join", token=token, _external=True)
    db.session.commit()
    session["invite_link"] = link
    flash("Invite link created. It works once, for 7 days.", "success")
    return redirect(url_for("auth.household"))


@bp.post("/household/invites/<int:invite_id>/cancel")
@login_required
def cancel_invite(invite_id: int):
    """:raise 404: if the invite is not this household's."""
    require_owner()
    if not ActionForm().validate_on_submit():
        abort(400)
    invite = get_owned_or_404(Invite, invite_id)
    db.session.delete(invite)
    db.session.commit()
    flash("Invite cancelled.", "success")
    return redirect(url_for("auth.household"))


@bp.post("/household/members/<int:user_id>/remove")
@login_required
def remove_member(user_id: int):
    """Remove another adult: they keep their login but get a fresh, empty household of their own.

    :raise 404: if the user is not in this household.
    """
    require_owner()
    if not ActionForm().validate_on_submit():
        abort(400)
    member = get_owned_or_404(User, user_id)
    if member.id == current_user.id:
        flash("You can't remove yourself.", "error")
        return redirect(url_for("auth.household"))
    own = Household(name=f"{member.display_name}'s family")
    db.session.add(own)
    member.household = own
    member.role = "owner"
    db.session.execute(delete(UserSession).where(UserSession.user_id == member.id))
    db.session.commit()
    log.info("member removed user=%s by=%s", member.id, current_user.id)
    flash(f"{member.display_name} no longer has access to this household.", "success")
    return redirect(url_for("auth.household"))


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
    if form.validate_on_submit():
        # Mark the invite used in the same statement that checks it is still open (no double use).
        claimed = db.session.execute(
            update(Invite)
            .where(Invite.id == invite.id, Invite.used_at.is_(None))
            .values(used_at=now_utc())
        ).rowcount
        if claimed != 1:
            abort(404)
        user = create_account(form, household, role="member")
        invite.used_by_id = user.id
        session.clear()
        start_session(user)
        db.session.commit()
        log.info("joined user=%s household=%s", user.id, household.id)
        flash(f"Welcome! You are now part of {household.name}.", "success")
        return redirect(url_for("main.welcome"))
    return render_template("auth/join.html", form=form, household=household, token=token)
