"""The digest, nudges and follow-ups as an adult receives them, through a real SMTP server."""

import re
from datetime import date, datetime, timedelta

import pytest

from planner import clock
from planner.extensions import db
from planner.models import PlanItem
from planner.reminders.models import AdultReminderSettings, OutboxMessage
from planner.reminders.sender import Sender
from planner.reminders.service import saved_adult_settings, set_anchor
from tests.helpers import csrf_token_from, make_app
from tests.reminders_support import SmtpServer, make_family, plan_items

MONDAY = date(2026, 11, 30)
SUNDAY_BEFORE = date(2026, 11, 29)


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(tmp_path, smtp):
    return make_app(
        tmp_path,
        MAIL_URL=smtp.url,
        BASE_URL="https://together.example",
        MAIL_FROM="Together <hello@together.example>",
    )


def family_with_week(zone="Europe/London"):
    household, (user,) = make_family(zone=zone)
    items = plan_items(
        household, MONDAY, [MONDAY, MONDAY + timedelta(days=2), MONDAY + timedelta(days=4)]
    )
    return household, user, items


def parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_your_week_arrives_sunday_at_six_local_time_with_items_links_and_headers(mail_app, smtp):
    with mail_app.app_context():
        _, user, items = family_with_week(zone="America/New_York")
        set_anchor(items[0], "bedtime")
        db.session.commit()
        address = user.email
        titles = [item.activity.title for item in items]
        says = [item.activity.say for item in items]
    sender = Sender(mail_app)
    # 17:59 in New York (22:59 UTC): not yet.
    with clock.frozen(datetime(2026, 11, 29, 22, 59)):
        assert sender.pass_once().sent == 0
    with clock.frozen(datetime(2026, 11, 29, 23, 0)):
        assert sender.pass_once().sent == 1
    with clock.frozen(datetime(2026, 11, 29, 23, 30)):  # a later pass queues nothing new
        assert sender.pass_once().queued == 0
    (message,) = smtp.inbox.messages
    assert message["To"] == address
    assert message["From"] == "Together <hello@together.example>"
    assert message["Subject"] == "Your week from Monday 30 November"
    unsubscribe = re.fullmatch(
        r"<(https://together\.example/reminders/unsubscribe/\S+)>", message["List-Unsubscribe"]
    )
    assert unsubscribe
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = parts(message)
    for title, say in zip(titles, says, strict=True):
        assert title in text and title in html
        assert say in text
    assert "Monday at bedtime (about 19:30)" in text
    assert "Wednesday after dinner" in text  # the default for a card at home
    taps = re.findall(r"https://together\.example/reminders/tap/(\d+)/(\S+)", text)
    assert [int(item_id) for item_id, _ in taps] == [item.id for item in items]
    assert "https://together.example/weeks/2026-11-30" in html


def test_one_click_unsubscribe_post_stops_email_without_a_login(mail_app, smtp):
    with mail_app.app_context():
        _, user, _ = family_with_week()
        user_id = user.id
    with clock.frozen(datetime(2026, 11, 29, 18, 0)):
        Sender(mail_app).pass_once()
        (message,) = smtp.inbox.messages
        url = message["List-Unsubscribe"].strip("<>").replace("https://together.example", "")
        client = mail_app.test_client()
        assert client.get(url).status_code == 200  # a GET (a scanner) changes nothing
        with mail_app.app_context():
            assert db.session.get(AdultReminderSettings, user_id) is None
        response = client.post(url, data={"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        with mail_app.app_context():
            assert db.session.get(AdultReminderSettings, user_id).email_on is False
    with clock.frozen(datetime(2026, 12, 6, 18, 0)):  # next Sunday: no digest by e-mail
        assert Sender(mail_app).pass_once().queued == 0
    assert mail_app.test_client().post("/reminders/unsubscribe/forged").status_code == 404


def test_nudge_comes_at_the_anchor_only_while_undone_and_follow_up_next_morning(mail_app, smtp):
    with mail_app.app_context():
        _, user, items = family_with_week(zone="UTC")
        set_anchor(items[0], "17:15")
        settings = saved_adult_settings(user.id)
        settings.digest_on = False
        db.session.commit()
        first_id = items[0].id
    sender = Sender(mail_app)
    with clock.frozen(datetime(2026, 11, 30, 17, 14)):
        assert sender.pass_once().sent == 0
    with clock.frozen(datetime(2026, 11, 30, 17, 15)):
        assert sender.pass_once().sent == 1
    (nudge,) = smtp.inbox.messages
    assert nudge["Subject"].startswith("Today at 17:15: ")
    with mail_app.app_context():
        item = db.session.get(PlanItem, first_id)
        item.done_at = datetime(2026, 11, 30, 18, 0)
        db.session.commit()
    with clock.frozen(datetime(2026, 12, 1, 7, 29)):
        assert sender.pass_once().sent == 0
    with clock.frozen(datetime(2026, 12, 1, 7, 30)):  # breakfast the next morning
        assert sender.pass_once().sent == 1
    follow_up = smtp.inbox.messages[-1]
    assert follow_up["Subject"].startswith("How did it go?")
    assert f"/reminders/tap/{first_id}/" in parts(follow_up)[0]


def test_a_nudge_for_an_item_done_meanwhile_is_cancelled_not_sent(mail_app, smtp):
    with mail_app.app_context():
        _, user, items = family_with_week(zone="UTC")
        set_anchor(items[0], "17:15")
        saved_adult_settings(user.id).digest_on = False
        db.session.commit()
        first_id = items[0].id
    sender = Sender(mail_app)
    with clock.frozen(datetime(2026, 11, 30, 17, 15)), mail_app.app_context():
        from planner.reminders.schedule import queue_due

        with mail_app.test_request_context(method="POST"):
            assert queue_due() == 1
            db.session.commit()
            db.session.get(PlanItem, first_id).done_at = clock.now_utc()
            db.session.commit()
    with clock.frozen(datetime(2026, 11, 30, 17, 16)):
        tally = sender.pass_once()
    assert (tally.sent, tally.cancelled) == (0, 1)
    assert smtp.inbox.messages == []


def tap_link(mail_app, smtp, when=datetime(2026, 11, 29, 18, 0)):
    with clock.frozen(when):
        Sender(mail_app).pass_once()
    text, _ = parts(smtp.inbox.messages[-1])
    item_id, token = re.findall(r"https://together\.example/reminders/tap/(\d+)/(\S+)", text)[0]
    return int(item_id), token


def test_one_tap_page_works_logged_out_and_marks_done_only_on_post(tmp_path, smtp):
    app = make_app(
        tmp_path, MAIL_URL=smtp.url, BASE_URL="https://together.example", WTF_CSRF_ENABLED=True
    )
    with app.app_context():
        family_with_week()
    item_id, token = tap_link(app, smtp)
    client = app.test_client()
    with clock.frozen(datetime(2026, 11, 30, 19, 0)):
        page = client.get(f"/reminders/tap/{item_id}/{token}")
        assert page.status_code == 200 and "Mark it done" in page.text
        with app.app_context():
            assert db.session.get(PlanItem, item_id).done_at is None  # opening changed nothing
        assert (
            client.post(f"/reminders/tap/{item_id}/{token}", data={"action": "done"}).status_code
            == 400
        )  # no CSRF token
        csrf = csrf_token_from(page.text)
        response = client.post(
            f"/reminders/tap/{item_id}/{token}", data={"action": "done", "csrf_token": csrf}
        )
        assert response.status_code == 302
        response = client.post(
            f"/reminders/tap/{item_id}/{token}", data={"action": "rate-3", "csrf_token": csrf}
        )
    with app.app_context():
        item = db.session.get(PlanItem, item_id)
        assert item.done_at is not None and item.rating == 3


def test_one_tap_links_refuse_another_item_forgery_and_expiry(mail_app, smtp):
    with mail_app.app_context():
        _, _, items = family_with_week()
        other_id = items[1].id
    item_id, token = tap_link(mail_app, smtp)
    client = mail_app.test_client()
    with clock.frozen(datetime(2026, 12, 1, 12, 0)):
        assert client.get(f"/reminders/tap/{other_id}/{token}").status_code == 404
        assert (
            client.post(f"/reminders/tap/{other_id}/{token}", data={"action": "done"}).status_code
            == 404
        )
        assert client.get(f"/reminders/tap/{item_id}/{token[:-2]}xx").status_code == 404
        assert client.get(f"/reminders/unsubscribe/{token}").status_code == 404  # single purpose
        assert client.get(f"/reminders/tap/{item_id}/{token}").status_code == 200
    with clock.frozen(datetime(2026, 11, 29, 18, 0) + timedelta(days=14, seconds=1)):
        assert client.get(f"/reminders/tap/{item_id}/{token}").status_code == 404
        assert (
            client.post(f"/reminders/tap/{item_id}/{token}", data={"action": "done"}).status_code
            == 404
        )
    with mail_app.app_context():
        assert db.session.get(PlanItem, item_id).done_at is None


def test_without_mail_configured_nothing_is_queued_for_email(app):
    with app.app_context():
        family_with_week()
    with clock.frozen(datetime(2026, 11, 29, 18, 0)):
        assert Sender(app).pass_once().queued == 0
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(OutboxMessage.id))).scalar() == 0


def test_a_paused_adult_gets_nothing_and_a_digest_in_quiet_hours_waits_for_the_morning(
    mail_app, smtp
):
    with mail_app.app_context():
        household, (first, second) = make_family(zone="UTC", adults=2)
        plan_items(household, MONDAY, [MONDAY])
        saved_adult_settings(first.id).paused = True
        late = saved_adult_settings(second.id)
        late.digest_time = datetime(2000, 1, 1, 22, 0).time()
        db.session.commit()
        address = second.email
    sender = Sender(mail_app)
    for moment in (
        datetime(2026, 11, 29, 18, 0),
        datetime(2026, 11, 29, 22, 0),
        datetime(2026, 11, 30, 6, 59),
    ):
        with clock.frozen(moment):
            assert sender.pass_once().sent == 0
    with clock.frozen(datetime(2026, 11, 30, 7, 0)):  # quiet hours end
        assert sender.pass_once().sent == 1
    assert [m["To"] for m in smtp.inbox.messages] == [address]
    assert smtp.inbox.messages[0]["Subject"] == "Your week from Monday 30 November"
