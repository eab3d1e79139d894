"""The week's focus: one theme of one practice, rotating so a season touches every theme.

Pure (standard library only) so the planner can use it. Each theme says what the family does
with it, a one-line reason to do it this week, and a few words that mark the cards that fit it
(matched against card slugs, so the library needs no extra field).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PRACTICES = ("ask-for-help", "teamwork", "connection")


def N_(text: str) -> str:
    """Mark a theme's words for the translators' catalogue; pages show them with gettext."""
    return text


@dataclass(frozen=True)
class Theme:
    """A weekly focus: the grown-up models it, the family practises it, everyone watches for it."""

    code: str
    practice: str
    title: str
    why: str
    keywords: tuple[str, ...]
    pattern: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        words = "|".join(re.escape(word) for word in self.keywords)
        object.__setattr__(self, "pattern", re.compile(words))

    def fits(self, slug: str) -> bool:
        """Whether a card (by its slug) belongs to this theme."""
        return self.pattern.search(slug) is not None


THEMES: tuple[Theme, ...] = (
    Theme(
        "lets-ask",
        "ask-for-help",
        N_("“I don't know — let's ask”"),
        N_("Children learn that not knowing is normal when they see a grown-up go and find out."),
        ("question", "find-out", "dont-know", "look-it-up", "directions", "ask-a-", "ask-staff"),
    ),
    Theme(
        "real-help",
        "ask-for-help",
        N_("Ask for real help"),
        N_("Asking for help with something you truly need shows it is a strength, not a failure."),
        ("stuck", "lend", "borrow", "fix", "reach", "carry"),
    ),
    Theme(
        "say-thanks",
        "ask-for-help",
        N_("Thank the helpers"),
        N_("Noticing who helped us makes asking the next time feel easier."),
        ("thank", "helper", "neighbour", "neighbor"),
    ),
    Theme(
        "ask-early",
        "ask-for-help",
        N_("Ask before it gets too hard"),
        N_("Asking early keeps small problems small and big feelings smaller."),
        ("early", "hard", "tricky", "worry", "feel"),
    ),
    Theme(
        "one-goal",
        "teamwork",
        N_("One goal, all of us"),
        N_("Working toward one shared result shows everyone's part counts."),
        ("build", "together", "shared", "goal"),
    ),
    Theme(
        "take-turns",
        "teamwork",
        N_("Take turns, share the jobs"),
        N_("Sharing jobs fairly helps children trust that effort is noticed."),
        ("turn", "job", "chore", "share", "tidy"),
    ),
    Theme(
        "cook-together",
        "teamwork",
        N_("Make something together"),
        N_("Making food or things side by side turns a chore into time together."),
        ("cook", "bake", "meal", "make", "recipe", "garden"),
    ),
    Theme(
        "no-winners",
        "teamwork",
        N_("Play where everyone wins"),
        N_("Games won together take the sting out of losing and the edge off winning."),
        ("game", "play", "puzzle", "co-op", "coop"),
    ),
    Theme(
        "really-listen",
        "connection",
        N_("Really listen"),
        N_("Being heard without advice is what makes children come back to talk."),
        ("listen", "talk", "chat", "story", "tell"),
    ),
    Theme(
        "small-rituals",
        "connection",
        N_("Small daily rituals"),
        N_("A few minutes every day, the same way, tells a child they can count on you."),
        ("ritual", "goodnight", "bedtime", "morning", "daily", "check-in"),
    ),
    Theme(
        "name-feelings",
        "connection",
        N_("Name the feeling"),
        N_("Putting a name to a feeling helps children settle it and feel understood."),
        ("feel", "feeling", "calm", "hug", "worry"),
    ),
    Theme(
        "our-people",
        "connection",
        N_("Our people"),
        N_("Remembering the people who care about us shows we are never on our own."),
        ("family", "friend", "grand", "call", "letter", "photo"),
    ),
)

BY_PRACTICE: dict[str, tuple[Theme, ...]] = {
    practice: tuple(theme for theme in THEMES if theme.practice == practice)
    for practice in PRACTICES
}
BY_CODE: dict[str, Theme] = {theme.code: theme for theme in THEMES}


def focus_for(week_number: int) -> Theme:
    """This week's theme: the practice rotates every week, its theme every third week.

    With three practices of four themes each, every theme comes round once in twelve weeks,
    so a season (thirteen weeks) sees them all.
    """
    practice = PRACTICES[week_number % len(PRACTICES)]
    themes = BY_PRACTICE[practice]
    return themes[(week_number // len(PRACTICES)) % len(themes)]
