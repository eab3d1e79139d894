"""The week, Today, print and display pages in Spanish and French: the library card's own
translation, the locale's day names and the planner's notes in the reader's language."""

import re

import pytest

from planner.weeks import notes
from tests.helpers import AuthActions
from tests.test_pseudo_locale import plan_library_week


def logged_in_week(app, language):
    client = app.test_client()
    AuthActions(client).register(name="Sam")
    filled = plan_library_week(app)
    headers = {"Accept-Language": language}
    return client, filled, headers


def test_the_week_page_shows_spanish_cards_and_day_names(app):
    client, filled, headers = logged_in_week(app, "es")
    page = client.get(f"/weeks/{filled['monday']}", headers=headers).text
    assert '<html lang="es"' in page
    assert "Rescatar los juguetes en equipo" in page  # the card's Spanish title
    assert "Rescue the toys together" not in page
    for day in ("Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"):
        assert re.search(rf'<h2 id="day-[\d-]+">{day} ', page), day
    assert "Semana del" in page and "Marcar como hecha" in page
    assert "Monday" not in page and "Mark done" not in page


def test_the_week_page_in_french(app):
    client, filled, headers = logged_in_week(app, "fr")
    page = client.get(f"/weeks/{filled['monday']}", headers=headers).text
    assert "Lundi" in page and "Semaine du" in page and "Marquer comme faite" in page
    assert "Monday" not in page


@pytest.mark.parametrize(
    ("path", "spanish"),
    [
        ("/today", "Hoy"),
        ("/weeks/{monday}/print", "Semana del"),
        ("/weeks/{monday}/cards", "Tarjetas de actividad"),
        ("/display/{token}", "Esta semana"),
    ],
)
def test_today_print_and_display_follow_the_language(app, path, spanish):
    client, filled, headers = logged_in_week(app, "es")
    page = client.get(path.format(**filled), headers=headers).text
    assert '<html lang="es"' in page
    assert spanish in page


def test_planner_notes_and_reasons_are_worded_in_the_readers_language(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert notes.quiet_days([0, 2], 20, empty=True) == (
            "No hay nada previsto el lunes y miércoles: las actividades que quedan necesitan más "
            "de los 20 minutos que tienes ese día. Con más minutos en la página de la familia, "
            "la semana se repartiría mejor."
        )
        assert notes.liked_before(3) == "Te gustó en marzo"
        assert notes.suits_children(["Ana", "Leo"]) == "Va con Ana y Leo"
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert notes.ritual_day(1) == "Votre rituel du mardi"
    with app.test_request_context():
        assert notes.liked_before(3) == "You liked this in March"
