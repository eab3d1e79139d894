"""VAPID keys for Web Push: generated once into instance/ (like the secret key), read thereafter."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from flask import current_app
from py_vapid import Vapid

from .config import setting

FILENAME = "vapid_private.pem"


def private_key_path() -> Path:
    """The PEM file, created (mode 600) by whichever worker gets there first."""
    path = Path(current_app.instance_path) / FILENAME
    if not path.exists():
        key = Vapid()
        key.generate_keys()
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path
        with os.fdopen(fd, "wb") as handle:
            handle.write(key.private_pem())
    return path


def application_server_key() -> str:
    """The public key a browser subscribes with (base64url, uncompressed P-256 point)."""
    key = Vapid.from_file(str(private_key_path()))
    raw = key.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def vapid_subject() -> str:
    """The contact push services may use: the MAIL_FROM address, else the site's address."""
    address = setting("MAIL_FROM").rpartition("<")[2].rstrip(">").strip()
    return f"mailto:{address}" if "@" in address else setting("BASE_URL")
