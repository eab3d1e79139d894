"""The progress page, the library and a card page read in Spanish: interface words from the
catalogue, and the card's own words from its Spanish translation file."""

import pytest

from planner.extensions import db
from planner.library.loader import load_cards
from planner.library.sync import sync_library
from planner.models import User
from tests.helpers import AuthActions, make_app

CARD = "team-toy-rescue-mission"
SPANISH = {"Accept-Language": "es"}


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        sync_library([card for card in load_cards() if card.slug == CARD])
        db.session.commit()
    return app


def test_progress_page_is_in_spanish(app):
    client = app.test_client()
    AuthActions(client).register(name="Sam")
    with app.app_context():  # the adult's own language setting (Account → Language)
        db.session.execute(db.update(User).values(language="es"))
        db.session.commit()
    page = client.get("/progress").text
    assert "Semana a semana" in page and "La parte de cada niño" in page
    assert "Week by week" not in page


def test_library_and_card_page_show_the_spanish_card(app):
    client = app.test_client()
    listing = client.get("/activities", headers=SPANISH).text
    assert "Mostrar actividades" in listing
    assert "Rescatar los juguetes en equipo" in listing
    assert "Rescue the toys together" not in listing
    card = client.get(f"/activities/{CARD}", headers=SPANISH).text
    assert "Rescatar los juguetes en equipo" in card and "Qué hacer" in card
    assert "What to do" not in card
    english = client.get(f"/activities/{CARD}", headers={"Accept-Language": "en"}).text
    assert "Rescue the toys together" in english and "What to do" in english
