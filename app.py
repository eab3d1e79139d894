"""Entry point: `flask --app app run`, `gunicorn app:app` and `flask db upgrade` find the app here."""

from planner import create_app

app = create_app()
