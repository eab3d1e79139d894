"""Cross-cutting web behaviour: request helpers, error pages in the layout, security headers."""

import logging
from datetime import date
from urllib.parse import urlsplit

from flask import Flask, abort, render_template, request
from flask_babel import get_translations, gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from jinja2 import pass_context
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

log = logging.getLogger("planner")


def safe_next(target: str | None) -> str | None:
    """Return `target` only if it is a path on this site (no scheme, host or `//`), else None."""
    if not target or len(target) > 500:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    return target


def wants_json() -> bool:
    """True when the request asks for JSON first (the small scripts do)."""
    return request.accept_mimetypes.best == "application/json"


def require_valid(form) -> None:
    """:raise 400: when a button's form (CSRF included) does not validate."""
    if not form.validate_on_submit():
        abort(400)


def week_start_or_404(day_text: str) -> date:
    """The start of the current family's week holding `day_text` (YYYY-MM-DD).

    :raise 404: for a malformed or impossible date.
    """
    from flask_login import current_user

    from .dates import parse_iso_date, week_start_for

    day = parse_iso_date(day_text)
    if day is None:
        abort(404)
    return week_start_for(day, current_user.household.week_starts_on)


ERROR_TEXT = {
    400: (
        _l("Something in that request wasn't right"),
        _l("Please go back, check what you entered and try again."),
    ),
    403: (_l("That isn't yours to change"), _l("Only the household owner can do that.")),
    404: (_l("We couldn't find that page"), _l("The link may be old, or the page may have moved.")),
    405: (_l("That action isn't allowed here"), _l("Please use the buttons on the page instead.")),
    413: (_l("That file is too big"), _l("Please choose a smaller file.")),
    429: (_l("Too many tries"), _l("Please wait a few minutes and try again.")),
    503: (_l("Saving is paused"), _l("Please try again in a moment; nothing you saved is lost.")),
    500: (
        _l("Something went wrong on our side"),
        _l("It has been logged. Your saved plans are safe; please try again."),
    ),
}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
)


def render_error(code: int, message: str | None = None, title: str | None = None):
    """Render the friendly error page for `code` inside the base layout."""
    default_title, hint = ERROR_TEXT.get(code, ERROR_TEXT[500])
    # str(): a lazily translated text would otherwise reach the page unescaped.
    return render_template(
        "errors/error.html", code=code, title=str(title or default_title), hint=str(message or hint)
    ), code


def register_errorhandlers(app: Flask) -> None:
    """Every error gets a page in the app's layout; a 500 is logged, never shown as a traceback."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        log.warning("CSRF refused endpoint=%s reason=%s", request.endpoint, error.description)
        return render_error(
            400,
            gettext(
                "This form was out of date or incomplete. Please reload the page and try again."
            ),
        )

    from .auth.passwords import HashingBusy

    @app.errorhandler(HashingBusy)
    def hashing_busy(error):
        log.warning("password hashing busy on %s", request.endpoint)
        page, code = render_error(
            503,
            gettext("Too many people are logging in at once. Please try again."),
            title=gettext("Together is busy"),
        )
        return page, code, {"Retry-After": "5"}

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        response = render_error(error.code, getattr(error, "page_message", None))
        if error.code == 405 and error.valid_methods:
            return response[0], 405, {"Allow": ", ".join(error.valid_methods)}
        return response

    from .faults import register_fault_handlers

    register_fault_handlers(app)

    @app.errorhandler(Exception)
    def unhandled_error(error):
        log.exception("unhandled error on %s %s", request.method, request.endpoint)
        return render_error(500)


def register_request_hooks(app: Flask) -> None:
    """The idle timeout before each request; security headers on every response."""
    from .auth.sessions import idle_check

    app.before_request(idle_check)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if app.config.get("HSTS"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        if response.mimetype == "text/html" and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-cache, private"
        return response


def newstyle_gettext(translate):
    """Jinja's newstyle `gettext` around `translate`: autoescaped text is Markup and is always
    %-formatted (so "%%" shows as "%"), values escaped."""

    @pass_context
    def gettext(__context, __string: str, **variables):
        text = translate(__string)
        if __context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return gettext


def newstyle_ngettext(translate):
    """Jinja's newstyle `ngettext` around `translate` (`num` is given to the text by default)."""

    @pass_context
    def ngettext(__context, __singular: str, __plural: str, __num: int, **variables):
        variables.setdefault("num", __num)
        text = translate(__singular, __plural, __num)
        if __context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return ngettext


NAV = (
    # (endpoint, label, needs login)
    ("weeks.this_week", _l("This week"), True),
    ("family.profile", _l("Family"), True),
    ("progress.overview", _l("Progress"), True),
    ("reminders.settings", _l("Reminders"), True),
    ("library.index", _l("Activities"), False),
    ("practices.index", _l("Practices"), False),
    ("members.show", _l("Household"), True),
    ("auth.account", _l("Account"), True),
    ("auth.login", _l("Log in"), None),
    ("auth.register", _l("Register"), None),
)


def register_template_helpers(app: Flask) -> None:
    """`nav_items()` lists the pages for this visitor; `static_url()` fingerprints assets;
    templates' `url_for` fills in patterns (`url_patterns`) instead of walking the URL map."""
    import hashlib
    from functools import cache
    from pathlib import Path

    from flask import url_for
    from flask_login import current_user

    @cache
    def fingerprint(filename: str) -> str:
        path = Path(app.static_folder) / filename
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]

    static_urls: dict[tuple[str, str], str] = {}

    def static_url(filename: str) -> str:
        """The asset's address with its fingerprint, built once per file (every page asks for
        the same handful)."""
        key = (request.script_root, filename)
        address = static_urls.get(key)
        if address is None:
            address = static_urls[key] = url_for(
                "static", filename=filename, v=fingerprint(filename)
            )
        return address

    def nav_items():
        logged_in = current_user.is_authenticated
        for endpoint, label, needs_login in NAV:
            if needs_login is None and logged_in:
                continue
            if needs_login and not logged_in:
                continue
            yield endpoint, str(label)

    from .practices import PRACTICES, SOURCE_ESSAY
    from .url_patterns import fast_url_for

    def card_url(slug: str, **kwargs) -> str:
        """The address of an activity card page."""
        return fast_url_for("library.card", slug=slug, **kwargs)

    app.jinja_env.globals.update(
        url_for=fast_url_for,
        static_url=static_url,
        nav_items=nav_items,
        practices=PRACTICES,
        card_url=card_url,
        source_essay=SOURCE_ESSAY,
    )

    @app.context_processor
    def catalogue_once_per_render():
        """`_()`, `{% trans %}` and `ngettext` with the catalogue looked up once per render.

        Through Flask-Babel's callables every call found the catalogue again (nine context
        lookups), about sixty times on a week page. The context's `gettext` and `ngettext` win
        over the environment's, and behave as Jinja's newstyle ones do (see `jinja2.ext`).
        """
        translations = get_translations()
        return {
            "gettext": newstyle_gettext(translations.ugettext),
            "ngettext": newstyle_ngettext(translations.ungettext),
        }

    @app.after_request
    def cache_fingerprinted_static(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.cache_control.public = True
            response.cache_control.max_age = 31536000
            response.cache_control.immutable = True
        return response
