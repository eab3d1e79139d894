"""Choosing the language: the browser's Accept-Language, the switch (works logged out), the
adult's own setting (wins), e-mails in each adult's language, dates by locale, the pseudo-locale."""

import re
from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from planner.extensions import db
from planner.i18n import formatted, weekday_names
from planner.models import User
from planner.reminders.compose import compose
from planner.reminders.models import OutboxMessage
from tests.helpers import AuthActions, csrf_token_from, make_app
from tests.reminders_support import make_family, plan_items

MONDAY = date(2026, 11, 30)


def heading(response) -> str:
    return re.search(r"<h1>(.*?)</h1>", response.text, re.S).group(1).strip()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-ES,es;q=0.9,en;q=0.5", "Iniciar sesión"),
        ("fr-CA, fr;q=0.8", "Se connecter"),
        ("de-DE, en;q=0.5", "Log in"),
        ("", "Log in"),
    ],
)
def test_the_browser_language_is_used_first(client, header, expected):
    response = client.get("/login", headers={"Accept-Language": header} if header else {})
    assert heading(response) == expected


def test_a_language_the_app_lacks_falls_back_to_the_next_one_the_browser_accepts(client):
    response = client.get("/login", headers={"Accept-Language": "de, fr;q=0.7, en;q=0.3"})
    assert heading(response) == "Se connecter"


def test_form_errors_and_wtforms_own_messages_are_translated(client):
    response = client.post(
        "/login", data={"email": "", "password": ""}, headers={"Accept-Language": "es"}
    )
    assert "Escribe tu dirección de correo." in response.text
    assert "Escribe tu contraseña." in response.text
    assert "Error:" in response.text


def test_the_switch_works_logged_out_with_csrf_and_comes_back_to_the_page(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/register", headers={"Accept-Language": "en"})
    assert 'action="/language"' in page.text
    token = csrf_token_from(page.text)
    response = client.post(
        "/language", data={"csrf_token": token, "language": "fr", "next": "/register"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/register")
    # The choice sticks for the visit and beats the browser's language.
    page = client.get("/register", headers={"Accept-Language": "en"})
    assert heading(page) == "Créez le compte de votre famille"


def test_the_switch_refuses_unknown_languages_missing_tokens_and_other_sites(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    token = csrf_token_from(client.get("/login").text)
    assert client.post("/language", data={"csrf_token": token, "language": "xx"}).status_code == 400
    assert client.post("/language", data={"language": "es"}).status_code == 400
    response = client.post(
        "/language", data={"csrf_token": token, "language": "es", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_the_switch_marks_the_current_language_and_names_each_in_itself(client):
    page = client.get("/login", headers={"Accept-Language": "es"})
    assert re.search(r'<strong class="language-current" lang="es"[^>]*>Español</strong>', page.text)
    assert 'value="fr" class="button-link" lang="fr">Français</button>' in page.text
    assert 'value="en" class="button-link" lang="en">English</button>' in page.text


def test_the_account_setting_wins_over_the_browser_and_the_switch(app, client, auth):
    auth.register()
    client.post("/language", data={"language": "fr"})  # the switch, logged in: saved too
    with app.app_context():
        assert db.session.execute(db.select(User.language)).scalar_one() == "fr"
    response = client.post("/account/language", data={"lang-language": "es"})
    assert response.status_code == 302
    page = client.get("/account", headers={"Accept-Language": "fr"})
    assert heading(page) == "Tu cuenta"
    assert '<option selected value="es">' in page.text
    # "Same as my browser" empties the setting: the browser decides again.
    client.post("/account/language", data={"lang-language": ""})
    assert heading(client.get("/account", headers={"Accept-Language": "fr"})) == "Votre compte"


def test_the_account_setting_refuses_a_language_not_offered(client, auth):
    auth.register()
    assert client.post("/account/language", data={"lang-language": "xx"}).status_code == 400


def test_the_setting_follows_the_adult_to_another_browser(app, client, auth):
    auth.register()
    client.post("/account/language", data={"lang-language": "fr"})
    other = app.test_client()
    AuthActions(other).login()
    assert heading(other.get("/account", headers={"Accept-Language": "es"})) == "Votre compte"


def test_signing_up_in_a_language_keeps_it_for_the_adults_mail(app, client):
    client.post("/language", data={"language": "es"})
    AuthActions(client).register()
    english = app.test_client()
    AuthActions(english).register(email="eve@example.com", name="Eve")
    with app.app_context():
        languages = dict(db.session.execute(db.select(User.email, User.language)).all())
    assert languages == {"sam@example.com": "es", "eve@example.com": ""}


def test_html_lang_value_follows_the_locale(app):
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        from flask import render_template_string

        assert render_template_string("{{ current_locale }}") == "fr"


def test_pages_cached_in_one_language_are_not_served_in_another(client):
    assert (
        heading(client.get("/practices", headers={"Accept-Language": "es"})) == "Las tres prácticas"
    )
    assert (
        heading(client.get("/practices", headers={"Accept-Language": "fr"}))
        == "Les trois pratiques"
    )
    assert (
        heading(client.get("/practices", headers={"Accept-Language": "en"}))
        == "The three practices"
    )


def test_practice_pages_and_about_are_translated(client):
    page = client.get("/practices/teamwork", headers={"Accept-Language": "fr"})
    assert "Privilégier l’esprit d’équipe plutôt que la compétition" in page.text
    assert "Pièges fréquents" in page.text
    about = client.get("/about", headers={"Accept-Language": "es"})
    assert "A muchos nos educaron para admirar" in about.text


@pytest.mark.parametrize(
    ("language", "shape", "expected"),
    [
        ("en", "weekday_day_month", "Monday 30 November"),
        ("es", "weekday_day_month", "lunes, 30 de noviembre"),
        ("fr", "weekday_day_month", "lundi 30 novembre"),
        ("es", "month_year", "noviembre de 2026"),
        ("fr", "day_month_year_short", "30 nov. 2026"),
        ("en", "weekday", "Monday"),
    ],
)
def test_dates_follow_the_locale(app, language, shape, expected):
    with app.test_request_context("/"), force_locale(language):
        assert formatted(MONDAY, shape) == expected


def test_weekday_names_start_on_monday_whatever_the_language(app):
    """The week start stays the family's choice: lists are indexed Monday = 0 like the model."""
    with app.test_request_context("/"), force_locale("fr"):
        assert weekday_names()[0] == "Lundi" and weekday_names()[6] == "Dimanche"
    with app.test_request_context("/"), force_locale("es"):
        assert weekday_names()[:2] == ["Lunes", "Martes"]


def digest_for(user, household) -> OutboxMessage:
    return OutboxMessage(
        family_id=household.id, user_id=user.id, kind="digest", channel="email",
        on_date=MONDAY - timedelta(days=1), subject_key="x", payload="", status="due",
    )  # fmt: skip


def test_each_adult_gets_mail_in_their_own_language(tmp_path):
    app = make_app(tmp_path, BASE_URL="https://together.example")
    with app.app_context():
        household, (ana, ben, cleo) = make_family(adults=3)
        plan_items(household, MONDAY, [MONDAY, MONDAY + timedelta(days=1)])
        ana.language, ben.language = "es", "fr"
        db.session.commit()
        with app.test_request_context("/", headers={"Accept-Language": "fr"}):
            spanish, french, english = (
                compose(digest_for(user, household)) for user in (ana, ben, cleo)
            )
    assert spanish.subject == "Tu semana desde el lunes, 30 de noviembre"
    assert "Hola, Ana:" in spanish.text and '<html lang="es">' in spanish.html
    assert "Di esto:" in spanish.text
    assert french.subject == "Votre semaine à partir du lundi 30 novembre"
    assert "Bonjour Ana1," in french.text and '<html lang="fr">' in french.html
    assert english.subject == "Your week from Monday 30 November"
    assert "Hello Ana2," in english.text and '<html lang="en">' in english.html


def test_pseudo_locale_is_offered_only_when_switched_on(tmp_path):
    plain = make_app(tmp_path / "plain").test_client()
    assert heading(plain.get("/login", headers={"Accept-Language": "en-XA"})) == "Log in"
    pseudo = make_app(tmp_path / "pseudo", PSEUDO_LOCALE=True).test_client()
    page = pseudo.get("/login", headers={"Accept-Language": "en-XA"})
    assert heading(page) == "[Ļöĝ îñ ~~]"
    assert re.search(r'<strong class="language-current" lang="en-XA"', page.text)


def test_adults_saved_before_the_language_column_keep_their_rows_and_follow_the_browser(tmp_path):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import text

    from tests.test_migrations import fresh_app

    app = fresh_app(tmp_path)
    with app.app_context():
        upgrade(revision="c4f1a2b3d5e6")  # the schema before adults had a language
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO household (name, created_at, week_starts_on, items_per_week,"
                    " free_days, weekday_minutes, weekend_minutes, timezone)"
                    " VALUES ('Old family', '2026-01-01 00:00:00', 0, 5, '0,6', 20, 60, 'UTC')"
                )
            )
            conn.execute(
                text(
                    'INSERT INTO "user" (email, display_name, password_hash, household_id, role,'
                    " created_at) SELECT 'old@example.com', 'Old', 'x', id, 'owner',"
                    " '2026-01-01 00:00:00' FROM household"
                )
            )
        upgrade()
        with db.engine.connect() as conn:
            row = conn.execute(text('SELECT email, language FROM "user"')).one()
        assert (row.email, row.language) == ("old@example.com", "")
        downgrade(revision="c4f1a2b3d5e6")
        with db.engine.connect() as conn:
            assert conn.execute(text('SELECT email FROM "user"')).scalar_one() == "old@example.com"
        upgrade()
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_the_calendar_feed_is_written_in_the_owners_language(app, client, auth):
    """A calendar app fetches the feed without cookies: the words follow the owner's setting."""
    from tests.helpers import make_activities
    from tests.test_calendar import add_item, events, feed_address

    auth.register()
    with app.app_context():
        make_activities(3)
    add_item(app, "sam@example.com", "card-1", date.today())
    client.post("/account/language", data={"lang-language": "fr"})
    path = feed_address(client)
    response = app.test_client().get(path, headers={"Accept-Language": "es"})
    (event,) = events(response.data)
    description = str(event.get("description"))
    assert "Dites\u00a0: « Let's do number 1 together. »" in description
    assert "Pourquoi\u00a0: It helps." in description and "La fiche\u00a0:" in description


def test_missing_or_outdated_catalogues_are_compiled_at_start(tmp_path):
    """A fresh checkout (no .mo files) serves every language: the app compiles what is missing."""
    import os
    import shutil
    from gettext import GNUTranslations

    from planner.i18n import TRANSLATIONS_DIR, compile_catalogues

    folder = tmp_path / "translations" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(TRANSLATIONS_DIR / "es" / "LC_MESSAGES" / "messages.po", folder)
    compile_catalogues(tmp_path / "translations")
    mo = folder / "messages.mo"
    with mo.open("rb") as handle:
        assert GNUTranslations(handle).gettext("Log in") == "Iniciar sesión"
    old = mo.stat().st_mtime - 10
    os.utime(mo, (old, old))
    compile_catalogues(tmp_path / "translations")
    assert mo.stat().st_mtime > old  # the newer .po was compiled again
    assert sorted(p.name for p in folder.iterdir()) == ["messages.mo", "messages.po"]
