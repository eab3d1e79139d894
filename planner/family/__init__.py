"""The family profile: children and plan settings."""
