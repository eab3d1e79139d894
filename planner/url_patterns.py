"""Addresses built once per route, then filled in by formatting (templates' `url_for`).

Werkzeug's `url_for` walks the URL map on every call; the week page links each of its items to
six actions, and it spent more time building addresses than reading the database. The first call
for an endpoint (and set of argument names) builds its address with placeholder values; later
calls put their values into that pattern. Anything the pattern could get wrong goes to the real
`url_for`: values that would be quoted or rejected, `_anchor`/`_external`..., relative endpoints,
URL defaults, and calls outside a request.
"""

from __future__ import annotations

import re

from flask import current_app, has_request_context, request, url_for
from werkzeug.routing import BuildError

# Values a path or query string shows as they are (werkzeug quotes nothing in them).
PLAIN = re.compile(r"[A-Za-z0-9_.~-]+\Z")
PLACEHOLDER = 2_000_000_000  # + the argument's position: far from any real id, within INTEGER
MAX_ID = 2**31 - 1
UNSAFE = object()  # an endpoint whose address cannot be made a pattern


def plain(value) -> bool:
    if type(value) is int:
        return 0 <= value <= MAX_ID
    return type(value) is str and PLAIN.match(value) is not None


def pattern_for(endpoint: str, names: tuple[str, ...], ints: tuple[bool, ...]):
    """`url_for`'s address with `{name}` where each value goes, or UNSAFE."""
    placeholders = {
        name: PLACEHOLDER + index if is_int else f"zq{index}placeholderqz"
        for index, (name, is_int) in enumerate(zip(names, ints, strict=True))
    }
    try:
        built = url_for(endpoint, **placeholders)
    except BuildError:  # a converter that refuses the placeholder: the real call decides
        return UNSAFE
    pattern = built.replace("{", "{{").replace("}", "}}")
    for name, value in placeholders.items():
        if built.count(str(value)) != 1:
            return UNSAFE
        pattern = pattern.replace(str(value), "{" + name + "}")
    return pattern


def fast_url_for(endpoint: str, **values) -> str:
    """The same address as `url_for(endpoint, **values)`, from a pattern kept per app."""
    if endpoint[:1] == "." or not has_request_context():
        return url_for(endpoint, **values)
    app = current_app._get_current_object()
    names = tuple(values)  # in the order given: it is the query string's order
    ints = tuple(type(value) is int for value in values.values())
    key = (request.script_root, endpoint, names, ints)
    patterns = app.extensions.setdefault("url_patterns", {})
    pattern = patterns.get(key)
    if pattern is None:
        if any(app.url_default_functions.values()) or any(name[:1] == "_" for name in names):
            pattern = UNSAFE
        else:
            pattern = pattern_for(endpoint, names, ints)
        patterns[key] = pattern
    if pattern is UNSAFE or not all(plain(value) for value in values.values()):
        return url_for(endpoint, **values)
    return pattern.format(**values)
