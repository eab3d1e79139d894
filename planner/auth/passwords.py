"""Password rules (ASVS L1: 8+ characters, 64+ allowed, common passwords refused) and hashing."""

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


def hash_password(password: str) -> str:
    """Hash with werkzeug's scrypt by default (config PASSWORD_HASH_METHOD)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def verify_password(password_hash: str, password: str) -> bool:
    """Constant-time check of `password` against the stored hash."""
    return check_password_hash(password_hash, password)


# A hash of a random string, checked when the email is unknown so both paths take the same time.
DUMMY_HASH = generate_password_hash("no-such-user-placeholder", method="scrypt")
