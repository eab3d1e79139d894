"""`make run`'s Procfile: honcho starts gunicorn and one reminder sender; stopping it stops both."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.helpers import database_url, make_app
from tests.servers import ROOT, free_port


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_honcho_runs_the_web_server_and_a_sender_and_stops_both(tmp_path):
    make_app(tmp_path)  # tables in the test database
    port = free_port()
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": database_url(tmp_path),
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "procfile-test",
            "WEB_COMMAND": f"{bin_dir / 'gunicorn'} --workers 1 --bind 127.0.0.1:{port} app:app",
            "FLASK_COMMAND": f"{bin_dir / 'flask'} --app app",
        }
    )
    log = open(tmp_path / "honcho.log", "w+")  # noqa: SIM115  (closed below)
    honcho = subprocess.Popen(
        [str(bin_dir / "honcho"), "start", "-f", "Procfile"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    if (
                        r.status == 200
                        and "reminder sender running" in (tmp_path / "honcho.log").read_text()
                    ):
                        break
            except OSError:
                pass
            assert honcho.poll() is None and time.monotonic() < deadline, (
                tmp_path / "honcho.log"
            ).read_text()
            time.sleep(0.2)
        honcho.send_signal(signal.SIGTERM)
        honcho.wait(timeout=30)
        deadline = time.monotonic() + 10
        while group_alive(honcho.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not group_alive(honcho.pid), "a process outlived honcho"
    finally:
        if honcho.poll() is None or group_alive(honcho.pid):
            os.killpg(honcho.pid, signal.SIGKILL)
            honcho.wait()
        log.close()
