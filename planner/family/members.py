"""The grown-ups of the household: who is in it, invites for more, and removing someone.

It lives beside the family page (children and settings) because it is the same household seen from
another side; `auth` keeps only what is about one adult's login.
"""

import logging

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from .. import once, secret_addresses
from ..auth.deletion import move_to_own_household
from ..auth.invites import create_invite
from ..extensions import db
from ..forms import ActionForm, CreateActionForm
from ..models import Invite, User, now_utc
from ..scoping import get_owned_or_404

bp = Blueprint("members", __name__, url_prefix="/family/members")
log = logging.getLogger("planner.security")


@bp.get("")
@login_required
def show():
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
        "family/members.html",
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


@bp.post("/invites")
@login_required
def new_invite():
    """Create a one-time invite link (shown once) for another adult."""
    require_owner()
    form = CreateActionForm()
    if not form.validate_on_submit():
        abort(400)
    if not once.claim(form.form_key.data, current_user.household_id):
        flash(gettext("That invite link was already made. Cancel it below if it was lost."), "info")
        return redirect(url_for("members.show"))
    token = create_invite(current_user)
    link = url_for("auth.join", token=token, _external=True)
    db.session.commit()
    session["invite_link"] = link
    flash(gettext("Invite link created. It works once, for 7 days."), "success")
    return redirect(url_for("members.show"))


@bp.post("/invites/<int:invite_id>/cancel")
@login_required
def cancel_invite(invite_id: int):
    """:raise 404: if the invite is not this household's."""
    require_owner()
    if not ActionForm().validate_on_submit():
        abort(400)
    invite = get_owned_or_404(Invite, invite_id)
    db.session.delete(invite)
    db.session.commit()
    flash(gettext("Invite cancelled."), "success")
    return redirect(url_for("members.show"))


@bp.post("/<int:user_id>/remove")
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
        flash(gettext("You can't remove yourself."), "error")
        return redirect(url_for("members.show"))
    move_to_own_household(member)
    # They may have copied the feed's or the display's address: both are replaced.
    renewed = secret_addresses.renew_after_leaving(current_user.household, current_user)
    db.session.commit()
    log.info("member removed user=%s by=%s", member.id, current_user.id)
    flash(
        gettext("%(name)s no longer has access to this household.", name=member.display_name),
        "success",
    )
    if not renewed:
        return redirect(url_for("members.show"))
    flash(renewed_message(renewed), "info")
    anchor = "calendar-heading" if secret_addresses.FEED in renewed else "display-heading"
    return redirect(url_for("family.profile", _anchor=anchor))


def renewed_message(renewed: list[str]) -> str:
    """What the owner must do after a removal renewed the feed's and/or the display's address."""
    if renewed == [secret_addresses.FEED]:
        return gettext(
            "Your calendar feed has a new address so they can no longer read it: copy it "
            "from the Family page (shown once) into your calendars."
        )
    if renewed == [secret_addresses.DISPLAY]:
        return gettext(
            "The family display link has a new address so they can no longer open it: copy it "
            "from the Family page (shown once) onto your screens."
        )
    return gettext(
        "Your calendar feed and the family display link have new addresses so they can no "
        "longer use them: copy both from the Family page (shown once) into your calendars "
        "and onto your screens."
    )


@bp.post("/addresses-notice")
@login_required
def dismiss_addresses_notice():
    """The owner has read that the feed's and display's addresses changed when an adult left."""
    require_owner()
    if not ActionForm().validate_on_submit():
        abort(400)
    secret_addresses.dismiss_notice(current_user.household)
    db.session.commit()
    return redirect(url_for("members.show"))
