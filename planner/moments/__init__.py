"""Moments: things that happened outside the plan, logged quickly and counted in progress."""
