"""Couples mode on two "phones": two 390×844 browser contexts against one server.

A full round (speaker, listener, "not quite", retry, "that's it", swap, summary), drafts
that never reach the other phone, and crisis language from the listener stopping both.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from benchmarks.phones import CHROMIUM, PHONE, check_words, click, launch, outside, pair_up, server, wait_text

pytestmark = pytest.mark.browser

SPEAKER = "I felt lonely when you worked late three nights this week."
POOR = "But I was working for us."
MISSED = "I missed our dinners together."
GOOD = "You felt lonely and missed our dinners when I worked late three nights."
BEN_SAYS = "I was worn out this week and I need a quiet Sunday with you."
ANN_HEARS = "You were worn out and you'd like a quiet Sunday together."
CRISIS = "I want to kill myself."
SETTLE_MS = 2500  # more than two polls of the other phone


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (Playwright's own browsers are not used)")
    with server(tmp_path_factory.mktemp("couples-home")) as started:
        yield started


@pytest.fixture
def url(running):
    return running.url


@pytest.fixture
def phones(running):
    """Two phones; afterwards, neither phone nor the server has asked anything outside."""
    requested: list[str] = []
    with sync_playwright() as p:
        browser = launch(p)
        pages = []
        for _ in range(2):
            context = browser.new_context(**PHONE)
            context.on("request", lambda request: requested.append(request.url))
            pages.append(context.new_page())
        yield tuple(pages)
        browser.close()
    assert not outside(requested), f"a phone asked outside: {sorted(set(outside(requested)))}"
    assert running.outbound() == [], f"the server asked outside: {running.outbound()}"


def body(page) -> str:
    return page.inner_text("body")


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px on a phone"


def test_a_full_round_on_two_phones(url, phones, tmp_path):
    ann, ben = phones
    pair_up(url, ann, ben)

    check_words(ann, "What you want to say", SPEAKER)
    wait_text(ann, "before you share")
    ben.wait_for_timeout(SETTLE_MS)
    assert SPEAKER not in body(ben), "the speaker's unshared draft reached the listener"
    assert "is writing what they want to say" in body(ben)
    no_sideways_scroll(ann)
    click(ann, "Share with Ben")

    wait_text(ben, SPEAKER)
    check_words(ben, "What you heard", POOR)
    wait_text(ben, "answers back")
    no_sideways_scroll(ben)
    ann.wait_for_timeout(SETTLE_MS)
    assert POOR not in body(ann), "the listener's unshared draft reached the speaker"
    click(ben, "Give it back to Ann")

    wait_text(ann, POOR)
    click(ann, "Not quite")
    check_words(ann, "What was missed", MISSED)
    wait_text(ann, "Add this for Ben")
    click(ann, "Add this for Ben")

    wait_text(ben, MISSED)
    check_words(ben, "What you heard", GOOD)
    wait_text(ben, "What came back")
    click(ben, "Give it back to Ann")
    wait_text(ann, GOOD)
    click(ann, "That's it")

    # the floor passes: Ben speaks, Ann listens
    check_words(ben, "What you want to say", BEN_SAYS)
    wait_text(ben, "Share with Ann")
    click(ben, "Share with Ann")
    wait_text(ann, BEN_SAYS)
    check_words(ann, "What you heard", ANN_HEARS)
    wait_text(ann, "Give it back to Ben")
    click(ann, "Give it back to Ben")
    wait_text(ben, ANN_HEARS)
    click(ben, "That's it")

    wait_text(ann, "What you want to say")
    click(ann, "End the exercise")
    for page in (ann, ben):
        wait_text(page, "Your round, for each of you")
        wait_text(page, "As speaker")  # the summaries stream in after the heading
        wait_text(page, "One thing to try")
        no_sideways_scroll(page)
    ann.screenshot(path=str(tmp_path / "summary-ann.png"), full_page=True)


def test_crisis_from_the_listener_stops_both_phones(url, phones):
    ann, ben = phones
    pair_up(url, ann, ben)
    check_words(ann, "What you want to say", SPEAKER)
    wait_text(ann, "Share with Ben")
    click(ann, "Share with Ben")
    wait_text(ben, SPEAKER)
    check_words(ben, "What you heard", CRISIS)
    for page in (ben, ann):
        wait_text(page, "The exercise is paused")
        wait_text(page, "Samaritans")
    assert CRISIS not in body(ann)
    assert not ann.get_by_role("button", name="That's it", exact=True).count()
