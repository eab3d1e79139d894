"""Cross-cutting web behaviour: error pages in the layout and security headers."""

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger("planner")

ERROR_TEXT = {
    400: (
        "Something in that request wasn't right",
        "Please go back, check what you entered and try again.",
    ),
    403: ("That isn't yours to change", "Only the household owner can do that."),
    404: ("We couldn't find that page", "The link may be old, or the page may have moved."),
    405: ("That action isn't allowed here", "Please use the buttons on the page instead."),
    413: ("That file is too big", "Please choose a smaller file."),
    429: ("Too many tries", "Please wait a few minutes and try again."),
    500: (
        "Something went wrong on our side",
        "It has been logged. Your saved plans are safe; please try again.",
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


def render_error(code: int, message: str | None = None):
    """Render the friendly error page for `code` inside the base layout."""
    title, hint = ERROR_TEXT.get(code, ERROR_TEXT[500])
    return render_template("errors/error.html", code=code, title=title, hint=message or hint), code


def register_errorhandlers(app: Flask) -> None:
    """Every error gets a page in the app's layout; a 500 is logged, never shown as a traceback."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        log.warning("CSRF refused path=%s reason=%s", request.path, error.description)
        return render_error(
            400, "This form was out of date or incomplete. Please reload the page and try again."
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        if error.code is None or error.code < 400:
            return error
        response = render_error(error.code, getattr(error, "page_message", None))
        if error.code == 405 and error.valid_methods:
            return response[0], 405, {"Allow": ", ".join(error.valid_methods)}
        return response

    @app.errorhandler(Exception)
    def unhandled_error(error):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(500)


def register_request_hooks(app: Flask) -> None:
    """Security headers on every response."""

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


NAV = (
    # (endpoint, label, needs login)
    ("weeks.this_week", "This week", True),
    ("family.profile", "Family", True),
    ("progress.overview", "Progress", True),
    ("reminders.settings", "Reminders", True),
    ("library.index", "Activities", False),
    ("practices.index", "Practices", False),
    ("auth.household", "Household", True),
    ("auth.account", "Account", True),
    ("auth.login", "Log in", None),
    ("auth.register", "Register", None),
)


def register_template_helpers(app: Flask) -> None:
    """`nav_items()` lists only pages that exist; `static_url()` fingerprints assets."""
    import hashlib
    from functools import cache
    from pathlib import Path

    from flask import url_for
    from flask_login import current_user

    @cache
    def fingerprint(filename: str) -> str:
        path = Path(app.static_folder) / filename
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]

    def static_url(filename: str) -> str:
        return url_for("static", filename=filename, v=fingerprint(filename))

    def nav_items():
        logged_in = current_user.is_authenticated
        for endpoint, label, needs_login in NAV:
            if endpoint not in app.view_functions:
                continue
            if needs_login is None and logged_in:
                continue
            if needs_login and not logged_in:
                continue
            yield endpoint, label

    def has_endpoint(endpoint: str) -> bool:
        return endpoint in app.view_functions

    from .practices import PRACTICES, SOURCE_ESSAY

    def card_url(slug: str, **kwargs) -> str:
        """The address of an activity card page."""
        return url_for("library.card", slug=slug, **kwargs)

    app.jinja_env.globals.update(
        static_url=static_url,
        nav_items=nav_items,
        has_endpoint=has_endpoint,
        practices=PRACTICES,
        card_url=card_url,
        source_essay=SOURCE_ESSAY,
    )

    @app.after_request
    def cache_fingerprinted_static(response):
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.cache_control.public = True
            response.cache_control.max_age = 31536000
            response.cache_control.immutable = True
        return response
