"""One real-browser flow: `python -m ui.serve` + Debian's chromium through Playwright.

Every request the browser makes is logged and must go to this machine; the server runs
under the outbound-connection guard (tests/netguard.py) and must not reach outside.

Completes a branching scenario end to end, checks the highlight, measures cold start and
submit -> feedback time (printed, not asserted), and saves screenshots under tmp (and to
docs/feedback-card.png when REHEARSE_SCREENSHOT=1). Never downloads a browser.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from store import get_database
from store.attempts import count_attempts
from tests.netguard import guarded_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLAME = "You never do the dishes."
TIMED_REPLIES = (
    "I feel tired when I see the sink full after I've cooked.",
    "I felt worn out when the sink was full again tonight, because I need us to share the jobs.",
    "Would you be willing to wash up on the nights I cook?",
    "You always leave them for me.",
    "I'm frustrated, and I'd like us to sort out the evenings together.",
)
LATER_REPLY = "I'm sorry, that came out harsh. I feel worn out and I need some help in the evenings."
TIMEOUT_MS = 30_000
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
LOCAL_SCHEMES = ("data:", "blob:", "about:")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        print(f"\nskipping browser tests: {CHROMIUM} is not installed")
        pytest.skip(f"{CHROMIUM} is not installed (Playwright's own browsers are not used)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app as `make run` starts it, under the outbound-connection guard."""
    with guarded_server(tmp_path_factory.mktemp("rehearse-home")) as running:
        yield running


def _outside(urls: list[str]) -> list[str]:
    """Requests to anything but this machine."""
    return [u for u in urls if urlsplit(u).hostname not in LOCAL_HOSTS and not u.startswith(LOCAL_SCHEMES)]


def _branching_scenario_title() -> str:
    from coach.scenarios import load_library

    library = load_library()
    preferred = library.get("partner-dishes")
    scenario = (
        preferred if preferred and preferred.is_branching else next(s for s in library if s.is_branching)
    )
    return scenario.title


ARM_CLOCK = """() => {
  window.__rhStart = null;
  document.addEventListener('click', e => {
    const b = e.target.closest('button');
    if (b && b.innerText.includes('Check my reply')) window.__rhStart = performance.now();
  }, {capture: true, once: true});
}"""
# True once the first card shows exactly this reply; records when it was first seen.
CARD_SHOWS = """t => {
  const el = document.querySelector('.rh-reply');
  if (!el || el.innerText.replace(/[✓⚠ℹ]\\d+/g, '').trim() !== t.trim()) return false;
  window.__rhEnd = performance.now();
  return true;
}"""


ONE_REPLY_BOX = """() => document.querySelectorAll('textarea[aria-label="Your reply"]').length === 1"""


def _submit(page, text: str) -> float:
    """Type a reply, submit it, wait for its feedback card.

    Returns seconds from the click reaching the page to the card showing the new reply,
    measured inside the page (Playwright's own click overhead is not counted).
    """
    # While a rerun is still drawing, the previous turn's box can linger (faded) beside the new one.
    page.wait_for_function(ONE_REPLY_BOX, timeout=TIMEOUT_MS)
    page.get_by_label("Your reply").fill(text)
    page.evaluate(ARM_CLOCK)
    page.get_by_role("button", name="Check my reply").click()
    try:
        page.wait_for_function(CARD_SHOWS, arg=text, timeout=TIMEOUT_MS, polling="raf")
    except PlaywrightTimeout:
        alerts = page.locator("[role='alert']").all_inner_texts()
        pytest.fail(f"no feedback card for {text!r} within {TIMEOUT_MS} ms; alerts: {alerts}")
    return page.evaluate("() => (window.__rhEnd - window.__rhStart) / 1000")


def test_a_branching_scenario_end_to_end(browser, server, tmp_path):
    url, started, ready, home = server.url, server.launched, server.answering, server.home
    title = _branching_scenario_title()
    dialogs: list[str] = []
    requested: list[str] = []
    context = browser.new_context(viewport={"width": 1000, "height": 1300})
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requested.append(r.url))

    page.goto(url)
    page.get_by_role("heading", name="Rehearse").wait_for(timeout=TIMEOUT_MS)
    cold_start = time.perf_counter() - started
    server_ready = ready - started
    page.get_by_text("Everything stays on this device").wait_for(state="visible", timeout=TIMEOUT_MS)

    page.get_by_role("link", name="Practise a conversation").click()
    # Type to filter, as a keyboard user would: clicking into the animated option list
    # can land while it is still scrolling.
    page.get_by_label("Choose a scenario").click()
    page.keyboard.type(title)
    page.get_by_role("option", name=title).first.wait_for(timeout=TIMEOUT_MS)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=title).wait_for(timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Your reply").wait_for(timeout=TIMEOUT_MS)

    first = _submit(page, BLAME)
    mark = page.locator(".rh-reply .rh-mark[data-polarity='hurts']").first
    assert "You never" in mark.inner_text()
    why = page.locator(".rh-reply .rh-why").first
    assert not why.is_visible()
    mark.click()  # a tap, not a hover, shows why
    why.wait_for(state="visible", timeout=TIMEOUT_MS)
    assert "Blame" in why.inner_text()
    assert "This came across as" in page.locator(".rh-verdict").first.inner_text()
    page.screenshot(path=str(tmp_path / "feedback-card.png"), full_page=True)
    card = page.locator(".rh-reply").first
    card.scroll_into_view_if_needed()

    timings = []
    for text in TIMED_REPLIES:
        page.get_by_role("button", name="Try again").click()
        timings.append(_submit(page, text))
    page.get_by_text("What changed").first.wait_for(state="visible", timeout=TIMEOUT_MS)

    xss = "<script>alert(1)</script> <img src=x onerror=alert(1)>"
    page.get_by_role("button", name="Try again").click()
    _submit(page, xss)
    assert dialogs == [], f"a reply ran script: {dialogs}"
    _submit(page, BLAME)

    turns = 1
    while not page.get_by_text("end of this conversation").count():
        page.get_by_role("button", name="Continue →").click()
        page.wait_for_function(
            "n => document.body.innerText.includes('Turn ' + n + ' ·')"
            " || document.body.innerText.includes('end of this conversation')",
            arg=turns + 1,
            timeout=TIMEOUT_MS,
        )
        if page.get_by_text("end of this conversation").count():
            break
        turns += 1
        assert turns <= 4, "the scenario did not end within four turns"
        timings.append(_submit(page, LATER_REPLY))
    page.get_by_text("Skill practised").wait_for(state="visible", timeout=TIMEOUT_MS)
    page.screenshot(path=str(tmp_path / "summary.png"), full_page=True)
    submitted = 1 + len(TIMED_REPLIES) + 2 + (turns - 1)
    assert count_attempts(get_database(f"sqlite:///{home / 'rehearse.db'}")) == submitted  # none lost
    for path in ("history", "progress", "free_practice", "builder", ""):
        page.goto(f"{url}/{path}")
        page.wait_for_load_state("networkidle")
    assert len(requested) > 20, "the request log is empty: the listener did not run"
    assert not _outside(requested), f"the browser asked outside: {sorted(set(_outside(requested)))}"
    assert server.outbound() == [], f"the server asked outside: {server.outbound()}"

    median_ms = statistics.median(timings) * 1000
    print(
        f"\nbrowser timings: cold start {cold_start:.2f} s to the first page "
        f"(server answering after {server_ready:.2f} s); submit -> feedback median "
        f"{median_ms:.0f} ms over {len(timings)} submits "
        f"(min {min(timings) * 1000:.0f}, max {max(timings) * 1000:.0f}); "
        f"first submit {first * 1000:.0f} ms; turns {turns}; screenshots in {tmp_path}"
    )
    context.close()


def test_feedback_card_fits_a_phone(browser, server, tmp_path):
    url = server.url
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{url}/free_practice")
    page.get_by_label("Your reply").wait_for(timeout=TIMEOUT_MS)
    page.get_by_label("What they said (optional)").fill("I'm so tired of doing everything.")
    text = "It sounds like you're exhausted. You never get a break, do you?"
    _submit(page, text)
    # The count under the box follows the typing (Streamlit's own shows only with focus).
    assert page.locator(".rh-limit").first.inner_text() == f"{len(text)} / 5,000 characters"
    # After submitting, the page has scrolled down to the verdict.
    page.wait_for_function(
        "() => { const r = document.querySelector('.rh-card').getBoundingClientRect();"
        " return r.top >= -5 && r.top < window.innerHeight / 2; }",
        timeout=TIMEOUT_MS,
    )
    mark = page.locator(".rh-reply .rh-mark").first
    mark.tap()
    page.locator(".rh-reply .rh-mark:focus + .rh-why").wait_for(state="visible", timeout=TIMEOUT_MS)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px on a phone"
    path = tmp_path / "feedback-card-phone.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("REHEARSE_SCREENSHOT") == "1":
        desktop = browser.new_context(viewport={"width": 900, "height": 1200})
        shot = desktop.new_page()
        shot.goto(f"{url}/free_practice")
        shot.get_by_label("Your reply").wait_for(timeout=TIMEOUT_MS)
        shot.get_by_label("What they said (optional)").fill("I'm so tired of doing everything.")
        _submit(
            shot,
            "You never help. I feel exhausted, and I need us to share the chores. "
            "Would you be willing to do the dishes tonight?",
        )
        docs = ROOT / "docs" / "feedback-card.png"
        docs.parent.mkdir(exist_ok=True)
        shot.locator(".rh-reply").first.locator(
            "xpath=ancestor::div[@data-testid='stVerticalBlock'][1]"
        ).screenshot(path=str(tmp_path / "card.png"))
        shutil.copyfile(tmp_path / "card.png", docs)
        print(f"\nscreenshot copied to {docs}")
        desktop.close()
    context.close()
