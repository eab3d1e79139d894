"""Web Push and Apprise against local HTTP endpoints; the settings page that chooses them."""

import base64
import json
import os
from datetime import date, datetime

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from planner import clock
from planner.extensions import db
from planner.models import Household, User
from planner.reminders.models import AdultReminderSettings, FamilyReminderSettings, PushSubscription
from planner.reminders.sender import Sender
from planner.reminders.service import saved_adult_settings
from tests.reminders_support import Recorder, make_family, plan_items

SUNDAY_SIX = datetime(2026, 11, 29, 18, 0)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def browser_keys():
    """What a browser makes when it subscribes: a P-256 key pair and a 16-byte auth secret."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return private, b64(public), os.urandom(16)


def test_web_push_payload_decrypts_with_the_subscription_keys_and_gone_removes_it(app):
    private, p256dh, auth = browser_keys()
    with Recorder() as push_service:
        push_service.status_for["/gone"] = 410
        with app.app_context():
            household, (user,) = make_family()
            plan_items(household, date(2026, 11, 30), [date(2026, 11, 30)])
            settings = saved_adult_settings(user.id)
            settings.push_on = True
            for path in ("/sub/abc", "/gone"):
                db.session.add(
                    PushSubscription(
                        user_id=user.id,
                        endpoint=push_service.base + path,
                        p256dh=p256dh,
                        auth=b64(auth),
                    )
                )
            db.session.commit()
        with clock.frozen(SUNDAY_SIX):
            tally = Sender(app).pass_once()
        assert tally.sent == 1
        delivered = [r for r in push_service.requests if r[0] == "/sub/abc"]
        assert len(delivered) == 1
        _, headers, body = delivered[0]
        assert headers["content-encoding"] == "aes128gcm"
        assert headers["authorization"].startswith("vapid t=")
        payload = json.loads(
            http_ece.decrypt(body, private_key=private, auth_secret=auth, version="aes128gcm")
        )
        assert payload["title"] == "Your week from Monday 30 November"
        assert "/weeks/2026-11-30" in payload["url"]
        with app.app_context():
            endpoints = set(db.session.execute(db.select(PushSubscription.endpoint)).scalars())
            assert endpoints == {push_service.base + "/sub/abc"}


def test_vapid_key_is_generated_once_into_the_instance_folder(app):
    from planner.reminders.vapid import application_server_key, private_key_path

    with app.app_context():
        first = application_server_key()
        assert application_server_key() == first
        assert private_key_path().parent == __import__("pathlib").Path(app.instance_path)
        assert oct(private_key_path().stat().st_mode & 0o777) == "0o600"
        assert len(base64.urlsafe_b64decode(first + "==")) == 65


def test_apprise_json_target_receives_the_nudge(app):
    with Recorder() as target:
        with app.app_context():
            household, (user,) = make_family(zone="UTC")
            plan_items(household, date(2026, 11, 30), [date(2026, 11, 30)])
            settings = saved_adult_settings(user.id)
            settings.apprise_urls = "json://" + target.base.removeprefix("http://") + "/notify"
            settings.digest_on = False
            db.session.commit()
        with clock.frozen(datetime(2026, 11, 30, 18, 30)):  # after dinner (18:00 + 30)
            assert Sender(app).pass_once().sent == 1
        ((path, headers, body),) = target.requests
        assert path == "/notify"
        message = json.loads(body)
        assert message["title"].startswith("Today after dinner")
        assert "Activity number 0" in message["message"]


def test_push_subscription_is_stored_for_the_logged_in_adult(client, auth, app):
    auth.register()
    _, p256dh, secret = browser_keys()
    response = client.post(
        "/reminders/push/subscribe",
        json={
            "endpoint": "https://push.example/x",
            "keys": {"p256dh": p256dh, "auth": b64(secret)},
        },
    )
    assert response.status_code == 200
    for wrong in ({"endpoint": 3}, [1], "x", {"endpoint": "https://push.example/y", "keys": "k"}):
        assert client.post("/reminders/push/subscribe", json=wrong).status_code == 400
    with app.app_context():
        (row,) = db.session.execute(db.select(PushSubscription)).scalars()
        assert row.endpoint == "https://push.example/x"
        assert db.session.get(AdultReminderSettings, row.user_id).push_on is True


def settings_form(**changes):
    data = {
        "email_on": "y", "digest_on": "y", "digest_weekday": "6", "digest_time": "18:00",
        "nudges_on": "y", "weekly_cap": "3", "followups_on": "y", "quiet_start": "21:00",
        "quiet_end": "07:00", "timezone": "Europe/Paris", "breakfast": "07:15",
        "after_school": "16:00", "dinner": "19:00", "bedtime": "20:00", "calendar_alarms": "y",
        "apprise_urls": "",
    }  # fmt: skip
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_settings_page_saves_an_adults_choices_and_the_familys_times(client, auth, app):
    auth.register()
    page = client.get("/reminders/settings")
    assert page.status_code == 200 and "Your week" in page.text and "MAIL_URL" in page.text
    response = client.post(
        "/reminders/settings", data=settings_form(weekly_cap="2", email_on=None, paused="y")
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        adult = db.session.get(AdultReminderSettings, user.id)
        family = db.session.get(FamilyReminderSettings, user.household_id)
        assert (adult.weekly_cap, adult.email_on, adult.paused) == (2, False, True)
        household = db.session.get(Household, user.household_id)
        assert (household.timezone, family.dinner.isoformat()) == ("Europe/Paris", "19:00:00")


def test_settings_page_explains_bad_input(client, auth):
    auth.register()
    for changes, message in (
        ({"weekly_cap": "9"}, "Number must be between 0 and 7"),
        ({"timezone": "Mars/Olympus"}, "Use a time zone name"),
        ({"apprise_urls": "nonsense://x"}, "Apprise does not know this URL"),
        ({"quiet_start": "25:00"}, "Not a valid time"),
    ):
        response = client.post("/reminders/settings", data=settings_form(**changes))
        assert response.status_code == 200
        assert message in response.text
