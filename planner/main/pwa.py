"""The installable app: the web manifest and the service worker, served from the site's root.

The worker must live at /sw.js to control every page (scope "/"); its first line names the
current fingerprinted assets, so a new stylesheet or script makes a new worker and a fresh cache.
"""

import hashlib
import json
from functools import cache
from pathlib import Path

from flask import Blueprint, current_app, url_for
from flask_babel import gettext

from ..i18n import current_locale

bp = Blueprint("pwa", __name__)

# Assets every page needs offline; pages themselves are kept as they are visited.
PRECACHE_STATIC = (
    "css/main.css",
    "css/today.css",
    "js/offline.js",
    "js/queue.js",
    "js/today.js",
    "img/icons.svg",
    "img/favicon.svg",
    "img/icon-192.png",
)


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest (name, icons, colours, start at Today), its words in the visitor's
    language: the phone shows them when it offers to install Together."""
    data = json.loads(manifest_source(current_app.static_folder))
    data.update(
        name=gettext("Together: family weeks that teach children to lean on others"),
        description=gettext("A few short family activities a week, ticked off on your phone."),
        lang=current_locale(),
    )
    return (
        json.dumps(data, ensure_ascii=False, indent=2),
        200,
        {
            "Content-Type": "application/manifest+json",
            # The words follow the account, the switch (session) or the browser's language.
            "Cache-Control": "private, max-age=3600",
            "Vary": "Accept-Language, Cookie",
        },
    )


@cache
def manifest_source(static_folder: str) -> str:
    return Path(static_folder, "manifest.webmanifest").read_text(encoding="utf-8")


@cache
def worker_source(static_folder: str) -> str:
    return Path(static_folder, "js", "sw.js").read_text(encoding="utf-8")


@bp.get("/sw.js")
def service_worker():
    """The one service worker (offline pages, queued ticks, reminder pushes) at scope "/"."""
    app = current_app
    static_url = app.jinja_env.globals["static_url"]
    assets = [static_url(name) for name in PRECACHE_STATIC] + [url_for("main.offline")]
    source = worker_source(app.static_folder)
    version = hashlib.sha256((source + "".join(assets)).encode()).hexdigest()[:12]
    head = f"const VERSION = {json.dumps(version)};\nconst PRECACHE = {json.dumps(assets)};\n"
    return (
        head + source,
        200,
        {
            "Content-Type": "text/javascript; charset=utf-8",
            "Cache-Control": "no-cache",
            "Service-Worker-Allowed": "/",
        },
    )
