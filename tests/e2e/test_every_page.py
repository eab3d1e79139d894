"""Every page a family reaches, on a 360 px phone and a 1280 px screen, light and dark: no sideways
scrolling, every target at least 24×24 px and primary actions at least 44×44 px (WCAG 2.2), and
no axe violations (issue 17). Today, the week, More, the landing and offline pages and the family
display are checked the same way in test_phone.py."""

import pytest

from tests.e2e.test_phone import SCHEMES, SIZES, family, open_page, problems_on  # noqa: F401

FAMILY_PAGES = [
    "/progress",
    "/progress?range=all",
    "/progress/notes",
    "/activities",
    "/activities/own",
    "/activities/new",
    "/family",
    "/family/about",
    "/moments",
    "/moments/new",
    "/account",
    "/family/members",
    "/reminders/settings",
    "/export",
    "/import",
    "/welcome",
]
PUBLIC_PAGES = ["/login", "/register", "/about", "/practices", "/practices/teamwork"]


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", FAMILY_PAGES)
def test_family_pages_fit_and_pass_axe(live_server, browser, family, path, size, scheme):  # noqa: F811
    state, _ = family
    context, page = open_page(browser, live_server, path, size, scheme, state)
    try:
        assert problems_on(page, size) == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_fit_and_pass_axe(live_server, browser, path, size, scheme):
    context, page = open_page(browser, live_server, path, size, scheme)
    try:
        assert problems_on(page, size) == []
    finally:
        context.close()
