"""The activity library: cards kept as TOML in `cards/`, validated on load, synced into the database."""
