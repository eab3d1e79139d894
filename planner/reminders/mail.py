"""SMTP from MAIL_URL (smtplib, standard library): parse the URL once, reuse one connection a batch."""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit


class MailConfigError(ValueError):
    """MAIL_URL cannot be understood."""


@dataclass(frozen=True)
class MailServer:
    """Where and how to hand messages over: host, port, login and the TLS mode."""

    host: str
    port: int
    username: str | None = None
    password: str | None = None
    tls: str = "none"  # "none" | "starttls" | "ssl"
    timeout: float = 20.0


def parse_mail_url(url: str) -> MailServer:
    """`smtp://user:pass@host:587?tls=starttls`, `smtps://host:465`, `smtp://127.0.0.1:8025`."""
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise MailConfigError("MAIL_URL must look like smtp://user:password@host:587?tls=starttls")
    query = parse_qs(parts.query)
    tls = (query.get("tls") or ["ssl" if parts.scheme == "smtps" else "none"])[0].lower()
    if tls not in {"none", "starttls", "ssl"}:
        raise MailConfigError("tls= must be none, starttls or ssl")
    default_port = 465 if tls == "ssl" else (587 if tls == "starttls" else 25)
    try:
        port = parts.port or default_port
    except ValueError as error:
        raise MailConfigError("MAIL_URL has a bad port") from error
    return MailServer(
        host=parts.hostname,
        port=port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        tls=tls,
        timeout=float((query.get("timeout") or ["20"])[0]),
    )


def connect(server: MailServer) -> smtplib.SMTP:
    """An open, logged-in SMTP connection (raises OSError / SMTPException when unreachable)."""
    context = ssl.create_default_context()
    if server.tls == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            server.host, server.port, timeout=server.timeout, context=context
        )
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
        if server.tls == "starttls":
            smtp.starttls(context=context)
    if server.username:
        smtp.login(server.username, server.password or "")
    return smtp


class Mailer:
    """Sends messages over one lazily opened connection; reopens after a failure."""

    def __init__(self, server: MailServer):
        self.server = server
        self.smtp: smtplib.SMTP | None = None

    def send(self, message) -> None:
        if self.smtp is None:
            self.smtp = connect(self.server)
        try:
            self.smtp.send_message(message)
        except (OSError, smtplib.SMTPServerDisconnected):
            self.close()
            raise

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                self.smtp.quit()
            self.smtp = None
