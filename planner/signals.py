"""Signals between areas that must not import each other.

The models announce that shared library cards changed; the page cache listens. The models never
import the cache (that made the cycle models → pagecache → auth.sessions → models).
"""

from blinker import Namespace

_signals = Namespace()

shared_cards_changed = _signals.signal("shared-cards-changed")
