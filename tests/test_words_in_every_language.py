"""The last words a Spanish- or French-speaking parent still met in English (issue 18): the
family's size limits, the note a watch-for tick saves, an own card's defaults, card titles on the
notes page, the importer's messages and the progress charts' labels."""

import json
from datetime import UTC, date, datetime

import pytest

from planner import limits
from planner.extensions import db
from planner.models import Activity, Moment, PlanItem
from planner.portability.exporter import FORMAT, VERSION
from planner.progress.periods import Period, percent_label
from planner.weeks import watch
from tests.helpers import OWN_CARD_FORM, AuthActions, card, household_of
from tests.test_pseudo_locale import plan_library_week

NNBSP, NBSP = "\u202f", "\u00a0"
TOY_RESCUE = {
    "en": "Rescue the toys together",
    "es": "Rescatar los juguetes en equipo",
}


def planned_family(app, language):
    """A logged-in client with a week of library cards; its requests ask for `language`."""
    client = app.test_client()
    AuthActions(client).register(name="Sam")
    filled = plan_library_week(app)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    return client, filled


def watch_item(app) -> PlanItem:
    return db.session.execute(
        db.select(PlanItem).join(Activity).where(Activity.kind == "watch-for")
    ).scalar_one()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "A family can keep at most 20,000 moments in Together."),
        ("es", "Una familia puede guardar como máximo 20.000 momentos en Together."),
        ("fr", f"Une famille peut garder au plus 20{NNBSP}000 moments dans Together."),
    ],
)
def test_a_limit_is_worded_with_the_number_written_the_readers_way(app, language, expected):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert limits.MOMENTS.message() == expected


def test_the_week_page_flashes_a_full_familys_limit_in_french(app, monkeypatch):
    client, filled = planned_family(app, "fr")
    with app.app_context():
        item_id = watch_item(app).id
    monkeypatch.setattr(limits, "is_full", lambda limit, household_id, adding=1: True)
    page = client.post(f"/items/{item_id}/spotted", data={"spotted": "1"}, follow_redirects=True)
    assert f"Une famille peut garder au plus 20{NNBSP}000 moments dans Together." in page.text
    assert "A family can keep" not in page.text


def test_a_tick_saves_its_note_in_the_adults_language_and_every_language_finds_it(app):
    client, filled = planned_family(app, "es")
    with app.app_context():
        item_id = watch_item(app).id
    assert client.post(f"/items/{item_id}/spotted", data={"spotted": "1"}).status_code == 302
    with app.app_context():
        item = db.session.get(PlanItem, item_id)
        moment = db.session.execute(db.select(Moment)).scalar_one()
        with app.test_request_context(headers={"Accept-Language": "es"}):
            from planner.i18n import localized

            spanish_title = localized(item.activity).title
        assert spanish_title != item.activity.title  # the library card has a Spanish title
        assert moment.note == f"Visto: {spanish_title}"
        moments = [moment]
        for language in ("fr", "en", "es"):
            with app.test_request_context(headers={"Accept-Language": language}):
                assert watch.spotted_moment(item, moments) is moment, language
    # A French-speaking parent un-ticks it: the moment the Spanish tick logged goes.
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    client.post(f"/items/{item_id}/spotted", data={"spotted": "0"})
    with app.app_context():
        assert db.session.execute(db.select(Moment)).scalars().all() == []


def test_a_note_written_in_english_before_still_ticks_the_card(app):
    client, filled = planned_family(app, "fr")
    with app.app_context():
        item = watch_item(app)
        old = Moment(
            household_id=item.household_id,
            practice=item.activity.practice,
            happened_on=item.day,
            note=f"Spotted: {item.activity.title}",
        )
        with app.test_request_context(headers={"Accept-Language": "fr"}):
            assert watch.spotted_moment(item, [old]) is old


@pytest.mark.parametrize(
    ("language", "title", "say", "materials"),
    [
        ("es", "Hacer pan juntos", "Vamos a hacer pan juntos.", "Nada"),
        ("fr", "Faire du pain ensemble", "On va faire du pain ensemble.", "Rien"),
    ],
)
def test_an_own_cards_empty_fields_are_filled_in_the_adults_language(
    app, language, title, say, materials
):
    client = app.test_client()
    AuthActions(client).register(name="Sam")
    empty = {"say": "", "why": "", "materials": "", "title": title}
    response = client.post(
        "/activities/new",
        data={**OWN_CARD_FORM, **empty},
        headers={"Accept-Language": language},
    )
    assert response.status_code == 302
    with app.app_context():
        card = db.session.execute(
            db.select(Activity).where(Activity.household_id.is_not(None))
        ).scalar_one()
        assert (card.say, card.materials) == (say, materials)
        with app.test_request_context(headers={"Accept-Language": language}):
            from planner.practices import PRACTICES

            assert card.why == PRACTICES["ask-for-help"].tagline
        assert card.why != "The grown-ups ask out loud, so asking becomes ordinary."


def test_the_notes_page_shows_library_titles_in_the_page_language_and_own_cards_as_written(app):
    client, filled = planned_family(app, "es")
    with app.app_context():
        household = household_of("sam@example.com")
        items = db.session.execute(db.select(PlanItem).join(Activity)).scalars().all()
        rescue = next(item for item in items if item.activity.title == TOY_RESCUE["en"])
        own = card(
            f"own-{household.id}-our-card",
            "Our own Sunday walk",
            "teamwork",
            household_id=household.id,
            age_min=0,
            minutes=15,
            steps_text="Go.\nCome back.",
            say="Let's walk.",
            why="Walks are good.",
        )
        db.session.add(own)
        db.session.flush()
        done = datetime(2026, 11, 30, 18, tzinfo=UTC).replace(tzinfo=None)
        rescue.done_at, rescue.note = done, "Todos ayudaron."
        db.session.add(
            PlanItem(
                household_id=household.id,
                week_id=rescue.week_id,
                activity_id=own.id,
                day=rescue.day,
                done_at=done,
                note="Fue bonito.",
            )
        )
        db.session.commit()
    page = client.get("/progress/notes").text
    assert f"<strong>{TOY_RESCUE['es']}</strong>" in page
    assert TOY_RESCUE["en"] not in page
    assert "<strong>Our own Sunday walk</strong>" in page


def bad_export() -> bytes:
    """An export whose household is a list and whose first child's name is a number."""
    return json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "household": [],
            "children": [
                {"key": "c1", "name": 7, "birth_year": 2020, "birth_month": 1, "archived": False}
            ],
            "custom_cards": [],
            "rituals": [],
            "weeks": [],
            "moments": [],
        }
    ).encode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            ["household: debería ser un objeto ({...}).", "children[0].name: debería ser texto."],
        ),
        (
            "fr",
            [
                f"household{NBSP}: devrait être un objet ({{...}}).",
                f"children[0].name{NBSP}: devrait être du texte.",
            ],
        ),
    ],
)
def test_the_importers_messages_keep_the_json_path_and_speak_the_readers_language(
    app, language, expected
):
    import io

    client = app.test_client()
    AuthActions(client).register(name="Sam")
    response = client.post(
        "/import",
        data={"file": (io.BytesIO(bad_export()), "together.json")},
        content_type="multipart/form-data",
        headers={"Accept-Language": language},
    )
    assert response.status_code == 400
    for message in expected:
        assert message in response.text
    assert "should be" not in response.text


@pytest.mark.parametrize(
    ("language", "quarter", "half"),
    [("en", "Q4 26", "50%"), ("es", "T4 26", f"50{NBSP}%"), ("fr", "T4 26", f"50{NBSP}%")],
)
def test_chart_labels_use_the_locales_quarter_and_percent(app, language, quarter, half):
    with app.test_request_context(headers={"Accept-Language": language}):
        assert Period("quarter", (date(2026, 10, 5),)).axis_label == quarter
        assert percent_label(0.5) == half


def test_the_install_manifest_speaks_the_visitors_language(app):
    response = app.test_client().get("/manifest.webmanifest", headers={"Accept-Language": "es"})
    manifest = json.loads(response.data)
    assert manifest["lang"] == "es"
    assert manifest["name"].startswith("Together: semanas en familia")
    assert manifest["short_name"] == "Together" and manifest["start_url"] == "/today"
    assert "Accept-Language" in response.headers["Vary"]
    assert response.headers["Cache-Control"].startswith("private")


# Words the scripts write into a page, and where the page gives them (translated) instead.
SCRIPT_WORDS = {
    "js/queue.js": ["Everything is saved.", "saved on this phone"],
    "js/reminders-push.js": ["Notifications are on", "did not work", "were not allowed"],
    "js/timezone.js": ["Find your time zone"],
}


@pytest.mark.parametrize("script", sorted(SCRIPT_WORDS))
def test_scripts_hold_no_english_words_of_their_own(app, script):
    from pathlib import Path

    source = Path(app.static_folder, script).read_text(encoding="utf-8")
    assert [words for words in SCRIPT_WORDS[script] if words in source] == []


def test_the_pages_give_the_scripts_their_words_in_french(app):
    client, filled = planned_family(app, "fr")
    today = client.get("/today").text
    assert 'data-w-all-saved="Tout est enregistré."' in today
    assert 'data-w-queued-many="{count} coches enregistrées sur ce téléphone' in today
    settings = client.get("/reminders/settings").text
    assert 'data-w-on="Les notifications sont activées sur cet appareil."' in settings
    family = client.get("/family").text
    assert 'data-zone-search="Trouvez votre fuseau horaire en tapant une ville"' in family


@pytest.mark.parametrize(("language", "figure"), [("en", r"\d+%"), ("fr", r"\d+\u00a0%")])
def test_the_progress_page_writes_percentages_the_readers_way(app, language, figure):
    import re

    client, filled = planned_family(app, language)
    page = client.get("/progress").text
    figures = re.findall(r'<span class="strength-figure">([^<]*)</span>', page)
    assert figures and all(re.fullmatch(figure, text) for text in figures), figures


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", "Imported 1 child, 2 cards, 1 week, and 0 moments."),
        ("es", "Importado: 1 niño, 2 tarjetas, 1 semana y 0 momentos."),
        ("fr", "Importé\u00a0: 1 enfant, 2 fiches, 1 semaine et 0 moment."),
    ],
)
def test_the_import_summary_uses_each_counts_plural_form(app, language, expected):
    from planner.portability.views import imported_message

    counts = {"children": 1, "cards": 2, "weeks": 1, "moments": 0}
    with app.test_request_context("/", headers={"Accept-Language": language}):
        assert imported_message(counts) == expected
