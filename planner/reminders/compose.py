"""Turn an outbox row into words: subject, plain text, HTML and the links it carries.

Rendering happens at send time, so a message says what is true when it leaves (an item done in
the meantime cancels its nudge instead of nagging).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from flask import render_template, url_for
from flask_babel import force_locale, gettext
from sqlalchemy.orm import joinedload

from ..dates import week_start_for
from ..extensions import db
from ..i18n import as_locale, formatted, localized, user_locale
from ..models import Household, PlanItem, User, Week
from ..practices import PRACTICES
from . import anchors
from .links import make_token
from .models import ItemAnchor, OutboxMessage
from .settings import family_settings, item_anchor, usual_times


class NothingToSend(Exception):
    """The message no longer applies (item done, rated, moved or removed)."""


@dataclass
class Content:
    """A rendered message, ready for any channel."""

    to: str
    subject: str
    text: str
    html: str
    url: str
    unsubscribe_url: str | None = None
    extra_headers: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ItemLine:
    """One plan item as a message shows it."""

    item_id: int
    title: str
    day: object
    anchor: str
    say: str
    minutes: int
    practice: str
    done: bool
    tap_url: str


def item_line(
    item: PlanItem, user_id: int, usual: anchors.UsualTimes, code: str | None = None
) -> ItemLine:
    code = code or item_anchor(item)
    when = anchors.words(code, gettext)
    if code in anchors.NAMED:
        when = gettext(
            "%(when)s (about %(time)s)",
            when=when,
            time=anchors.resolve(code, usual).strftime("%H:%M"),
        )
    card = localized(item.activity)
    return ItemLine(
        item_id=item.id,
        title=card.title,
        day=item.day,
        anchor=when,
        say=card.say,
        minutes=item.activity.minutes,
        practice=PRACTICES[item.activity.practice].name
        if item.activity.practice in PRACTICES
        else item.activity.practice,
        done=item.done_at is not None,
        tap_url=tap_url(user_id, item.id),
    )


def saved_anchors(item_ids: list[int]) -> dict[int, str]:
    """The anchors families chose for these items, in one query."""
    if not item_ids:
        return {}
    rows = db.session.execute(
        db.select(ItemAnchor.item_id, ItemAnchor.anchor).where(ItemAnchor.item_id.in_(item_ids))
    )
    return dict(rows.all())


def tap_url(user_id: int, item_id: int) -> str:
    return url_for(
        "reminders.tap",
        item_id=item_id,
        token=make_token("item", user_id, item_id),
        _external=True,
    )


def unsubscribe_url(user_id: int) -> str:
    return url_for(
        "reminders.unsubscribe", token=make_token("unsubscribe", user_id), _external=True
    )


def compose(message: OutboxMessage) -> Content:
    """Render `message` in the adult's language. :raise NothingToSend: when it no longer applies."""
    user = db.session.get(User, message.user_id)
    household = db.session.get(Household, message.family_id)
    if user is None or household is None:
        raise NothingToSend("adult or family gone")
    builder = {
        "digest": digest,
        "nudge": nudge,
        "followup": followup,
        "reset": reset,
        "invite": invite,
    }.get(message.kind)
    if builder is None:
        raise NothingToSend(f"unknown kind {message.kind}")
    with force_locale(as_locale(user_locale(user))):
        return builder(message, user, household)


def render(name: str, **context) -> tuple[str, str]:
    return (
        render_template(f"reminders/email/{name}.txt", **context),
        render_template(f"reminders/email/{name}.html", **context),
    )


def digest(message: OutboxMessage, user: User, household: Household) -> Content:
    """ "Your week": the plan with each item's anchor, say-this line and one-tap link."""
    week_start = week_start_for(message.on_date + timedelta(days=1), household.week_starts_on)
    week = (
        db.session.execute(
            db.select(Week)
            .where(Week.household_id == household.id, Week.week_start == week_start)
            .options(joinedload(Week.items).joinedload(PlanItem.activity))
        )
        .unique()
        .scalar_one_or_none()
    )
    usual = usual_times(household, family_settings(household.id))
    items = week.items if week else []
    saved = saved_anchors([item.id for item in items])
    lines = [item_line(item, user.id, usual, saved.get(item.id)) for item in items]
    focus = Counter(line.practice for line in lines).most_common(1)
    week_url = url_for("weeks.show", day=week_start.isoformat(), _external=True)
    unsubscribe = unsubscribe_url(user.id)
    context = {
        "user": user,
        "household": household,
        "week_start": week_start,
        "lines": lines,
        "focus": focus[0][0] if focus else None,
        "week_url": week_url,
        "settings_url": url_for("reminders.settings", _external=True),
        "unsubscribe_url": unsubscribe,
    }
    text, html = render("digest", **context)
    subject = gettext("Your week from %(day)s", day=formatted(week_start, "weekday_day_month"))
    return Content(user.email, subject, text, html, week_url, unsubscribe)


def load_item(message: OutboxMessage) -> PlanItem:
    item = db.session.get(PlanItem, message.item_id) if message.item_id else None
    if item is None or item.household_id != message.family_id:
        raise NothingToSend("item removed")
    return item


def nudge(message: OutboxMessage, user: User, household: Household) -> Content:
    """Today's item at its anchor, only while it is not done."""
    item = load_item(message)
    if item.done_at is not None or item.day != message.on_date:
        raise NothingToSend("done or moved")
    line = item_line(item, user.id, usual_times(household, family_settings(household.id)))
    unsubscribe = unsubscribe_url(user.id)
    text, html = render("nudge", user=user, line=line, unsubscribe_url=unsubscribe)
    return Content(
        user.email,
        gettext("Today %(when)s: %(title)s", when=line.anchor, title=line.title),
        text,
        html,
        line.tap_url,
        unsubscribe,
    )


def followup(message: OutboxMessage, user: User, household: Household) -> Content:
    """The morning after: "How did it go?" for a done item without a rating."""
    item = load_item(message)
    if item.done_at is None or item.rating is not None:
        raise NothingToSend("not done or already rated")
    line = item_line(item, user.id, usual_times(household, family_settings(household.id)))
    unsubscribe = unsubscribe_url(user.id)
    text, html = render("followup", user=user, line=line, unsubscribe_url=unsubscribe)
    return Content(
        user.email,
        gettext("How did it go? %(title)s", title=line.title),
        text,
        html,
        line.tap_url,
        unsubscribe,
    )


def reset(message: OutboxMessage, user: User, household: Household) -> Content:
    """The password reset link (transactional: no unsubscribe; the link is in the payload)."""
    link = json.loads(message.payload or "{}").get("link")
    if not link:
        raise NothingToSend("no link")
    text, html = render("reset", user=user, link=link)
    return Content(user.email, gettext("Reset your Together password"), text, html, link)


def invite(message: OutboxMessage, user: User, household: Household) -> Content:
    """An invite link from `user` to another adult's address."""
    link = json.loads(message.payload or "{}").get("link")
    if not link or not message.to_address:
        raise NothingToSend("no link or address")
    text, html = render("invite", inviter=user, household=household, link=link)
    subject = gettext(
        "%(name)s invites you to plan with %(family)s on Together",
        name=user.display_name,
        family=household.name,
    )
    return Content(message.to_address, subject, text, html, link)
