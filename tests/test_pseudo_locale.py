"""Pages shown in the `en_XA` pseudo-locale hold no plain English: every string a parent reads went
through the catalogue. The page's <main> is read as a person would (text, labels, buttons, the
accessible names in aria-label, title and placeholder); what the family typed and the library's own
card words are not interface strings and are skipped.

Add a page to PAGES once its templates are wrapped; the lead extends this to every area."""

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from babel.dates import get_day_names, get_month_names

from planner import household as family
from planner.display import links
from planner.extensions import db
from planner.library.loader import load_cards
from planner.library.sync import sync_library
from planner.models import Activity, PlanItem, User, Week
from tests.helpers import AuthActions, add_child_row, household_of, make_app

# Words outside the pseudo-locale's [brackets] that are not interface text: product and service
# names, file formats, and the test family's own data.
ALLOWED = {
    "Together", "JSON", "CSV", "UTC", "MB", "min",
    "Sam", "sam", "example", "com", "org", "Ana", "family", "flask", "app", "users",
    "reset", "password", "email", "you", "Mia",
}  # fmt: skip
# Dates in the pseudo-locale use English CLDR data (Babel), not the catalogue.
ALLOWED |= {
    *["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    *["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    *["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "and"],
}  # fmt: skip
SKIPPED_TAGS = {"script", "style", "code", "option", "optgroup", "cite"}
# Elements holding the family's data or the library's card words, not interface strings.
SKIPPED_CLASSES = {"band-list", "essay-title", "note-quote", "member-row", "credit", "card-words"}
# Day and month names come from Babel's CLDR data, which has no pseudo-locale: en_XA shows English.
DATE_WORDS = {
    *get_day_names("wide", locale="en_GB").values(),
    *get_month_names("wide", locale="en_GB").values(),
    *get_month_names("abbreviated", locale="en_GB").values(),
}
# The library's card words (English in the pseudo-locale, which has no card files).
SKIPPED_CLASSES |= {
    "item-title", "say", "today-title", "today-say", "sheet-title", "sheet-say", "sheet-steps",
    "display-item", "watch-card", "tomorrow-list", "card-why", "card-title", "card-steps", "card-name",
}  # fmt: skip
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
PSEUDO = re.compile(r"\[[^\[\]]*\]")


class MainText(HTMLParser):
    """The text a reader meets inside <main>, minus skipped elements."""

    VOID = {"input", "br", "img", "meta", "link", "hr", "source", "area", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is it skipped?
        self.in_main = False
        self.chunks: list[str] = []

    def skipping(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        classes = set((attrs.get("class") or "").split())
        # Text marked with its own language (the switch's "Español") is not in the page's.
        marked = self.in_main and "lang" in attrs
        skip = tag in SKIPPED_TAGS or bool(classes & SKIPPED_CLASSES) or marked
        if self.in_main and not self.skipping() and not skip:
            self.chunks += [attrs[name] for name in READ_ATTRIBUTES if attrs.get(name)]
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.chunks.append(attrs["value"])
        if tag not in self.VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_main and not self.skipping() and data.strip():
            self.chunks.append(data)


def english_left(html: str) -> list[str]:
    """Words of plain English left on the page, outside every pseudo-translated string."""
    parser = MainText()
    parser.feed(html)
    assert len(parser.chunks) >= 2, "no text found in <main>"
    # A translated sentence may hold markup (a link inside it): read the page as one text, so
    # the brackets of each pseudo-translated string still pair up around what it holds.
    text = "\n".join(chunk.strip() for chunk in parser.chunks)
    left = []
    for line in PSEUDO.sub(" ", text).splitlines():
        left += [f"{word!r} in {line.strip()[:80]!r}" for word in ENGLISH_WORD.findall(line)]
    return [found for found in left if found.split("'")[1] not in ALLOWED | DATE_WORDS]


def test_the_checker_finds_hard_coded_english():
    page = (
        '<html lang="en-XA"><body><main><h1>[Ĥéļļö ~~]</h1><p>Save <b>now</b></p>'
        '<code>flask run</code><span lang="es">Español</span></main></body></html>'
    )
    assert [found.split()[0] for found in english_left(page)] == ["'Save'", "'now'"]
    assert english_left('<main><button aria-label="Close">[Ĉļöšé ~]</button></main>')


CARD = "team-toy-rescue-mission"
LOGGED_OUT = [
    "/",
    "/offline",
    "/login",
    "/register",
    "/password/forgot",
    "/practices",
    "/practices/teamwork",
    "/about",
    "/activities",
    f"/activities/{CARD}",
]
LOGGED_IN = [
    "/account",
    "/family/members",
    "/family/members/invites/email",
    "/reminders/settings",
    "/moments",
    "/moments/new",
    "/export",
    "/import",
    "/progress",
    "/progress/notes",
    "/activities/own",
    "/activities/new",
    "/family",
    "/family/about",
    "/welcome",
    "/family/start/children",
    "/family/start/rhythm",
    "/family/start/plan",
    "/more",
    "/today",
    "/weeks/{monday}",
    "/weeks/{monday}/print",
    "/weeks/{monday}/cards",
    "/weeks/{monday}/add",
    "/items/{item}",
    "/items/{item}/swap",
    "/display/{token}",
]


@pytest.fixture
def pseudo(tmp_path):
    app = make_app(tmp_path, PSEUDO_LOCALE=True, MAIL_URL="smtp://127.0.0.1:1")
    with app.app_context():  # one real library card, for the card page and the library's list
        sync_library([card for card in load_cards() if card.slug == CARD])
        db.session.commit()
    return app


@pytest.mark.parametrize("path", LOGGED_OUT)
def test_logged_out_pages_have_no_english_left(pseudo, path):
    response = pseudo.test_client().get(path, headers={"Accept-Language": "en-XA"})
    assert response.status_code == 200
    assert english_left(response.text) == []


# Library cards of each kind, so the week shows day items, a watch-for and a grown-ups' card.
KINDS = ("activity", "watch-for", "grown-ups")


def plan_library_week(app, email="sam@example.com") -> dict[str, object]:
    """Load the library, add a child and put library cards in this week (one of each kind, and
    one done with a note); returns what the paths above need filled in."""
    with app.app_context():
        cards = load_cards()
        sync_library(cards)
        household = household_of(email)
        add_child_row(household, "Mia", date.today().year - 6)
        monday = family.this_week(household)
        week = Week(household_id=household.id, week_start=monday)
        db.session.add(week)
        db.session.flush()
        slugs = ["team-toy-rescue-mission", "team-cushion-river-crossing"]
        slugs += [next(card.slug for card in cards if card.kind == kind) for kind in KINDS[1:]]
        activities = {
            activity.slug: activity
            for activity in db.session.execute(
                db.select(Activity).where(Activity.slug.in_(slugs))
            ).scalars()
        }
        items = []
        for offset, slug in enumerate(slugs):
            item = PlanItem(
                household_id=household.id,
                week_id=week.id,
                activity_id=activities[slug].id,
                day=monday + timedelta(days=offset % 7),
            )
            db.session.add(item)
            items.append(item)
        db.session.flush()
        user = db.session.execute(db.select(User).where(User.email == email)).scalar_one()
        token = links.new_link(household.id, user.id)
        db.session.commit()
        return {"monday": monday.isoformat(), "item": items[0].id, "token": token}


@pytest.mark.parametrize("path", LOGGED_IN)
def test_logged_in_pages_have_no_english_left(pseudo, path):
    client = pseudo.test_client()
    AuthActions(client).register(name="Sam")
    if "{" in path:
        path = path.format(**plan_library_week(pseudo))
    response = client.get(path, headers={"Accept-Language": "en-XA"})
    assert response.status_code == 200
    assert english_left(response.text) == []
