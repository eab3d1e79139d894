"""Weeks as iCalendar files: a one-off download and a private subscription feed."""
