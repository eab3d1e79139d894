"""The household's secret addresses, the calendar feed and the family display link, are renewed
whenever an adult leaves it (removed, or deleting their account): they may have copied them.

When the owner made the adult leave, the new addresses are put in the owner's session to be shown
once. When the adult left by themselves, nobody sees the new ones, so the household remembers when
(`Household.addresses_renewed_at`) and the members and family pages tell the owner until they
dismiss it. Both tokens are stored only as SHA-256 hashes. Nothing here commits.
"""

from __future__ import annotations

from .calendar_feed import feeds
from .clock import now_utc
from .display import links
from .models import Household, User

FEED, DISPLAY = "feed", "display"


def renew_after_leaving(household: Household, owner_here: User | None) -> list[str]:
    """Give every address that is on a new token; which were renewed (FEED, DISPLAY).

    `owner_here`: the owner who removed the adult in this request (shown the new addresses), or
    None when the adult left by themselves.
    """
    renewed = []
    if household.calendar_token is not None:
        token = feeds.new_feed_token(household)
        if owner_here is not None:
            feeds.show_once(token)
        renewed.append(FEED)
    if links.link_of(household.id) is not None:
        token = links.new_link(household.id, owner_here.id if owner_here else None)
        if owner_here is not None:
            links.show_once(token)
        renewed.append(DISPLAY)
    if renewed:
        household.addresses_renewed_at = None if owner_here else now_utc()
    return renewed


def dismiss_notice(household: Household) -> None:
    """The owner has read that the addresses changed."""
    household.addresses_renewed_at = None
