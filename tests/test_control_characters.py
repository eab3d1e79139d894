"""Control characters and out-of-range URL numbers get a 400/404 page in the layout, never a 500."""

from datetime import date

import pytest
from icalendar import Calendar

from planner.extensions import db
from tests.helpers import TEST_PASSWORD, household_of, make_activities
from tests.test_calendar import add_item, feed_address

FEED_TOKEN = "t" * 30


def in_layout(response) -> bool:
    return "<main" in response.text and "Together" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/activities/a%00b",
        "/api/activities?q=a%00b",
        f"/calendar/{FEED_TOKEN}%00.ics",
        "/activities?q=a%0Ab",
        "/activities?q=line%E2%80%A8separator",
        "/login?next=/weeks%0D%0ASet-Cookie:x",
        "/weeks/2026-11-30%1B",
        "/activities?a%00=1",
    ],
)
def test_control_characters_in_path_or_query_are_a_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert in_layout(response)
    assert "control characters" in response.text


@pytest.mark.parametrize(
    "field, value",
    [
        ("display_name", "Sam\x00"),
        ("display_name", "Sam\nSmith"),
        ("household_name", "Ivy fam\rMETHOD:CANCEL"),
        ("household_name", "Ivy\u2028fam"),
        ("email", "sam@example.com\x00"),
        ("password", "correct horse\x00battery"),
    ],
)
def test_control_characters_in_a_one_line_form_field_are_a_400(client, field, value):
    data = {
        "email": "sam@example.com",
        "display_name": "Sam",
        "household_name": "",
        "password": TEST_PASSWORD,
        "confirm": TEST_PASSWORD,
    }
    data[field] = value
    if field == "password":
        data["confirm"] = value
    response = client.post("/register", data=data)
    assert response.status_code == 400
    assert in_layout(response)
    assert client.get("/account").status_code == 302  # nobody was registered


def test_multi_line_fields_keep_tab_and_line_breaks_but_not_nul(app, client, auth):
    auth.register()
    ok = client.post(
        "/moments/new",
        data={"practice": "connection", "happened_on": "2026-11-30", "note": "one\r\ntwo\tthree"},
    )
    assert ok.status_code == 302
    refused = client.post(
        "/moments/new",
        data={"practice": "connection", "happened_on": "2026-11-30", "note": "one\x00two"},
    )
    assert refused.status_code == 400
    assert "control characters" in refused.text
    refused = client.post(
        "/moments/new",
        data={"practice": "connection", "happened_on": "2026-11-30", "note": "bell\x07"},
    )
    assert refused.status_code == 400


@pytest.mark.parametrize(
    "path, status",
    [
        ("/moments?page=99999999999999999999", 404),
        ("/moments?page=-99999999999999999999", 404),
        ("/progress/notes?page=99999999999999999999", 404),
        ("/moments?page=2", 200),
    ],
)
def test_numbers_out_of_range_in_the_query_are_not_found(client, auth, path, status):
    auth.register()
    response = client.get(path)
    assert response.status_code == status
    assert in_layout(response)


@pytest.mark.parametrize("query", ["?day=x", "?_method=POST", "?paper=a4&day=x&_method=POST"])
def test_print_redirect_passes_on_only_known_parameters(client, auth, query):
    auth.register()
    response = client.get("/weeks/2026-12-02/print" + query)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/weeks/2026-11-30/print")
    assert "_method" not in response.headers["Location"]
    assert "day=" not in response.headers["Location"]
    if "paper=a4" in query:
        assert "paper=a4" in response.headers["Location"]


@pytest.mark.parametrize("name", ["Ivy\nfam", "Ivy fam\rMETHOD:CANCEL", "Ivy\u2028fam\x1b"])
def test_calendar_files_survive_a_household_name_with_line_breaks(app, client, auth, name):
    """A name saved before input refused these (or by an old import) is escaped, not sent raw."""
    auth.register()
    with app.app_context():
        make_activities(3)
    add_item(app, "sam@example.com", "card-1", date(2026, 12, 1))
    feed = feed_address(client)
    with app.app_context():
        household_of("sam@example.com").name = name
        db.session.commit()
    for response in (client.get("/weeks/2026-11-30/calendar.ics"), app.test_client().get(feed)):
        assert response.status_code == 200
        lines = response.data.decode().split("\r\n")
        assert not any("\r" in line or "\n" in line for line in lines)
        assert not any(line.startswith("METHOD") for line in lines)
        calname = next(line for line in lines if line.startswith("X-WR-CALNAME:"))
        assert calname.startswith("X-WR-CALNAME:Ivy fam") or calname.startswith("X-WR-CALNAME:Ivy")
        assert str(Calendar.from_ical(response.data)["X-WR-CALNAME"]).startswith("Ivy")


@pytest.mark.parametrize(
    "body",
    [
        {"endpoint": "https://push.example/a\x00b", "keys": {"p256dh": "k", "auth": "a"}},
        {"endpoint": "https://push.example/a\nb", "keys": {"p256dh": "k", "auth": "a"}},
        {"endpoint": "https://push.example/a", "keys": {"p256dh": "k\u2028", "auth": "a"}},
        {"endpoint": "https://push.example/a", "keys": {"p256dh": "k", "auth": "a", "x\x00": 1}},
        {
            "endpoint": "https://push.example/a",
            "keys": {"p256dh": "k", "auth": "a"},
            "l": [["\x00"]],
        },
    ],
)
def test_control_characters_in_a_json_body_are_a_400(client, auth, body):
    """NUL reached PostgreSQL from the push subscription's JSON (a DataError, a 500)."""
    auth.register()
    response = client.post("/reminders/push/subscribe", json=body)
    assert response.status_code == 400
    assert "control characters" in response.text
    clean = {"endpoint": "https://push.example/a", "keys": {"p256dh": "k", "auth": "a"}}
    assert client.post("/reminders/push/subscribe", json=clean).status_code == 200


def test_a_json_body_nested_too_deep_to_parse_is_a_400_not_a_500(client, auth):
    auth.register()
    response = client.post(
        "/reminders/push/subscribe", data="[" * 100_000, content_type="application/json"
    )
    assert response.status_code == 400
