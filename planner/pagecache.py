"""Rendered pages, kept while the household's data is unchanged and shared by every worker.

A week or progress page is the same HTML until something in the household changes (every change
bumps `Household.data_version`, see `models.bump_household_versions`), the day changes, or the
viewer's session changes (forms carry the session's CSRF token). Serving it from the cache skips
the queries and the template; the same key is the page's ETag, so browsers get a 304 for an
unchanged page. The store is shared (files in the instance folder, or Redis with `CACHE_URL`; see
`pagecache_store`), so after a write the page is built once for the whole server: the first worker
to miss builds it while the others wait a moment for it instead of building it too.

Only the query parameters a page reads make keys (`QUERY_PARAMS`, or `params=` on the decorator):
`?utm_source=...` or a cache-busting `?x=1` gets the same cached page, not a new entry.

Library cards change in another process (`flask library sync` while the server runs), so each
worker re-reads a stamp of the shared library from the database every few seconds
(`LIBRARY_CHECK_SECONDS`, default 5) and a changed stamp changes every key.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from flask import current_app, g, make_response, request, session

from . import clock
from . import pagecache_store as store
from .auth.sessions import live_session
from .extensions import db
from .i18n import locale_key
from .signals import shared_cards_changed

# The query parameters each cached page reads; any other parameter is left out of its key.
# A view can name its own with `cached_page(params=...)` instead.
QUERY_PARAMS = {
    "progress.overview": ("range",),
    "library.index": (
        "practice",
        "age",
        "minutes",
        "page",
        "setting",
        "who",
        "kind",
        "needs",
        "q",
        "fit",
    ),
}
_library_stamp: tuple[float, str] | None = None  # (when it was read, what it said)


@dataclass(frozen=True)
class PageKey:
    """A request's cache key, whose pages it is (a viewer, or "public") and the generation of
    that viewer's data the key was made for, so the store can drop the viewer's older pages."""

    key: str
    owner: str
    generation: tuple


def library_changed() -> None:
    """Library cards changed in this process (sync, tests): read the library stamp again, so
    every key moves on once the change is committed."""
    global _library_stamp
    _library_stamp = None
    store.memory.clear()


@shared_cards_changed.connect
def _on_shared_cards_changed(_sender=None, **_extra) -> None:
    library_changed()


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
            store.memory.clear()  # every key changes; free the memory the old pages held
        _library_stamp = (now, stamp)
    return _library_stamp[1]


def quarter_hour() -> str:
    """The current quarter hour (UTC): every zone's day turns over on one, so a page naming
    "today" is rebuilt when the family's day changes, whatever their time zone."""
    now = clock.now_utc()
    return f"{now:%Y-%m-%dT%H}:{now.minute // 15}"


def known_params(params: tuple[str, ...] | None) -> str:
    """The query string the page can see: its own parameters only, in a fixed order, encoded (so
    `q=a%26b%3Dc` is not read as `q=a&b=c`, another page's key)."""
    names = params if params is not None else QUERY_PARAMS.get(request.endpoint or "", ())
    return urlencode(
        [(name, value) for name in sorted(names) for value in request.args.getlist(name)]
    )


def page_key(login_required: bool, params: tuple[str, ...] | None = None) -> PageKey | None:
    """The cache key for this request, or None when the page must be rendered fresh.

    The viewer is identified by a light lookup of the session token (the same check the user
    loader makes), so a cache hit needs no ORM objects; an ended session never matches.
    """
    if request.method != "GET" or "_flashes" in session:
        return None
    quarter, stamp = quarter_hour(), library_stamp()
    parts = [request.path, known_params(params), quarter, current_app.config["SECRET_KEY"], stamp]
    parts.append(locale_key())  # the same page in another language is another page
    viewer = live_session(session.get("_user_id"))
    if viewer is not None:
        parts += [
            str(viewer.user_id),
            session["_user_id"],
            str(viewer.data_version),
            viewer.language,
            session.get("csrf_token", ""),
        ]
        owner, generation = f"u{viewer.user_id}", (viewer.data_version, quarter, stamp)
    elif (
        login_required
        or session.get("_user_id")
        or request.cookies.get(current_app.config["REMEMBER_COOKIE_NAME"])
    ):
        return None  # let Flask-Login decide (log-in page, remember-me cookie, ended session)
    else:
        owner, generation = "public", (0, quarter, stamp)
    key = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return PageKey(key, owner, generation)


def clear() -> None:
    """Forget every cached page and the library stamp (tests switch databases)."""
    global _library_stamp
    store.clear()
    _library_stamp = None


def build(view, page: PageKey, args, kwargs):
    """Render the page and keep it if it can be shared: a 200 with no one-off message."""
    response = make_response(view(*args, **kwargs))
    if (
        response.status_code == 200
        and not response.direct_passthrough
        and "_flashes" not in session
    ):
        store.keep(page.key, page.owner, page.generation, response.get_data(), response.mimetype)
    return response


def cached_or_built(view, page: PageKey, args, kwargs):
    """The kept page, or the page built here, or the page another worker was building."""
    kept = store.fetch(page.key)
    how = "hit"
    if kept is None and store.claim(page.key):
        try:
            return answered(build(view, page, args, kwargs), "built")
        finally:
            store.release(page.key)
    if kept is None:
        kept, how = store.wait_for(page.key), "waited"
    if kept is None:
        return answered(build(view, page, args, kwargs), "built")
    body, mimetype = kept
    response = make_response(body)
    response.mimetype = mimetype
    return answered(response, how)


def answered(response, how: str):
    """Say how the page was served (hit, built, or waited for another worker's build), so the
    benchmark can count rebuilds after a write."""
    response.headers["X-Page-Cache"] = how
    return response


def cached_page(view=None, *, login_required: bool = False, params: tuple[str, ...] | None = None):
    """Serve the view's HTML from the cache while the household's data is unchanged.

    Put it above `login_required` (and pass login_required=True) so a hit skips loading the user.
    `params` names the query parameters the page reads (default: `QUERY_PARAMS`, else none).
    """
    if view is None:
        return lambda inner: cached_page(inner, login_required=login_required, params=params)

    @wraps(view)
    def wrapper(*args, **kwargs):
        if current_app.config.get("PAGE_CACHE") is False:
            return view(*args, **kwargs)
        page = page_key(login_required, params)
        if page is None:
            return view(*args, **kwargs)
        response = cached_or_built(view, page, args, kwargs)
        if response.status_code == 200:
            response.set_etag(page.key)
            response.headers["Cache-Control"] = "private, no-cache"
            g.page_etag = f'"{page.key}"'
            return response.make_conditional(request)
        return response

    return wrapper
