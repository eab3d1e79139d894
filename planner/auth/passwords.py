"""Password rules (ASVS L1: 8+ characters, 64+ allowed, common passwords refused) and hashing.

scrypt is deliberately slow and memory-hungry, so a flood of password checks could starve a worker:
at most `PASSWORD_HASH_CONCURRENCY` hashes run at once per worker process, and a check that cannot
get a slot within a few seconds is refused (`HashingBusy`, a 503) instead of queueing forever.
"""

import re
import threading
from contextlib import contextmanager
from functools import cache
from importlib import resources

from flask import current_app
from flask_babel import gettext
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 8
MAX_LENGTH = 128
# zxcvbn's score 0-4; 2 means at least a million guesses (no top-10,000 password gets there).
MIN_SCORE = 2
# zxcvbn refuses more than 72 characters (its time grows with length): the first 72 decide.
ZXCVBN_MAX = 72


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list of the most common passwords, lower-cased."""
    text = resources.files("planner").joinpath("data/common-passwords.txt").read_text()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def personal_words(user_inputs) -> list[str]:
    """The user's email and names, whole and in pieces ("sam.okafor@x.org" gives "sam", "okafor")."""
    words = set()
    for value in user_inputs:
        if not value:
            continue
        value = str(value).lower()
        words.add(value)
        words.add(value.split("@")[0])
        pieces = [piece for piece in re.split(r"[^\w]+|_", value.split("@")[0]) if piece]
        words.update(piece for piece in pieces if len(piece) >= 3)
        words.add("".join(pieces))  # "Ivy Marsh" and "ivy.marsh" also as "ivymarsh"
    return sorted(words)


# Look-alike characters read as the letters they stand for when finding personal words ("0kaf0r").
LOOK_ALIKES = (
    str.maketrans("013457@$!", "oieastasi"),
    str.maketrans("013457@$!", "oleastasl"),
)
MIN_PIECE = 3


def personal_positions(password: str, words) -> set[int]:
    """The positions of `password` covered by the user's own words (3+ letters, any case,
    look-alike digits read as letters)."""
    lowered = password.lower()
    readings = [lowered, *(lowered.translate(table) for table in LOOK_ALIKES)]
    covered = set()
    for word in words:
        if len(word) < MIN_PIECE:
            continue
        for reading in readings:
            start = reading.find(word)
            while start != -1:
                covered.update(range(start, start + len(word)))
                start = reading.find(word, start + 1)
    return covered


def built_from_own_words(password: str, words) -> bool:
    """True when the user's own words make up most of the password: they cover half its
    characters or more, or all that is left beside them is digits, punctuation and spaces
    ("Okafor2026!", "TheOkaforLee", "lee.okafor.26")."""
    covered = personal_positions(password, words)
    if not covered:
        return False
    rest = [char for index, char in enumerate(password) if index not in covered]
    return 2 * len(covered) >= len(password) or not any(char.isalpha() for char in rest)


def password_problem(password: str, user_inputs=()) -> str | None:
    """Why `password` is not acceptable, in words for the form, or None if it is fine.

    Beyond length, zxcvbn (Dropbox's estimator) judges it: it knows the common passwords (its
    lists hold far more than the 10,000 most common), keyboard walks, dates and l33t spellings,
    and is given the user's own email and names, so "sam.okafor2026" is seen through. A password
    mostly made of those words is refused whatever its score (`built_from_own_words`): zxcvbn
    rates "Samokafor#2024" well, not knowing that an attacker starts from the family's names.
    """
    if len(password) < MIN_LENGTH:
        return gettext("Use at least %(num)d characters.", num=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return gettext("Use at most %(num)d characters.", num=MAX_LENGTH)
    if password.lower() in common_passwords():
        return gettext("That password is one of the most common ones; please choose another.")
    words = personal_words(user_inputs)
    if built_from_own_words(password, words):
        return gettext("That password is built from your own email or name; please choose another.")
    from zxcvbn import zxcvbn  # its word lists take a while to load: only when a password is set

    result = zxcvbn(password[:ZXCVBN_MAX], user_inputs=words)
    if result["score"] >= MIN_SCORE:
        return None
    matches = result["sequence"]
    lowered = password.lower()
    if any(match.get("dictionary_name") == "user_inputs" for match in matches) or any(
        len(word) >= 3 and word in lowered for word in words
    ):
        return gettext("That password is built from your own email or name; please choose another.")
    if any(match.get("dictionary_name") == "passwords" for match in matches):
        return gettext(
            "That password is too close to one of the most common ones; please choose another."
        )
    return gettext("That password is too easy to guess; a short sentence of your own works well.")


class HashingBusy(Exception):
    """Every hashing slot of this worker stayed taken for too long."""


_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def slots(size: int) -> threading.BoundedSemaphore:
    """This process's semaphore of `size` hashing slots (one per configured size)."""
    with _slots_lock:
        if size not in _slots:
            _slots[size] = threading.BoundedSemaphore(size)
        return _slots[size]


@contextmanager
def hashing_slot():
    """Hold one of the worker's hashing slots. :raise HashingBusy: if none frees up in time."""
    semaphore = slots(current_app.config["PASSWORD_HASH_CONCURRENCY"])
    if not semaphore.acquire(timeout=current_app.config["PASSWORD_HASH_WAIT_SECONDS"]):
        raise HashingBusy()
    try:
        yield
    finally:
        semaphore.release()


def hash_password(password: str) -> str:
    """Hash with werkzeug's scrypt by default (config PASSWORD_HASH_METHOD)."""
    with hashing_slot():
        return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str, password: str) -> bool:
    """Constant-time check of `password` against the stored hash."""
    with hashing_slot():
        return check_password_hash(password_hash, password)


# A hash of a random string, checked when the email is unknown so both paths take the same time.
DUMMY_HASH = generate_password_hash("no-such-user-placeholder", method="scrypt")
