"""Languages: which one a page is shown in, the switch that changes it, and locale-aware dates.

Flask-Babel does the translating (`gettext` in Python, `_()` in templates); this module decides the
locale for each request, in this order:

1. the adult's own account setting (`User.language`), when logged in and set;
2. the language picked with the switch (kept in the session, so it works logged out);
3. the browser's `Accept-Language`;
4. English.

A new language is a catalogue under `planner/translations/<code>/` plus an entry in `LANGUAGES`
(see README "Languages"). `en_XA` is a pseudo-locale (accented, 30% longer strings) that only an app
with `PSEUDO_LOCALE` set offers: tests use it to find hard-coded English and layouts that break.
"""

from __future__ import annotations

import os
import re
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, match_skeleton
from flask import (
    Blueprint,
    Flask,
    abort,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import Babel, get_locale, gettext, lazy_gettext
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
DEFAULT_LOCALE = "en"
# Each language's own name, as its speakers would look for it in a list.
LANGUAGES = {"en": "English", "es": "Español", "fr": "Français"}
PSEUDO_LOCALE = "en_XA"
SESSION_KEY = "language"
# English dates are written the British way the app always used ("Tuesday 1 December").
DATE_LOCALE = {"en": "en_GB", PSEUDO_LOCALE: "en_GB"}
# Date shapes by meaning; Babel turns each skeleton into the locale's own order and words.
SKELETONS = {
    "weekday": "EEEE",
    "day_month": "dMMMM",
    "day_month_short": "dMMM",
    "weekday_day_month": "EEEEdMMMM",
    "weekday_day_month_short": "EEEEdMMM",
    "day_month_year": "yMMMMd",
    "weekday_day_month_year": "yMMMMEEEEd",
    "day_month_year_short": "yMMMd",
    "month_year": "yMMMM",
    "month_year_short": "yMMM",
    "month": "MMMM",
}

babel = Babel()
bp = Blueprint("i18n", __name__)


def available_languages() -> dict[str, str]:
    """The languages this app offers: code -> name (the pseudo-locale only when switched on)."""
    from flask import current_app

    languages = dict(LANGUAGES)
    if current_app.config.get("PSEUDO_LOCALE"):
        languages[PSEUDO_LOCALE] = "Ƥšéûđö"
    return languages


def supported(code: str | None) -> str | None:
    """`code` when this app offers it, else None."""
    return code if code and code in available_languages() else None


def chosen_language() -> str:
    """The language code for this request (see the module docstring for the order)."""
    if not has_request_context():
        return DEFAULT_LOCALE
    if current_user and current_user.is_authenticated:
        chosen = supported(getattr(current_user, "language", None))
        if chosen:
            return chosen
    chosen = supported(session.get(SESSION_KEY))
    if chosen:
        return chosen
    return request.accept_languages.best_match(list(available_languages())) or DEFAULT_LOCALE


def as_locale(code: str) -> Locale | str:
    """A code Flask-Babel can parse; the pseudo-locale (which CLDR lacks) as English, region XA.

    Its catalogue is still found under `translations/en_XA`; dates use English data.
    """
    if code != PSEUDO_LOCALE:
        return code
    locale = Locale("en")
    locale.territory = "XA"
    return locale


def select_locale() -> Locale | str:
    """Flask-Babel's locale selector: English outside a request."""
    return as_locale(chosen_language())


def locale_key() -> str:
    """What decides a logged-out page's language, for the page cache's key (no database)."""
    wanted = request.accept_languages.best_match(list(available_languages())) or ""
    return f"{session.get(SESSION_KEY, '')}|{wanted}"


def current_locale() -> str:
    """The active locale as a BCP 47 tag for `<html lang>` ("es", "fr", "en-XA")."""
    locale = get_locale()
    return str(locale).replace("_", "-") if locale else DEFAULT_LOCALE


def signup_language() -> str:
    """The language a new adult signed up in, kept as their setting ("" for plain English).

    Their e-mails then go out in the language they were using; English stays "follow the
    browser" unless it was picked with the switch.
    """
    locale = str(get_locale() or DEFAULT_LOCALE)
    if locale == DEFAULT_LOCALE and session.get(SESSION_KEY) != DEFAULT_LOCALE:
        return ""
    return locale


def user_locale(user) -> str:
    """The locale to write to `user` in (e-mails, pushes): their setting, else English."""
    return getattr(user, "language", None) or DEFAULT_LOCALE


@cache
def date_pattern(shape: str, locale: str) -> str:
    """The locale's own pattern for a shape, with full day and month names where asked.

    CLDR keeps patterns for abbreviated skeletons ("MMMEd") more often than for full ones, and
    Babel's nearest match keeps the short widths; widening them gives "lunes, 30 de noviembre".
    """
    data = Locale.parse(DATE_LOCALE.get(locale, locale))
    skeleton = SKELETONS[shape]
    key = match_skeleton(skeleton, data.datetime_skeletons) or skeleton
    pattern = data.datetime_skeletons[key].pattern if key in data.datetime_skeletons else key
    if "EEEE" in skeleton:
        pattern = re.sub(r"E{1,4}", "EEEE", pattern)
        pattern = re.sub(r"c{1,4}", "cccc", pattern)
    if "MMMM" in skeleton:
        pattern = re.sub(r"(?<!M)M{3,4}(?!M)", "MMMM", pattern)
        pattern = re.sub(r"(?<!L)L{3,4}(?!L)", "LLLL", pattern)
    return pattern


def translate(text: str | None) -> str | None:
    """Words marked with N_() in the pure modules, in the reader's language (empty stays empty)."""
    return gettext(text) if text else text


def babel_locale() -> str:
    """The CLDR locale for the reader's dates, numbers and lists (English's the British way; the
    pseudo-locale borrows English's data)."""
    locale = str(get_locale() or DEFAULT_LOCALE)
    return DATE_LOCALE.get(locale, locale)


def formatted(day: date, shape: str) -> str:
    """`day` in the active locale, as one of the SKELETONS shapes (for templates and messages)."""
    return formatted_in(day, shape, str(get_locale() or DEFAULT_LOCALE))


@lru_cache(maxsize=8192)
def formatted_in(day: date, shape: str, locale: str) -> str:
    """Remembered: a long history shows the same few hundred dates on every build, and Babel
    parses the locale and the pattern anew on every call."""
    return format_date(day, date_pattern(shape, locale), locale=DATE_LOCALE.get(locale, locale))


def percent(number: float) -> str:
    """A whole percentage (0-100) as the active language writes it: "50%", "50 %" (es, fr)."""
    return percent_in(number, babel_locale())


@lru_cache(maxsize=2048)
def percent_in(number: float, locale: str) -> str:
    """Remembered: progress words the same few percentages in every card, row and chart."""
    from babel.numbers import format_percent

    return format_percent(number / 100, locale=locale)


def weekday_names() -> list[str]:
    """Monday..Sunday in the active language, capitalised for a list ("Lunes", "Mardi")."""
    from babel.dates import get_day_names

    names = get_day_names("wide", context="stand-alone", locale=babel_locale())
    return [names[day][:1].upper() + names[day][1:] for day in range(7)]


def localized(card):
    """A library card in the active language (a family's own card stays as written)."""
    from .library.translations import localize

    return localize(card, str(get_locale() or DEFAULT_LOCALE))


def language_name(code: str) -> str:
    """A language's own name, from our list or from Babel's data."""
    if code in LANGUAGES:
        return LANGUAGES[code]
    try:
        return Locale.parse(code).get_display_name(code) or code
    except ValueError:
        return code


class LanguageForm(FlaskForm):
    """The switch: one button per language; `next` brings the visitor back to the same page."""

    language = StringField()
    next = HiddenField()


@bp.post("/language")
def set_language():
    """Remember the chosen language (and save it as a logged-in adult's setting); go back."""
    from .extensions import db
    from .web import safe_next

    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    code = supported(form.language.data)
    if code is None:
        abort(400)
    session[SESSION_KEY] = code
    if current_user.is_authenticated:
        current_user.language = code
        db.session.commit()
    return redirect(safe_next(form.next.data) or url_for("main.home"))


def language_choices(blank: str | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs for a select; `blank` first labels "follow the browser"."""
    pairs = list(available_languages().items())
    return ([("", blank)] if blank is not None else []) + pairs


def compile_catalogues(directory: Path = TRANSLATIONS_DIR) -> None:
    """Compile each `.po` whose `.mo` is missing or older (`make install` normally did it).

    A fresh checkout then serves every language even before `make translations`; a read-only
    install simply keeps what it has.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in directory.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        try:
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=po_path.parent.parent.name)
            # Written aside and renamed, so a worker starting beside us never reads half a file.
            partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}")
            with partial.open("wb") as handle:
                write_mo(handle, catalog)
            os.replace(partial, mo_path)
        except OSError:
            continue


def init_app(app: Flask) -> None:
    """Bind Flask-Babel, the switch's route and the template helpers."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LOCALE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    compile_catalogues()
    babel.init_app(app, locale_selector=select_locale)
    from .library import loader

    loader.translate = gettext  # the card rules' messages, in the reader's language
    app.register_blueprint(bp)

    app.jinja_env.globals.update(
        available_languages=available_languages,
        localized=localized,
    )
    app.jinja_env.filters["localized"] = localized
    app.jinja_env.filters["percent"] = percent  # `{{ 50|percent }}`: "50%", "50 %"
    # `{{ SETTINGS[card.setting]|translate }}`: words marked with N_() in the pure modules.
    app.jinja_env.filters["translate"] = translate

    @app.context_processor
    def locale_context():
        # `<html lang="{{ current_locale }}">` in base.html.
        return {"current_locale": current_locale()}

    for shape in SKELETONS:
        app.jinja_env.filters[shape] = lambda day, _shape=shape: formatted(day, _shape)


__all__ = ["gettext", "lazy_gettext", "formatted", "user_locale", "init_app", "babel"]
