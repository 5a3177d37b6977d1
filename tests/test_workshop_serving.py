"""Serving a room: the Host allowlist, the LAN address found locally, no outbound lookups."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.netguard import GUARD
from tools.lan import local_addresses, pick_lan
from tools.serverproc import free_port, stop
from tools.workshop import streamlit_command
from ui.host_guard import HostGuard, host_of

ROOT = Path(__file__).resolve().parent.parent


def test_host_of_strips_ports_and_brackets():
    assert host_of("Example.org:8501") == "example.org"
    assert host_of("[fd00::2]:8501") == "fd00::2"
    assert host_of("fd00::2") == "fd00::2"


def test_the_guard_accepts_own_names_and_refuses_others():
    guard = HostGuard(None, ["localhost", "192.0.2.2", "fd00::2"])
    assert guard.permits("192.0.2.2:8501", None)
    assert guard.permits("localhost:8501", "http://localhost:8501")
    assert guard.permits("[fd00::2]:8501", "http://[fd00::2]:8501")
    assert not guard.permits("attacker.example:8501", None)  # a rebound DNS name
    assert not guard.permits("192.0.2.2:8501", "http://attacker.example")  # another site's page
    assert not guard.permits("192.0.2.2:8501", "null")
    assert not guard.permits(None, None)


def test_the_guard_answers_403_and_closes_refused_websockets():
    sent = []
    called = []

    async def app(scope, receive, send):
        called.append(scope["type"])

    async def send(message):
        sent.append(message)

    guard = HostGuard(app, ["localhost"])
    asyncio.run(guard({"type": "http", "headers": [(b"host", b"evil.example")]}, None, send))
    asyncio.run(guard({"type": "websocket", "headers": [(b"host", b"localhost"), (b"origin", b"http://evil.example")]}, None, send))
    asyncio.run(guard({"type": "http", "headers": [(b"host", b"localhost:1")]}, None, send))
    assert sent[0]["status"] == 403 and sent[2] == {"type": "websocket.close", "code": 1008}
    assert called == ["http"]


def test_the_lan_address_is_a_private_ipv4_when_there_is_one():
    assert pick_lan(["127.0.0.1", "::1", "fe80::1", "192.168.1.20", "203.0.113.5"]) == "192.168.1.20"
    assert pick_lan(["127.0.0.1", "203.0.113.5"]) == "203.0.113.5"
    assert pick_lan(["127.0.0.1", "::1"]) is None
    found = local_addresses()
    assert {"localhost", "127.0.0.1"} <= set(found.allowed_hosts)


def test_the_command_binds_all_interfaces_and_names_its_own_address():
    command = streamlit_command(8501, "192.0.2.2")
    flags = dict(zip(command[5::2], command[6::2], strict=True))
    assert flags["--server.address"] == "0.0.0.0" and flags["--browser.serverAddress"] == "192.0.2.2"
    assert command[4].endswith("workshop_app.py")


def _status(url: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


@pytest.fixture(scope="module")
def workshop_server(tmp_path_factory):
    home = tmp_path_factory.mktemp("workshop-home")
    port = free_port()
    connects = home / "connects.log"
    env = {
        **os.environ,
        "REHEARSE_HOME": str(home),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(GUARD), os.environ.get("PYTHONPATH")])),
        "REHEARSE_NETLOG": str(connects),
    }
    log = (home / "server.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "tools.workshop", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the workshop server exited: {(home / 'server.log').read_text()}")
        try:
            if _status(f"{url}/_stcore/health", {}) == 200:
                break
        except OSError:
            time.sleep(0.1)
    yield url, port, connects, home / "server.log"
    stop(proc)
    log.close()


def test_a_foreign_host_header_is_refused(workshop_server):
    url, port, _, _ = workshop_server
    assert _status(f"{url}/_stcore/health", {"Host": f"attacker.example:{port}"}) == 403
    assert _status(f"{url}/", {"Host": f"attacker.example:{port}"}) == 403
    lan = local_addresses().lan or "127.0.0.1"
    assert _status(f"{url}/_stcore/health", {"Host": f"{lan}:{port}"}) == 200
    assert _status(f"{url}/_stcore/health", {"Host": f"{lan}:{port}", "Origin": "http://attacker.example"}) == 403


def test_the_server_prints_its_join_url_and_looks_nothing_up_outside(workshop_server):
    url, port, connects, server_log = workshop_server
    lan = local_addresses().lan or "127.0.0.1"
    # Requests as another device would send them: LAN host and origin, page and websocket routes.
    for path in ("/", "/join", "/_stcore/health", "/_stcore/host-config"):
        _status(f"{url}{path}", {"Host": f"{lan}:{port}", "Origin": f"http://{lan}:{port}"})
    time.sleep(2.5)  # Streamlit's lookup used to start about a second after a request
    assert f"participants join at  http://{lan}:{port}/join" in server_log.read_text()
    assert Path(f"{connects}.active").exists()  # the guard was loaded in the server process
    assert not connects.exists() or connects.read_text() == "", connects.read_text()
