"""The app's navigation: five tabs (a bottom bar on a phone, the top bar on a wide screen) and
the "More" page's links. A tab is marked current for every page of its area, not only its own."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request
from markupsafe import Markup

from ..locale_cache import per_locale


def N_(text: str) -> str:
    """Mark `text` for the catalogue; templates translate it where shown (`|translate`)."""
    return text


@dataclass(frozen=True)
class Tab:
    endpoint: str
    label: str
    icon: str
    areas: tuple[str, ...]  # blueprint names (or full endpoints) whose pages this tab covers
    more_words: str = ""  # read by screen readers (and search engines) after the label


TABS = (
    Tab("today.show", N_("Today"), "today", ("today",)),
    Tab("weeks.this_week", N_("Week"), "week", ("weeks", "printing", "calendar")),
    Tab("progress.overview", N_("Progress"), "progress", ("progress", "moments")),
    Tab("library.index", N_("Library"), "library", ("library",)),
    Tab("main.more", N_("More"), "more", ("main.more", "family", "members", "your_family", "reminders", "auth",
                                       "practices", "portability", "mail_account", "display"),
        N_(" pages: family, reminders, account")),
)  # fmt: skip

# The "More" page, in the order a parent looks for them.
MORE_LINKS = (
    (
        "family.profile",
        N_("Your family"),
        N_("Children, your week's rhythm, the calendar and the display"),
    ),
    ("reminders.settings", N_("Reminders"), N_("When and how Together reminds you")),
    ("practices.index", N_("The three practices"), N_("What the activities are for")),
    ("members.show", N_("Household"), N_("Invite the other grown-ups")),
    ("auth.account", N_("Your account"), N_("Password, e-mail, deleting the account")),
    ("portability.export_page", N_("Save a copy"), N_("Download your family's plans")),
)

PUBLIC_NAV = (
    ("library.index", N_("Activities")),
    ("practices.index", N_("Practices")),
    ("auth.login", N_("Log in")),
    ("auth.register", N_("Register")),
)


def current_tab() -> str | None:
    """The endpoint of the tab the current page belongs to."""
    endpoint = request.endpoint or ""
    area = request.blueprint or ""
    for tab in TABS:
        if endpoint in tab.areas or area in tab.areas:
            return tab.endpoint
    return None


def kept_fragment(template: str, **context) -> Markup:
    """`template` rendered once per language, context and script root, then kept: the layout's
    tabs, visitor navigation and footer words are the same on every page that shows them, and
    building them made up a good part of a small page's cost."""
    key = ":".join([template, request.script_root, *map(str, context.values())])
    return per_locale(
        key,
        lambda: Markup(current_app.jinja_env.get_template(template).render(**context).rstrip("\n")),
    )


def tabs_html(here: str | None) -> Markup:
    return kept_fragment("_tabs.html", here=here)


def public_nav_html(here: str | None) -> Markup:
    return kept_fragment("_public_nav.html", here=here)


def footer_words_html() -> Markup:
    return kept_fragment("_footer_words.html", essay=current_app.config["ESSAY_URL"])


def register_nav(app: Flask) -> None:
    app.jinja_env.globals.update(
        app_tabs=TABS,
        more_links=MORE_LINKS,
        public_nav=PUBLIC_NAV,
        current_tab=current_tab,
        tabs_html=tabs_html,
        public_nav_html=public_nav_html,
        footer_words_html=footer_words_html,
    )
