"""Nothing leaves the machine from the server: any non-loopback connect fails a test.

The server runs as `make run` runs it, under a guard (`tests/fixtures/netguard`) that
logs every outbound connect, datagram and name lookup to a file. Requests then arrive as
if from another device (a LAN Origin and Host), which is when Streamlit used to look up
its own addresses outside. The browser side is checked in tests/test_browser.py.
"""

from __future__ import annotations

import urllib.request

import pytest

from tests.netguard import guarded_server, websocket_handshake

FOREIGN = ("http://192.168.1.23:8501", "http://rehearse.example.org", "http://10.0.0.7")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with guarded_server(tmp_path_factory.mktemp("offline-home")) as running:
        yield running


def test_the_guard_is_loaded_in_the_server(server) -> None:
    assert server.guard_loaded(), "the server did not load tests/fixtures/netguard/sitecustomize.py"


def test_requests_from_another_device_make_no_outbound_connection(server) -> None:
    refused = []
    for origin in FOREIGN:
        # A page from elsewhere asking for this server's session: refused, with no lookup.
        refused.append(websocket_handshake(server.port, origin, f"localhost:{server.port}"))
        # The same request as another device would send it (its own Host): no lookup either.
        websocket_handshake(server.port, origin, origin.removeprefix("http://"))
        request = urllib.request.Request(f"{server.url}/", headers={"Origin": origin})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
    # The same origin as the page itself is still let in (the app works on this machine).
    own = websocket_handshake(server.port, server.url, f"localhost:{server.port}")
    assert "101" in own, own
    assert server.outbound() == [], f"the server tried to reach outside: {server.outbound()}"
    assert all(" 403 " in status for status in refused), f"a foreign origin was let in: {refused}"
