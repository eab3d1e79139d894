"""What tests share: the app builder, the browser-like actions (register, log in, CSRF tokens) and
small builders that write activities and children straight to the database."""

import os
import re
import weakref

from planner import create_app
from planner.extensions import db
from planner.models import Activity, Child, Household, User

PRACTICES = ("ask-for-help", "teamwork", "connection")

# Words one English-speaking country uses and another reads differently (CONTENT.md, "Everyone's
# English"); every card uses a neutral phrasing instead. One list for every card test.
ONE_COUNTRY_WORDS = (
    "nappy", "nappies", "diaper", "diapers", "trolley", "shopping cart", "cart", "car boot",
    "car-boot", "boot of the car", "trunk", "car park", "parking lot", "parkrun", "mum", "mummy",
    "mom", "mommy", "pram", "stroller", "pushchair", "buggy", "cot", "crib", "pacifier", "dummy",
    "soother", "nursery", "kindergarten", "preschool", "fortnight", "queue", "hob", "rota",
    "jumper", "sweater", "wellies", "tea towel", "duvet", "torch", "flashlight", "pavement",
    "sidewalk", "petrol", "gasoline", "tyre", "tyres", "faucet", "takeaway", "takeout", "biscuit",
    "biscuits", "cookie", "cookies", "crisps", "candy", "sweets", "garbage", "trash", "rubbish",
    "maths", "math", "semester", "grades", "good marks", "school run", "cellphone", "a lift",
    "give me a lift", "yard sale", "wash up", "at the till", "a ring", "timetable", "spanner",
    "advert", "fancy", "allotment", "greengrocer", "pe kit", "flat-pack", "post box", "postbox",
    "mailbox",
)  # fmt: skip
ONE_COUNTRY = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, ONE_COUNTRY_WORDS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)

# A good own card, as the "write your own card" form posts it.
OWN_CARD_FORM = {
    "title": "Ask Nana about her garden",
    "practice": "ask-for-help",
    "age_min": "4",
    "age_max": "12",
    "minutes": "20",
    "setting": "outdoors",
    "who": "trusted-adult",
    "materials": "None",
    "steps": "Call Nana.\nAsk what to plant.\nPlant it together.",
    "say": "Nana knows best about plants — let's ask her.",
    "why": "Asking an expert we love is normal.",
    "stretch": "",
}


def card(slug: str, title: str, practice: str, **fields) -> Activity:
    """An activity card (not yet added) with plain defaults for the fields a test doesn't care
    about: ages 2-17, 10 minutes, at home, the whole family, no materials, two steps."""
    values = {
        "age_min": 2,
        "age_max": 17,
        "minutes": 10,
        "setting": "home",
        "who": "whole-family",
        "materials": "None",
        "steps_text": "One.\nTwo.",
        "say": "Say.",
        "why": "Why.",
    }
    return Activity(slug=slug, title=title, practice=practice, **{**values, **fields})


def make_activities(count=30, age_min=2, age_max=17, minutes=10, household_id=None, prefix="card"):
    """`count` simple activities spread over the three practices."""
    activities = []
    for index in range(count):
        activity = card(
            f"{prefix}-{index}",
            f"Activity number {index}",
            PRACTICES[index % 3],
            household_id=household_id,
            age_min=age_min,
            age_max=age_max,
            minutes=minutes,
            steps_text="Do the first thing.\nDo the second thing.",
            say=f"Let's do number {index} together.",
            why="It helps.",
        )
        db.session.add(activity)
        activities.append(activity)
    db.session.commit()
    return activities


def household_of(email: str) -> Household:
    return db.session.execute(db.select(User).where(User.email == email)).scalar_one().household


def add_child_row(household: Household, name="Mia", year=2017, month=1) -> Child:
    child = Child(household_id=household.id, name=name, birth_year=year, birth_month=month)
    db.session.add(child)
    db.session.commit()
    return child


TEST_PASSWORD = "correct horse battery"


def database_url(tmp_path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite3'}"


def make_app(tmp_path, **overrides):
    """Build an app on a clean database (tables created from the models)."""
    os.environ["INSTANCE_PATH"] = str(tmp_path / "instance")
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "WTF_CSRF_ENABLED": False,
        # Fast hashing in tests; production uses scrypt (see test_default_hash_is_scrypt).
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        # Many tests move the clock days ahead of the login; test_accounts turns the idle timeout on.
        "SESSION_IDLE_MINUTES": 0,
    }
    config.update(overrides)
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
    APPS_TO_CLOSE.append(app)
    close_when_collected(app)
    return app


def close_when_collected(app) -> None:
    """Dispose the app's engines when the app itself is garbage-collected.

    The per-test cleanup closes connections once; an app kept for a whole module (a live server)
    opens more afterwards. Without this, whichever later test the garbage collector happens to run
    in reports psycopg's "deleted while still open" warning.
    """
    with app.app_context():
        engines = list(db.engines.values())
    weakref.finalize(app, _dispose, engines)


def _dispose(engines) -> None:
    for engine in engines:
        engine.dispose()


APPS_TO_CLOSE = []


def csrf_token_from(html: str) -> str:
    """Read the CSRF token out of a rendered form."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no csrf token in page"
    return match.group(1)


def register_with_csrf(client, email="c@example.com", name="C"):
    """Register through the real form with CSRF protection on, as a browser would."""
    token = csrf_token_from(client.get("/register").text)
    return client.post(
        "/register",
        data={
            "csrf_token": token,
            "email": email,
            "display_name": name,
            "password": TEST_PASSWORD,
            "confirm": TEST_PASSWORD,
        },
    )


class AuthActions:
    """Register / log in / log out through the real forms."""

    def __init__(self, client):
        self.client = client

    def register(self, email="sam@example.com", name="Sam", password=TEST_PASSWORD, household=""):
        return self.client.post(
            "/register",
            data={
                "email": email,
                "display_name": name,
                "household_name": household,
                "password": password,
                "confirm": password,
            },
        )

    def login(self, email="sam@example.com", password=TEST_PASSWORD, **extra):
        return self.client.post("/login", data={"email": email, "password": password, **extra})

    def logout(self):
        return self.client.post("/logout")
