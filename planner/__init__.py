"""Together: the application factory."""

import logging
import os

from flask import Flask
from werkzeug.routing import IntegerConverter

from .config import build_config


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` limited to what an INTEGER column can hold (PostgreSQL errors beyond it)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, error handlers, security headers, commands."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH") or os.path.join(root, "instance"),
        instance_relative_config=True,
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
    )
    from .filemodes import private_instance

    private_instance(app.instance_path)  # 0700, and the secret key 0600
    # Ids are 32-bit integers in the database: a larger number in a URL is simply not found.
    app.url_map.converters["int"] = DatabaseIdConverter
    app.config.update(build_config(app.instance_path, (test_config or {}).get("SECRET_KEY")))
    if test_config:
        app.config.update(test_config)

    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    from .compression import register_compression
    from .requestguard import register_request_guard
    from .web import register_errorhandlers, register_request_hooks, register_template_helpers

    register_errorhandlers(app)
    register_request_guard(app)
    register_request_hooks(app)
    register_template_helpers(app)
    register_compression(app)
    register_commands(app)
    return app


def configure_logging(app: Flask) -> None:
    """Log to stderr (gunicorn collects it); security events go through the `planner` logger.

    Every record is escaped and masked (see `logsafe`).
    """
    from .logsafe import install

    install()
    if not app.debug and not app.testing:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s"
        )


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    from . import (
        auth,  # noqa: F401  (registers the user loader)
        i18n,
    )
    from .extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
        render_as_batch=True,
    )
    login_manager.login_view = "auth.login"
    login_manager.login_message = i18n.lazy_gettext("Please log in to see that page.")
    login_manager.login_message_category = "info"
    if app.config.get("TRUST_PROXY"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUST_PROXY"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_blueprints(app: Flask) -> None:
    """One blueprint per area."""
    from .auth.views import bp as auth_bp
    from .calendar_feed.views import bp as calendar_bp
    from .display.views import bp as display_bp
    from .family.members import bp as members_bp
    from .family.views import bp as family_bp
    from .family.your_family import bp as your_family_bp
    from .health import bp as health_bp
    from .library.views import bp as library_bp
    from .main.pwa import bp as pwa_bp
    from .main.views import bp as main_bp
    from .moments.views import bp as moments_bp
    from .portability.views import bp as portability_bp
    from .practices_views import bp as practices_bp
    from .printing.views import bp as printing_bp
    from .progress.views import bp as progress_bp
    from .reminders.account_views import bp as mail_account_bp
    from .reminders.views import bp as reminders_bp
    from .today.views import bp as today_bp
    from .weeks.views import bp as weeks_bp

    for blueprint in (
        main_bp,
        pwa_bp,
        today_bp,
        display_bp,
        auth_bp,
        family_bp,
        members_bp,
        your_family_bp,
        weeks_bp,
        printing_bp,
        calendar_bp,
        library_bp,
        practices_bp,
        progress_bp,
        moments_bp,
        portability_bp,
        health_bp,
        reminders_bp,
        mail_account_bp,
    ):
        app.register_blueprint(blueprint)


def register_commands(app: Flask) -> None:
    """`flask users ...` and friends."""
    from .cli import register
    from .reminders.cli import reminders

    register(app)
    app.cli.add_command(reminders)
