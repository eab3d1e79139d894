"""Log records that cannot be forged or leak a secret, whichever logger or handler writes them.

Every record is made through one factory: its message is formatted once, CR and LF become the
visible `\\r` and `\\n` (so a value cannot start a fake log line), and secret URL parts (the
calendar feed's token, an invite's token) are masked, in the message and in any traceback.
Views log endpoint names rather than raw paths in the first place.
"""

from __future__ import annotations

import logging
import re
import traceback

from flask import has_request_context, request

SECRET_PATHS = re.compile(r"(/calendar/|/join/)[^/\s?#\"']+")
SECRET_VIEW_ARGS = ("token",)
MASK = "[secret]"


def request_secrets() -> list[str]:
    """Secret values in the current request's URL (view arguments such as `token`)."""
    if not has_request_context() or not request.view_args:
        return []
    return [
        str(request.view_args[name])
        for name in SECRET_VIEW_ARGS
        if request.view_args.get(name) and len(str(request.view_args[name])) >= 4
    ]


def mask(text: str) -> str:
    for secret in request_secrets():
        text = text.replace(secret, MASK)
    return SECRET_PATHS.sub(lambda match: match.group(1) + MASK, text)


def escape_line_breaks(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


_base_factory = logging.getLogRecordFactory()


def safe_record(*args, **kwargs) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: leave it to logging's own error handling
        return record
    record.msg, record.args = escape_line_breaks(mask(message)), None
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = mask("".join(traceback.format_exception(*record.exc_info)).rstrip())
    return record


def install() -> None:
    """Make every log record in this process a safe one (idempotent)."""
    if logging.getLogRecordFactory() is not safe_record:
        logging.setLogRecordFactory(safe_record)
