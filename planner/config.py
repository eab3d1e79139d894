"""Configuration: safe defaults, overridden from the environment (see README "Configuration")."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

DEFAULT_ESSAY_URL = "https://www.anewhopetc.org/"


def env_flag(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def load_or_create_secret_key(instance_path: str) -> str:
    """Return the instance's secret key, generating it once so sessions survive restarts.

    The key lives in `instance/secret_key` (mode 600), never in the code. Several gunicorn workers
    may start at once, so the file is created exclusively and a loser of the race reads the winner's.
    """
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        key = secrets.token_urlsafe(48)
        handle.write(key)
    return key


def normalise_database_url(url: str) -> str:
    """Accept the `postgres://` and `postgresql://` forms hosting providers hand out; use psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def build_config(instance_path: str, secret_key: str | None = None) -> dict:
    """Collect the settings from the environment, with documented defaults."""
    database_url = os.environ.get("DATABASE_URL") or "sqlite:///" + os.path.join(
        instance_path, "together.sqlite3"
    )
    secure = env_flag("SESSION_COOKIE_SECURE")
    return {
        "SECRET_KEY": secret_key
        or os.environ.get("SECRET_KEY")
        or load_or_create_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        # A server database may drop idle connections, so check them on checkout; a local SQLite
        # file cannot, and the extra round trip would cost every request.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": not database_url.startswith("sqlite")},
        "ESSAY_URL": os.environ.get("ESSAY_URL") or DEFAULT_ESSAY_URL,
        # The time zone (IANA name) a new family starts in until they choose their own.
        "DEFAULT_TIMEZONE": os.environ.get("DEFAULT_TIMEZONE") or "UTC",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SECURE": secure,
        "SESSION_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # Over HTTPS the `__Host-` prefix makes browsers insist on Secure, Path=/ and no Domain,
        # so no other site (or subdomain) can set or shadow these cookies.
        "SESSION_COOKIE_NAME": ("__Host-" if secure else "") + "together_session",
        "REMEMBER_COOKIE_NAME": ("__Host-" if secure else "") + "remember_token",
        # A login lasts 14 days on the server (30 with "keep me logged in"), and ends sooner after
        # SESSION_IDLE_MINUTES without a request; logging out or changing the password ends it
        # on the server at once.
        "PERMANENT_SESSION_LIFETIME": timedelta(days=14),
        "REMEMBER_COOKIE_DURATION": timedelta(days=30),
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", str(3 * 24 * 60))),
        "HSTS": secure,
        "TRUST_PROXY": int(os.environ.get("TRUST_PROXY", "0") or 0),
        "LOGIN_MAX_FAILURES": int(os.environ.get("LOGIN_MAX_FAILURES", "5")),
        "LOGIN_WINDOW_MINUTES": int(os.environ.get("LOGIN_WINDOW_MINUTES", "60")),
        "LOGIN_MAX_DELAY_MINUTES": int(os.environ.get("LOGIN_MAX_DELAY_MINUTES", "15")),
        # Password hashes running at once per worker process (each scrypt takes ~50 ms of CPU and
        # 32 MB); a check waits at most PASSWORD_HASH_WAIT_SECONDS for a slot, then gets a 503.
        "PASSWORD_HASH_CONCURRENCY": int(os.environ.get("PASSWORD_HASH_CONCURRENCY", "2")),
        "PASSWORD_HASH_WAIT_SECONDS": float(os.environ.get("PASSWORD_HASH_WAIT_SECONDS", "5")),
        # werkzeug's scrypt (N=2**15, r=8, p=1): memory-hard, the current werkzeug default.
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", "scrypt"),
        "WTF_CSRF_TIME_LIMIT": None,
        "SEND_FILE_MAX_AGE_DEFAULT": timedelta(hours=1),
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        # Rendered pages are kept per worker until the household's data changes; switching it
        # off costs speed only (the benchmark's --uncached run measures pages built every time).
        "PAGE_CACHE": env_flag("PAGE_CACHE", default=True),
        # How often each worker looks for library changes made by `flask library sync`.
        "LIBRARY_CHECK_SECONDS": float(os.environ.get("LIBRARY_CHECK_SECONDS", "5") or 5),
    }
