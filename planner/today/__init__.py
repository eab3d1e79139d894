"""Today: the page a parent opens on a phone each evening (what to do today, one tap to tick)."""
