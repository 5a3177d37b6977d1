"""A Streamlit server under a guard that logs (and refuses) every non-loopback connect.

Shared by the outbound-network tests and the browser test, so both run the app the way
`make run` does (`python -m ui.serve`) with `tests/fixtures/netguard` on PYTHONPATH.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tools.serverproc import ROOT, free_port, wait_healthy

GUARD = Path(__file__).resolve().parent / "fixtures" / "netguard"


@dataclass(frozen=True)
class Server:
    url: str
    port: int
    home: Path
    netlog: Path
    launched: float  # perf_counter when the process was started
    answering: float  # perf_counter when /_stcore/health first answered

    def outbound(self) -> list[str]:
        """Every non-loopback connect / lookup the server process tried so far."""
        return self.netlog.read_text(encoding="utf-8").splitlines() if self.netlog.exists() else []

    def guard_loaded(self) -> bool:
        return Path(f"{self.netlog}.active").exists()


@contextmanager
def guarded_server(home: Path, command: tuple[str, ...] = ("-m", "ui.serve")) -> Iterator[Server]:
    port = free_port()
    netlog = home / "outbound.log"
    env = {
        **os.environ,
        "REHEARSE_HOME": str(home),
        "REHEARSE_NETLOG": str(netlog),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(GUARD), os.environ.get("PYTHONPATH")])),
    }
    env.pop("REHEARSE_EXERCISES_DIR", None)  # the real scenario library
    env.pop("REHEARSE_DB_URL", None)  # the SQLite file under home, which the tests read back
    log = (home / "server.log").open("w")
    launched = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *command, "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://localhost:{port}"
    try:
        wait_healthy(url, proc)
        yield Server(url, port, home, netlog, launched, time.perf_counter())
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def websocket_handshake(port: int, origin: str, host: str) -> str:
    """Open Streamlit's WebSocket with the given Origin and Host; returns the status line."""
    request = (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: {host}\r\n"
        f"Origin: {origin}\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request.encode("ascii"))
        reply = s.recv(4096).decode("latin-1")
    return reply.split("\r\n", 1)[0]
