"""The app's navigation: five tabs (a bottom bar on a phone, the top bar on a wide screen) and
the "More" page's links. A tab is marked current for every page of its area, not only its own."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, request


@dataclass(frozen=True)
class Tab:
    endpoint: str
    label: str
    icon: str
    areas: tuple[str, ...]  # blueprint names (or full endpoints) whose pages this tab covers
    more_words: str = ""  # read by screen readers (and search engines) after the label


TABS = (
    Tab("today.show", "Today", "today", ("today",)),
    Tab("weeks.this_week", "Week", "week", ("weeks", "printing", "calendar")),
    Tab("progress.overview", "Progress", "progress", ("progress", "moments")),
    Tab("library.index", "Library", "library", ("library",)),
    Tab("main.more", "More", "more", ("main.more", "family", "your_family", "reminders", "auth",
                                       "practices", "portability", "mail_account", "display"),
        " pages: family, reminders, account"),
)  # fmt: skip

# The "More" page, in the order a parent looks for them.
MORE_LINKS = (
    ("family.profile", "Your family", "Children, your week's rhythm, the calendar and the display"),
    ("reminders.settings", "Reminders", "When and how Together reminds you"),
    ("practices.index", "The three practices", "What the activities are for"),
    ("auth.household", "Household", "Invite the other grown-ups"),
    ("auth.account", "Your account", "Password, e-mail, deleting the account"),
    ("portability.export_page", "Save a copy", "Download your family's plans"),
)

PUBLIC_NAV = (
    ("library.index", "Activities"),
    ("practices.index", "Practices"),
    ("auth.login", "Log in"),
    ("auth.register", "Register"),
)


def current_tab() -> str | None:
    """The endpoint of the tab the current page belongs to."""
    endpoint = request.endpoint or ""
    area = request.blueprint or ""
    for tab in TABS:
        if endpoint in tab.areas or area in tab.areas:
            return tab.endpoint
    return None


def register_nav(app: Flask) -> None:
    app.jinja_env.globals.update(
        app_tabs=TABS, more_links=MORE_LINKS, public_nav=PUBLIC_NAV, current_tab=current_tab
    )
