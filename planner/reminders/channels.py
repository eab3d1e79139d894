"""Deliver rendered content: e-mail (smtplib), Web Push (pywebpush) and Apprise URLs.

Each deliver function raises on a failure worth retrying and `NothingToSend` when the channel is
gone for good (no subscription left, no URL configured).
"""

from __future__ import annotations

import json
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from ..clock import now_aware
from ..extensions import db
from .compose import Content, NothingToSend
from .config import setting
from .models import PushSubscription


class DeliveryError(Exception):
    """A channel refused or could not be reached; the outbox retries later."""


def build_email(content: Content, outbox_id: int) -> EmailMessage:
    """A multipart/alternative message with RFC 8058 one-click unsubscribe headers."""
    sender = setting("MAIL_FROM")
    domain = parseaddr(sender)[1].partition("@")[2] or "together.local"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = content.to
    message["Subject"] = content.subject
    message["Date"] = format_datetime(now_aware())
    message["Message-ID"] = make_msgid(idstring=f"outbox-{outbox_id}", domain=domain)
    message["X-Together-Outbox"] = str(outbox_id)
    if content.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{content.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(content.text)
    message.add_alternative(content.html, subtype="html")
    return message


def push_payload(content: Content) -> bytes:
    """What the service worker shows: a title, a short body and the link to open."""
    body = content.text.strip().splitlines()
    summary = next((line for line in body[1:] if line.strip()), content.subject)
    return json.dumps({"title": content.subject, "body": summary, "url": content.url}).encode()


def deliver_push(user_id: int, content: Content) -> None:
    """Send to each of the adult's browsers; a 404/410 answer removes that subscription."""
    from pywebpush import WebPushException, webpush

    from .vapid import private_key_path, vapid_subject

    subscriptions = list(
        db.session.execute(
            db.select(PushSubscription).where(PushSubscription.user_id == user_id)
        ).scalars()
    )
    if not subscriptions:
        raise NothingToSend("no push subscription")
    delivered, failures = 0, []
    for subscription in subscriptions:
        info = {
            "endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
        }
        try:
            webpush(
                info,
                data=push_payload(content),
                vapid_private_key=str(private_key_path()),
                vapid_claims={"sub": vapid_subject()},
                timeout=10,
                ttl=12 * 3600,
            )
            delivered += 1
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in (404, 410):
                db.session.delete(subscription)
            else:
                failures.append(f"push {status}: {error}")
        except OSError as error:
            failures.append(f"push: {error}")
    if failures and not delivered:
        raise DeliveryError("; ".join(failures))
    if not delivered and not failures:
        raise NothingToSend("every push subscription has gone")


def deliver_apprise(urls: str, content: Content) -> None:
    """Notify each Apprise URL (ntfy, Gotify, Matrix, json:// ...) of the adult's."""
    import apprise

    targets = [line.strip() for line in urls.splitlines() if line.strip()]
    if not targets:
        raise NothingToSend("no apprise url")
    notifier = apprise.Apprise()
    for target in targets:
        notifier.add(target)
    body = f"{content.text.strip()}\n"
    if not notifier.notify(title=content.subject, body=body):
        raise DeliveryError("apprise: a target did not accept the notification")
