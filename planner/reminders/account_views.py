"""Password reset by e-mail and invites sent by e-mail: only offered when MAIL_URL is set.

A blueprint of its own (not under /reminders) so the links read /password/...; the logic lives in
reminders.passwords and the outbox, and the auth area only links here.
"""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from ..auth.invites import create_invite
from ..auth.sessions import hash_token
from ..clock import now_utc
from ..extensions import db
from . import passwords
from .config import explicit_base_url, mail_configured
from .forms import ForgotForm, InviteEmailForm, ResetForm
from .outbox import enqueue

bp = Blueprint("mail_account", __name__)


@bp.app_template_global()
def mail_ready() -> bool:
    """Whether e-mail is set up (the login and household pages offer mail links only then)."""
    return mail_configured()


def external(endpoint: str, **values) -> str:
    """A link for a message: on BASE_URL when configured, else on the request's own host."""
    base = explicit_base_url()
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot():
    """Ask for a reset link; the answer is the same whether an account has the address. :raise 404:
    when e-mail is not set up."""
    if not mail_configured():
        abort(404)
    form = ForgotForm()
    if form.validate_on_submit():
        if not passwords.record_request(form.email.data, request.remote_addr or "?"):
            db.session.commit()
            form.form_errors.append(
                gettext("Too many reset requests. Please wait an hour and try again.")
            )
            return render_template("reminders/forgot.html", form=form, sent=False), 429
        passwords.start_reset(
            form.email.data, lambda token: external("mail_account.reset", token=token)
        )
        db.session.commit()
        return render_template("reminders/forgot.html", form=form, sent=True)
    return render_template("reminders/forgot.html", form=form, sent=False)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset(token: str):
    """Choose a new password from a single-use link. :raise 404: unknown, used or expired link."""
    found = passwords.open_reset(token)
    if found is None:
        abort(404)
    form = ResetForm(account_words=passwords.account_words(found))
    if form.validate_on_submit():
        if not passwords.finish_reset(found, form.password.data):
            abort(404)
        db.session.commit()
        flash(gettext("Your password is changed. Log in with the new one."), "success")
        return redirect(url_for("auth.login"))
    return render_template("reminders/reset.html", form=form)


@bp.route("/family/members/invites/email", methods=["GET", "POST"])
@login_required
def invite_by_email():
    """Owners send an invite link by e-mail. :raise 404: without e-mail; 403 for non-owners."""
    if not mail_configured():
        abort(404)
    if not current_user.is_owner:
        abort(403)
    form = InviteEmailForm()
    if form.validate_on_submit():
        token = create_invite(current_user)
        enqueue(
            [
                {
                    "family_id": current_user.household_id,
                    "user_id": current_user.id,
                    "kind": "invite",
                    "channel": "email",
                    "on_date": now_utc().date(),
                    "subject_key": hash_token(token),
                    "to_address": form.email.data,
                    "due_at": now_utc(),
                    "payload": json.dumps({"link": external("auth.join", token=token)}),
                }
            ]
        )
        db.session.commit()
        flash(
            gettext(
                "Invite sent to %(email)s. The link works once, for 7 days.", email=form.email.data
            ),
            "success",
        )
        return redirect(url_for("members.show"))
    return render_template("reminders/invite.html", form=form)
