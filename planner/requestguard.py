"""One guard for every request: control characters and out-of-range numbers never reach a view.

Control characters in a path, query or form value have no meaning in Together and break things
further in (PostgreSQL refuses NUL in text; a line break forges log lines and calendar files). They
are refused with a 400 before routing, CSRF or the database see them. Multi-line text fields
(WTForms `TextAreaField`s, found by name across every form) may hold tab, CR and LF; single-line
fields refuse those and the Unicode line and paragraph separators (U+2028, U+2029) too. A JSON body
is walked whole (keys and string values, at any depth) by the single-line rule: the only JSON Together
reads is a push subscription, whose every string is an address or a key.

A page number in the query (`page`, `per_page`: read by Flask-SQLAlchemy's `paginate` straight from
the URL) beyond 2**53 is a 404: further in it would overflow a 64-bit database integer (an OFFSET).
Other parameters are parsed by their views, which fall back with a message.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.exceptions import BadRequest, NotFound
from wtforms import TextAreaField

# C0 and C1 control characters and DEL, except tab, LF and CR.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The same plus tab, LF, CR and the Unicode line/paragraph separators: for single-line values.
SINGLE_LINE_BAD = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def is_one_line(value: str) -> bool:
    """The single-line rule, for the import and form checks to share with the guard."""
    return not SINGLE_LINE_BAD.search(value)


INTEGER = re.compile(r"[+-]?\d+")
INT_MAX = 2**53
PAGINATION = frozenset({"page", "per_page"})


class ControlCharacters(BadRequest):
    """A 400 whose page says what was wrong."""

    page_message = _l(
        "That request contained control characters (such as a line break in a one-line field), "
        "which Together cannot accept. Please go back, remove them and try again."
    )


def subclasses(cls) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= subclasses(sub)
    return found


@cache
def multiline_field_names() -> frozenset[str]:
    """Names of every TextAreaField on any form in the app (a form's prefix is ignored)."""
    names = set()
    for form_class in subclasses(FlaskForm):
        for name in dir(form_class):
            field = getattr(form_class, name, None)
            if getattr(field, "field_class", None) is not None and issubclass(
                field.field_class, TextAreaField
            ):
                names.add(name)
    return frozenset(names)


def is_multiline(field_name: str) -> bool:
    return field_name.rsplit("-", 1)[-1] in multiline_field_names()


def form_value_ok(name: str, value: str) -> bool:
    pattern = CONTROL if is_multiline(name) else SINGLE_LINE_BAD
    return not pattern.search(value) and not SINGLE_LINE_BAD.search(name)


def json_strings(document) -> Iterator[str]:
    """Every key and string value in a parsed JSON document, walked without recursion (a deeply
    nested body must not exhaust the stack)."""
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            yield from (key for key in value if isinstance(key, str))
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)


def check_request() -> None:
    """:raise ControlCharacters: for control characters anywhere; :raise 404: for huge numbers."""
    if SINGLE_LINE_BAD.search(request.path):
        raise ControlCharacters()
    for name, value in request.args.items(multi=True):
        if SINGLE_LINE_BAD.search(name) or SINGLE_LINE_BAD.search(value):
            raise ControlCharacters()
        if name in PAGINATION and INTEGER.fullmatch(value.strip()) and abs(int(value)) > INT_MAX:
            raise NotFound()
    if request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        for name, value in request.form.items(multi=True):
            if not form_value_ok(name, value):
                raise ControlCharacters()
        for name, upload in request.files.items(multi=True):
            if SINGLE_LINE_BAD.search(name) or SINGLE_LINE_BAD.search(upload.filename or ""):
                raise ControlCharacters()
        if request.is_json and any(SINGLE_LINE_BAD.search(text) for text in json_strings(body())):
            raise ControlCharacters()


def body():
    """The JSON body, parsed once (a view's own get_json reads Flask's cached copy); None if it is
    not JSON. :raise BadRequest: for nesting too deep for Python's parser."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        raise BadRequest() from None


def register_request_guard(app: Flask) -> None:
    """Run `check_request` before every other before-request function (CSRF, login, views)."""
    app.before_request_funcs.setdefault(None, []).insert(0, check_request)
