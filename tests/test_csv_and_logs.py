"""CSV cells never start a formula, however a spreadsheet splits them; logs are one line, no secrets."""

import csv
import io
import logging
import re

import pytest

from planner.portability.exporter import FORMULA_STARTS, safe_cell

NOTES = [
    "fine;=1+1;=cmd|' /C calc'!A0",
    "ok,+SUM(A1:A9)",
    'tab\t@HYPERLINK("http://x")',
    "-2+3",
    "\t=1",
    "line one\r\n=2+2",
    "a; -1, @x\t+y",
]


@pytest.mark.parametrize("note", NOTES)
@pytest.mark.parametrize("separator", [",", ";", "\t", "\n"])
def test_no_piece_of_a_cell_starts_a_formula(note, separator):
    cell = safe_cell(note)
    for piece in re.split(re.escape(separator), cell):
        assert not piece.startswith(FORMULA_STARTS), (note, separator, piece)
    # Only quotes were added: removing them gives the note back.
    assert cell.replace("'", "") == note.replace("'", "")


def test_exported_csv_neutralises_a_semicolon_split_formula(app, client, auth):
    auth.register()
    note = NOTES[0]
    assert (
        client.post(
            "/moments/new",
            data={"practice": "connection", "happened_on": "2026-11-30", "note": note},
        ).status_code
        == 302
    )
    text = client.get("/export/completions.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    cell = rows[1][-1]
    assert cell == "fine;'=1+1;'=cmd|' /C calc'!A0"
    for separator in ",;\t":
        for line in text.splitlines():
            for piece in line.split(separator):
                assert not piece.lstrip('"').startswith(("=", "+", "@")), piece


def test_log_lines_cannot_be_forged(app, caplog):
    with app.test_request_context("/"), caplog.at_level(logging.INFO, logger="planner"):
        logging.getLogger("planner").warning("login failed addr=%s", "1.2.3.4\nINFO forged line")
    message = caplog.records[-1].getMessage()
    assert "\n" not in message and "\r" not in message
    assert "1.2.3.4\\nINFO forged line" in message


def test_a_500_on_the_feed_logs_the_endpoint_not_the_secret(app, client, auth, caplog, monkeypatch):
    from tests.test_calendar import feed_address

    auth.register()
    feed = feed_address(client)
    token = feed.removeprefix("/calendar/").removesuffix(".ics")

    def broken(*args, **kwargs):
        raise RuntimeError(f"cannot build calendar for {feed}")

    monkeypatch.setattr("planner.calendar_feed.views.build_calendar", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.INFO):
        assert app.test_client().get(feed).status_code == 500
    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "calendar.feed" in logged
    assert "cannot build calendar" in logged  # the traceback is kept ...
    assert token not in logged  # ... with the secret masked


def test_a_bad_post_to_an_invite_logs_no_token(csrf_app, caplog):
    client = csrf_app.test_client()
    with caplog.at_level(logging.INFO):
        response = client.post("/join/secret-invite-token-1234567890", data={"email": "x"})
    assert response.status_code in (400, 404)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "secret-invite-token-1234567890" not in logged
