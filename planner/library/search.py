"""Library filters: parse them from the query string, and turn them into one SQLAlchemy query."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import gettext, lazy_gettext
from sqlalchemy import and_, case, func, literal, or_

from ..models import Activity
from .loader import AGE_MAX, AGE_MIN, KINDS, MINUTES, NEEDS, PRACTICE_SLUGS, SETTINGS, WHO

# `needs=none` asks for cards that need nothing at all.
NO_NEEDS = "none"
# `fit=mine` shows the cards that suit the family's children; `fit=all` the whole library.
FITS = ("mine", "all")

# Searching matches the start of words: "rain" finds "rain" and "rainy", never "train". Text and
# query are both folded the same way: apostrophes dropped, other punctuation turned into spaces.
DROPPED = ("'", "’")
SEPARATORS = (".", ",", "!", "?", ";", ":", '"', "(", ")", "/", "-", "–", "—", "“", "”", "…")
SEPARATORS += ("\n", "\r", "\t")

PER_PAGE = 48  # with cards grouped under headings, a page holds a good browse
MAX_PAGE = 10_000
MAX_QUERY = 100


@dataclass
class Filters:
    practice: str | None = None
    age: int | None = None
    minutes: int | None = None
    setting: str | None = None
    who: str | None = None
    kind: str | None = None
    needs: str | None = None
    fit: str | None = None  # mine | all | None (not chosen: mine when logged in with children)
    q: str = ""
    page: int = 1
    problems: list[str] = field(default_factory=list)

    def as_args(self, **changes) -> dict:
        """The filters as query-string arguments (for links that keep them)."""
        args = {
            "practice": self.practice,
            "age": self.age,
            "minutes": self.minutes,
            "setting": self.setting,
            "who": self.who,
            "kind": self.kind,
            "needs": self.needs,
            "fit": self.fit,
            "q": self.q or None,
            "page": self.page if self.page > 1 else None,
        }
        args.update(changes)
        return {key: value for key, value in args.items() if value not in (None, "")}

    @property
    def active(self) -> bool:
        return any(
            (
                self.practice,
                self.age is not None,
                self.minutes,
                self.setting,
                self.who,
                self.kind,
                self.needs,
                self.q,
            )
        )


def parse_int(text: str | None, low: int, high: int) -> int | None:
    if text is None or not text.strip().isdigit() or len(text.strip()) > 6:
        raise ValueError
    value = int(text)
    if not low <= value <= high:
        raise ValueError
    return value


def parse_filters(args) -> Filters:
    """Read filters from request args; a bad value is dropped and explained, never an error page."""
    filters = Filters()
    practice = args.get("practice", "")
    if practice:
        if practice in PRACTICE_SLUGS:
            filters.practice = practice
        else:
            filters.problems.append(gettext("Unknown practice ignored."))
    # Messages are looked up only for a problem (lazily): most requests have none.
    for name, low, high, message in (
        (
            "age",
            AGE_MIN,
            AGE_MAX,
            lazy_gettext(
                "Child's age must be a whole number from %(low)d to %(high)d; ignored.",
                low=AGE_MIN,
                high=AGE_MAX,
            ),
        ),
        ("minutes", 1, 600, lazy_gettext("Minutes must be a whole number of minutes; ignored.")),
        ("page", 1, MAX_PAGE, lazy_gettext("That page doesn't exist; showing the first page.")),
    ):
        text = args.get(name, "")
        if text:
            try:
                setattr(filters, name, parse_int(text, low, high))
            except ValueError:
                filters.problems.append(str(message))
                if name == "page":
                    filters.page = 1
    needs_words = {**NEEDS, NO_NEEDS: ""}
    for name, vocabulary, unknown in (
        ("setting", SETTINGS, lazy_gettext("Unknown setting ignored.")),
        ("who", WHO, lazy_gettext("Unknown who ignored.")),
        ("kind", KINDS, lazy_gettext("Unknown kind ignored.")),
        ("needs", needs_words, lazy_gettext("Unknown need ignored.")),
        ("fit", dict.fromkeys(FITS), lazy_gettext("Unknown fit ignored.")),
    ):
        value = args.get(name, "")
        if value:
            if value in vocabulary:
                setattr(filters, name, value)
            else:
                filters.problems.append(str(unknown))
    q = " ".join(args.get("q", "").split())
    if len(q) > MAX_QUERY:
        filters.problems.append(
            gettext("Search text shortened to %(num)d characters.", num=MAX_QUERY)
        )
        q = q[:MAX_QUERY]
    filters.q = q
    return filters


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fold_words(text: str) -> list[str]:
    """The query's words, lower-case, folded like the searched text (see `folded`)."""
    for mark in DROPPED:
        text = text.replace(mark, "")
    return re.sub("[" + re.escape("".join(SEPARATORS)) + "]", " ", text.lower()).split()


def folded(column):
    """ " " + the column in lower case with punctuation as spaces, so " word" starts a word."""
    expression = func.lower(column)
    for mark in DROPPED:
        expression = func.replace(expression, mark, "")
    for mark in SEPARATORS:
        expression = func.replace(expression, mark, " ")
    return literal(" ") + expression


SEARCHED = (Activity.title, Activity.say, Activity.why, Activity.steps_text, Activity.materials)


def word_conditions(q: str) -> list:
    """Each word of the query must start a word in one of the card's texts."""
    return [
        or_(*(folded(column).like(f"% {escape_like(word)}%", escape="\\") for column in SEARCHED))
        for word in fold_words(q)[:8]
    ]


def suits_conditions(ages: Sequence[int], family) -> list:
    """Cards for at least one of these children that the family can do (`family` is the planner's
    profile: only what they said they lack is left out; "siblings" needs two children in ages)."""
    if not ages:
        return []
    fits = [and_(Activity.age_min <= age, Activity.age_max >= age) for age in ages]
    conditions = [or_(*fits)]
    padded = "," + Activity.needs + ","
    for need in NEEDS:
        if need == "siblings":
            in_range = sum(case((fit, 1), else_=0) for fit in fits)
            conditions.append(or_(~padded.like("%,siblings,%"), in_range >= 2))
        elif family.lacks(need):
            conditions.append(~padded.like(f"%,{need},%"))
    return conditions


def visible_cards(household_id: int | None):
    """Library cards in use, plus the household's own (unarchived) cards when logged in."""
    owner = Activity.household_id.is_(None)
    if household_id is not None:
        owner = owner | (Activity.household_id == household_id)
    return Activity.retired.is_(False), Activity.archived.is_(False), owner


def filter_conditions(filters: Filters, household_id: int | None) -> list:
    conditions = list(visible_cards(household_id))
    if filters.practice:
        conditions.append(Activity.practice == filters.practice)
    if filters.age is not None:
        conditions += [Activity.age_min <= filters.age, Activity.age_max >= filters.age]
    if filters.minutes is not None:
        conditions.append(Activity.minutes <= filters.minutes)
    if filters.setting:
        conditions.append(Activity.setting == filters.setting)
    if filters.who:
        conditions.append(Activity.who == filters.who)
    if filters.kind:
        conditions.append(Activity.kind == filters.kind)
    if filters.needs == NO_NEEDS:
        conditions.append(Activity.needs == "")
    elif filters.needs:
        # needs is stored comma-separated in vocabulary order; match the whole word.
        padded = "," + Activity.needs + ","
        conditions.append(padded.like(f"%,{filters.needs},%"))
    conditions += word_conditions(filters.q)
    return conditions


MINUTE_CHOICES = MINUTES
