"""Household scoping in one place: load an object of the current household, or 404."""

import logging

from flask import abort, request
from flask_login import current_user

from .extensions import db

log = logging.getLogger("planner.security")


def current_household_id() -> int:
    """The logged-in user's household id (views using this are behind login_required)."""
    return current_user.household_id


def get_owned_or_404(model, object_id: int, for_update: bool = False):
    """Return `model` row `object_id` if it belongs to the current household, else abort 404.

    Another household's object answers exactly like a missing one, and the refusal is logged.
    `for_update` locks the row (PostgreSQL) so concurrent changes to it queue instead of clashing.
    :raise 404:
    """
    if not isinstance(object_id, int) or not 0 < object_id < 2**63:
        abort(404)
    obj = db.session.get(model, object_id, with_for_update=for_update or None)
    if obj is None:
        abort(404)
    if obj.household_id != current_household_id():
        log.warning(
            "refused cross-household access user=%s model=%s id=%s path=%s",
            current_user.id,
            model.__name__,
            object_id,
            request.path,
        )
        abort(404)
    return obj
