"""A small per-process cache of rendered pages, keyed by the household's data version.

A week or progress page is the same HTML until something in the household changes (every change
bumps `Household.data_version`), the day changes, or the viewer's session changes (forms carry the
session's CSRF token). Serving it from memory skips the queries and the template; the same key is
the page's ETag, so browsers get a 304 for an unchanged page.

Library cards change in another process (`flask library sync` while the server runs), so each
worker re-reads a stamp of the shared library from the database every few seconds
(`LIBRARY_CHECK_SECONDS`, default 5) and a changed stamp changes every key.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from functools import wraps

from flask import current_app, g, make_response, request, session

from . import clock
from .auth.sessions import live_session
from .extensions import db
from .i18n import locale_key

MAX_PAGES = 512
_pages: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
_library_changes = 0
_library_stamp: tuple[float, str] | None = None  # (when it was read, what it said)


def library_changed() -> None:
    """Library cards changed in this process (sync, tests): drop pages that show them."""
    global _library_changes
    _library_changes += 1
    _pages.clear()


def library_stamp() -> str:
    """How many shared cards there are and when the last one changed, re-read every few seconds.

    Cheap enough to run on the way to a cache hit, and rarely: a sync in another process shows up
    within `LIBRARY_CHECK_SECONDS` without restarting the workers.
    """
    global _library_stamp
    from .models import Activity

    now = time.monotonic()
    interval = current_app.config.get("LIBRARY_CHECK_SECONDS", 5)
    if _library_stamp is None or now - _library_stamp[0] >= interval:
        count, latest = db.session.execute(
            db.select(db.func.count(Activity.id), db.func.max(Activity.updated_at)).where(
                Activity.household_id.is_(None)
            )
        ).one()
        stamp = f"{count}/{latest}"
        if _library_stamp is not None and stamp != _library_stamp[1]:
            _pages.clear()  # every key changes; free the memory the old pages held
        _library_stamp = (now, stamp)
    return _library_stamp[1]


def quarter_hour() -> str:
    """The current quarter hour (UTC): every zone's day turns over on one, so a page naming
    "today" is rebuilt when the family's day changes, whatever their time zone."""
    now = clock.now_utc()
    return f"{now:%Y-%m-%dT%H}:{now.minute // 15}"


def page_key(login_required: bool) -> str | None:
    """The cache key for this request, or None when the page must be rendered fresh.

    The viewer is identified by a light lookup of the session token (the same check the user
    loader makes), so a cache hit needs no ORM objects; an ended session never matches.
    """
    if request.method != "GET" or "_flashes" in session:
        return None
    parts = [
        request.full_path,
        quarter_hour(),
        current_app.config["SECRET_KEY"],
        str(_library_changes),
        library_stamp(),
        locale_key(),  # the same page in another language is another page
    ]
    viewer = live_session(session.get("_user_id"))
    if viewer is not None:
        token = session["_user_id"]
        parts += [
            str(viewer.user_id),
            token,
            str(viewer.data_version),
            viewer.language,
            session.get("csrf_token", ""),
        ]
    elif (
        login_required
        or session.get("_user_id")
        or request.cookies.get(current_app.config["REMEMBER_COOKIE_NAME"])
    ):
        return None  # let Flask-Login decide (log-in page, remember-me cookie, ended session)
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def remember(key: str, body: bytes, mimetype: str) -> None:
    _pages[key] = (body, mimetype)
    _pages.move_to_end(key)
    while len(_pages) > MAX_PAGES:
        _pages.popitem(last=False)


def clear() -> None:
    """Forget every cached page and the library stamp (tests switch databases)."""
    global _library_stamp
    _pages.clear()
    _library_stamp = None


def cached_page(view=None, *, login_required: bool = False):
    """Serve the view's HTML from the cache while the household's data is unchanged.

    Put it above `login_required` (and pass login_required=True) so a hit skips loading the user.
    """
    if view is None:
        return lambda inner: cached_page(inner, login_required=login_required)

    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_app.config.get("PAGE_CACHE") is False:
            return view(*args, **kwargs)
        key = page_key(login_required)
        if key is None:
            return view(*args, **kwargs)
        etag = f'"{key}"'
        if key in _pages:
            body, mimetype = _pages[key]
            _pages.move_to_end(key)
            response = make_response(body)
            response.mimetype = mimetype
        else:
            response = make_response(view(*args, **kwargs))
            if (
                response.status_code == 200
                and not response.direct_passthrough
                and "_flashes" not in session
                and page_key(login_required) == key  # nothing changed while rendering
            ):
                remember(key, response.get_data(), response.mimetype)
        if response.status_code == 200:
            response.set_etag(key)
            response.headers["Cache-Control"] = "private, no-cache"
            g.page_etag = etag
            return response.make_conditional(request)
        return response

    return wrapper
