"""Reminder pages: settings, item anchors, one-tap pages, unsubscribe and Web Push subscription."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from ..clock import now_utc
from ..extensions import csrf, db
from ..models import PlanItem, User
from ..scoping import get_owned_or_404
from . import anchors, service
from .config import mail_configured
from .forms import AnchorForm, SettingsForm, TapForm, UnsubscribeForm
from .links import read_token
from .outbox import unreachable
from .settings import adult_settings, family_settings, family_zone, item_anchor

bp = Blueprint("reminders", __name__, url_prefix="/reminders")

ADULT_FIELDS = (
    "paused", "email_on", "push_on", "apprise_urls", "digest_on", "digest_weekday", "digest_time",
    "nudges_on", "weekly_cap", "followups_on", "quiet_start", "quiet_end",
)  # fmt: skip
FAMILY_FIELDS = ("breakfast", "after_school", "dinner", "bedtime", "calendar_alarms")


@bp.app_template_global()
def reminder_anchor_words(item: PlanItem) -> str:
    """The item's reminder moment in words, for the item page in templates/weeks."""
    return anchors.words(item_anchor(item), gettext)


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    """Per-adult channels, digest time, cap, quiet hours; the family's usual times."""
    adult = adult_settings(current_user.id)
    family = family_settings(current_user.household_id)
    household = current_user.household
    form = SettingsForm(obj=adult)
    if request.method == "GET":
        for name in FAMILY_FIELDS:
            getattr(form, name).data = getattr(family, name)
        form.timezone.data = household.timezone
    if form.validate_on_submit():
        adult = service.saved_adult_settings(current_user.id)
        family = service.saved_family_settings(current_user.household_id)
        for name in ADULT_FIELDS:
            setattr(adult, name, getattr(form, name).data)
        adult.apprise_urls = (adult.apprise_urls or "").strip()
        for name in FAMILY_FIELDS:
            setattr(family, name, getattr(form, name).data)
        if form.timezone.data:
            household.timezone = form.timezone.data.strip()  # the family's one zone
        db.session.commit()
        flash(gettext("Reminder settings saved."), "success")
        return redirect(url_for("reminders.settings"))
    from .vapid import application_server_key

    return render_template(
        "reminders/settings.html",
        form=form,
        mail_configured=mail_configured(),
        zone_from_family_page=getattr(household, "timezone", None) is not None,
        zone=family_zone(household, family),
        unreachable=unreachable(current_user.id, now_utc() - timedelta(days=14)),
        vapid_key=application_server_key(),
    )


@bp.route("/items/<int:item_id>", methods=["GET", "POST"])
@login_required
def item_anchor_page(item_id: int):
    """Choose the moment an item hangs on. :raise 404: if not this household's item."""
    item = get_owned_or_404(PlanItem, item_id)
    current = item_anchor(item)
    form = AnchorForm()
    if request.method == "GET":
        form.anchor.data = current if current in anchors.NAMED else "time"
    if form.validate_on_submit():
        code = form.anchor.data
        if code == "time":
            code = form.at.data.strftime("%H:%M")
        service.set_anchor(item, code)
        db.session.commit()
        flash(
            gettext("Reminder moment saved: %(when)s.", when=anchors.words(code, gettext)),
            "success",
        )
        return redirect(url_for("reminders.item_anchor_page", item_id=item.id))
    return render_template(
        "reminders/item.html", item=item, form=form, current=anchors.words(current, gettext),
        current_time=current if anchors.CLOCK.match(current) else "",
    )  # fmt: skip


def tap_target(item_id: int, token: str) -> tuple[PlanItem, User]:
    """The item and adult a one-tap token speaks for. :raise 404: forged, expired or another item."""
    data = read_token("item", token)
    if data is None or data.get("i") != item_id:
        abort(404)
    item = db.session.get(PlanItem, item_id)
    user = db.session.get(User, data["u"])
    if item is None or user is None or user.household_id != item.household_id:
        abort(404)
    return item, user


@bp.get("/tap/<int:item_id>/<token>")
def tap(item_id: int, token: str):
    """A one-tap page: shows the item; changes nothing (mail scanners open links). :raise 404:"""
    item, user = tap_target(item_id, token)
    return render_template("reminders/tap.html", item=item, user=user, form=TapForm(), token=token)


@bp.post("/tap/<int:item_id>/<token>")
def tap_answer(item_id: int, token: str):
    """The one more tap: mark done or rate. :raise 404: for a bad token; 400 for a bad form."""
    item, user = tap_target(item_id, token)
    form = TapForm()
    if not form.validate_on_submit():
        abort(400)
    service.tap(item, user, form.action.data)
    db.session.commit()
    flash(
        gettext("Thank you, saved.")
        if form.action.data != "done"
        else gettext("Marked done. Well done!"),
        "success",
    )
    return redirect(url_for("reminders.tap", item_id=item.id, token=token))


@bp.get("/unsubscribe/<token>")
def unsubscribe(token: str):
    """Confirm stopping reminder e-mails (a GET changes nothing). :raise 404: for a bad token."""
    if read_token("unsubscribe", token, max_age=timedelta(days=365)) is None:
        abort(404)
    return render_template("reminders/unsubscribe.html", form=UnsubscribeForm(), done=False)


@bp.post("/unsubscribe/<token>")
@csrf.exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" with no cookie
def unsubscribe_post(token: str):
    """Stop reminder e-mails: the signed token is the authority. :raise 404: for a bad token."""
    data = read_token("unsubscribe", token, max_age=timedelta(days=365))
    if data is None or db.session.get(User, data["u"]) is None:
        abort(404)
    service.unsubscribe(data["u"])
    db.session.commit()
    return render_template("reminders/unsubscribe.html", form=UnsubscribeForm(), done=True)


@bp.post("/push/subscribe")
@login_required
def push_subscribe():
    """Store this browser's push subscription (sent by static/js/reminders-push.js)."""
    data = request.get_json(silent=True)
    data = data if isinstance(data, dict) else {}
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    endpoint, p256dh, auth = data.get("endpoint"), keys.get("p256dh"), keys.get("auth")
    if not all(isinstance(v, str) and 0 < len(v) <= 1000 for v in (endpoint, p256dh, auth)):
        return jsonify(
            ok=False, error=gettext("A subscription needs an endpoint and its keys.")
        ), 400
    if not endpoint.startswith(("https://", "http://")) or len(p256dh) > 200 or len(auth) > 100:
        return jsonify(ok=False, error=gettext("That does not look like a push subscription.")), 400
    service.subscribe_push(current_user.id, endpoint, p256dh, auth)
    db.session.commit()
    return jsonify(ok=True)
