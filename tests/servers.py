"""Run the real app under gunicorn for tests and benchmarks, and talk to it like a browser."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


GUNICORN_CONFIG = ROOT / "gunicorn.conf.py"


@contextmanager
def gunicorn(
    database_url: str,
    instance: Path,
    workers: int = 2,
    extra_env: dict | None = None,
    config: Path | None = GUNICORN_CONFIG,
):
    """Serve the app with `workers` gunicorn processes; yield its base URL; stop it afterwards.

    The settings are `make run`'s (gunicorn.conf.py) unless `config` says otherwise (None: gunicorn's
    own defaults, sync workers).
    """
    port = free_port()
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": "gunicorn-test-key",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    env.update(extra_env or {})
    gunicorn_bin = str(Path(sys.executable).with_name("gunicorn"))
    instance.mkdir(parents=True, exist_ok=True)
    if config is None:
        config = instance / "gunicorn-defaults.conf.py"
        config.write_text("# gunicorn's own defaults\n")
    log_path = instance / f"gunicorn-{port}.log"
    log = open(log_path, "w")  # noqa: SIM115  (closed in finally)
    process = subprocess.Popen(
        [
            gunicorn_bin,
            "--config",
            str(config),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "app:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # a loaded machine boots workers slowly
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:  # not listening yet (refused, reset or timed out)
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start: " + log_path.read_text())
            time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie-keeping HTTP client that reads CSRF tokens out of pages, as a browser form would."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )
        self.token = None

    def request(self, method: str, path: str, data: dict | None = None, headers=None):
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
        req = urllib.request.Request(
            self.base + path, data=body, method=method, headers=headers or {}
        )
        try:
            with self.opener.open(req, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get(self, path: str):
        status, text = self.request("GET", path)
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', text)
        if match:
            self.token = match.group(1)
        return status, text

    def post(self, path: str, data: dict | None = None, headers=None):
        if self.token is None:
            self.get("/login")
        return self.request("POST", path, {"csrf_token": self.token, **(data or {})}, headers)

    def login(self, email: str, password: str):
        self.get("/login")
        return self.post("/login", {"email": email, "password": password})
