"""Start and stop app server processes for tests and `make load`: free ports, health waits."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, limit: float = 40.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the server did not answer on {url} within {limit:.0f} s")


def start_streamlit(port: int, env: dict[str, str], log: IO[str]) -> subprocess.Popen:
    """The app as `make run` starts it (`python -m ui.serve`), on loopback; the caller waits
    with `wait_healthy` and ends it with `stop`."""
    command = [sys.executable, "-m", "ui.serve", "--server.port", str(port),
               "--server.headless", "true", "--server.address", "127.0.0.1"]
    return subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def deployment(processes: int, env: dict[str, str], folder: Path, name: str = "app") -> Iterator[str]:
    """`processes` app processes on loopback, behind tools.sticky_proxy when more than one.

    Yields the address to use; logs go to `folder`; everything is stopped afterwards."""
    procs: list[subprocess.Popen] = []
    logs: list[IO[str]] = []
    try:
        backends = []
        for n in range(processes):
            port = free_port()
            logs.append((folder / f"{name}-{n}.log").open("w"))
            procs.append(start_streamlit(port, env, logs[-1]))
            backends.append(f"http://127.0.0.1:{port}")
        for proc, url in zip(procs, backends, strict=True):
            wait_healthy(url, proc)
        if processes == 1:
            yield backends[0]
            return
        port = free_port()
        command = [sys.executable, "-m", "tools.sticky_proxy", "--port", str(port)]
        for url in backends:
            command += ["--backend", url]
        logs.append((folder / f"{name}-proxy.log").open("w"))
        procs.append(subprocess.Popen(command, cwd=ROOT, stdout=logs[-1], stderr=subprocess.STDOUT))
        wait_healthy(f"http://127.0.0.1:{port}", procs[-1])
        yield f"http://127.0.0.1:{port}"
    finally:
        for proc in procs:
            stop(proc)
        for log in logs:
            log.close()
