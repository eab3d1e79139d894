"""Reminders: the outbox, its senders, the digest, nudges, follow-ups, channels and one-tap links."""
