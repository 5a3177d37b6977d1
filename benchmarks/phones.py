"""Two "phones" (390×844 chromium contexts) through couples mode against one server started
as `make run` does, under the outbound-connection guard. Debian's chromium through
Playwright, never a downloaded browser. Shared by the couples browser test and
`benchmarks/couples_latency.py`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from tests.netguard import Server, guarded_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TIMEOUT_MS = 30_000
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
LOCAL_SCHEMES = ("data:", "blob:", "about:")


@contextmanager
def server(home: Path) -> Iterator[Server]:
    """The app as `make run` starts it, under the outbound-connection guard (tests/netguard.py)."""
    with guarded_server(home) as running:
        yield running


def outside(urls: list[str]) -> list[str]:
    """Requests to anything but this machine."""
    return [u for u in urls if urlsplit(u).hostname not in LOCAL_HOSTS and not u.startswith(LOCAL_SCHEMES)]


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
