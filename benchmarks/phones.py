"""Real-browser helpers: start `streamlit run app.py`, launch Debian's chromium through
Playwright (never a downloaded browser), and drive two "phones" (390×844 contexts) through
couples mode. Shared by the browser tests and `benchmarks/couples_latency.py`."""

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

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TIMEOUT_MS = 30_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(home: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free port with REHEARSE_HOME=home; yields its address."""
    port = free_port()
    env = {**os.environ, "REHEARSE_HOME": str(home)}
    env.pop("REHEARSE_DB_URL", None)
    with (home / "server.log").open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.headless", "true", "--server.address", "localhost"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        url = f"http://localhost:{port}"
        try:
            wait_healthy(url, proc)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_healthy(url: str, proc: subprocess.Popen, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"streamlit did not answer on {url} within {limit:.0f} s")


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


SHOWS = "t => document.body.innerText.includes(t)"


def wait_text(page, text: str, timeout: int = TIMEOUT_MS) -> None:
    page.wait_for_function(SHOWS, arg=text, timeout=timeout, polling="raf")


def click(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def check_words(page, label: str, text: str) -> None:
    """Type into the box, press Check it (or Check it again), wait for the check to show."""
    box = page.get_by_label(label, exact=True)
    box.wait_for(timeout=TIMEOUT_MS)
    box.fill(text)
    button = page.get_by_role("button", name="Check it again", exact=True)
    (button if button.count() else page.get_by_role("button", name="Check it", exact=True)).click()


def pair_up(url: str, first, second, names: tuple[str, str] = ("Ann", "Ben")) -> str:
    """`first` starts a pair session, `second` joins by the link; returns the pair code."""
    first.goto(f"{url}/couples")
    first.get_by_text("Two phones", exact=True).click()
    first.get_by_label("Your name", exact=True).fill(names[0])
    click(first, "Start a pair session")
    code = first.locator(".rh-code").inner_text(timeout=TIMEOUT_MS).replace(" ", "")
    second.goto(f"{url}/couples?pair={code}")
    second.get_by_label("Your name, to join", exact=True).fill(names[1])
    click(second, "Join")
    return code
