"""Password rules (ASVS L1: 8+ characters, 64+ allowed, common passwords refused) and hashing.

scrypt is deliberately slow and memory-hungry, so a flood of password checks could starve a worker:
at most `PASSWORD_HASH_CONCURRENCY` hashes run at once per worker process, and a check that cannot
get a slot within a few seconds is refused (`HashingBusy`, a 503) instead of queueing forever.
"""

import threading
from contextlib import contextmanager
from functools import cache
from importlib import resources

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 8
MAX_LENGTH = 128


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list of the most common passwords, lower-cased."""
    text = resources.files("planner").joinpath("data/common-passwords.txt").read_text()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_problem(password: str) -> str | None:
    """Why `password` is not acceptable, in words for the form, or None if it is fine."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    if password.lower() in common_passwords():
        return "That password is one of the most common ones; please choose another."
    return None


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
