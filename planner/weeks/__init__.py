"""The week: planning, shaping and ticking off a household's activities."""
