"""The models know nothing of the page cache: it listens for their changes (planner/signals.py)."""

import subprocess
import sys


def test_the_models_import_neither_the_cache_nor_the_sessions():
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, planner.models; print(sorted(sys.modules))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "'planner.models'" in loaded
    assert "'planner.pagecache'" not in loaded
    assert "'planner.auth.sessions'" not in loaded


def test_a_change_to_a_shared_card_reaches_the_page_cache(app):
    from planner import pagecache
    from planner.extensions import db
    from tests.helpers import make_activities

    with app.app_context():
        pagecache.library_stamp()
        assert pagecache._library_stamp is not None
        make_activities(count=1)  # shared cards (no household): the flush sends the signal
        assert pagecache._library_stamp is None
        db.session.remove()
