"""A workshop in real browser pages: a facilitator, three phones and the projector screen
against one server. Open a room, three join by code, answer, reveal, approve one shared
reply for the wall, export. Then the presentation view at 1920×1080, driven by the keyboard
(saved to docs/presentation.png when REHEARSE_SCREENSHOT=1)."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest
from test_browser import ROOT, _outside, browser, server  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser
PACKS = Path(__file__).parent / "fixtures" / "packs"
TIMEOUT_MS = 60_000
PROMPT = "I stayed late every night this week and nobody said a word."
REPLIES = (
    "It sounds like you're worn out and the effort went unseen.",  # shared
    "You should just go home on time.",
    "Why didn't you tell anyone?",
)


def test_a_room_with_three_phones_from_open_to_export(browser, server, tmp_path):  # noqa: F811
    url = server.url
    requests: list[str] = []
    fac_ctx = browser.new_context(viewport={"width": 1200, "height": 1400}, accept_downloads=True)
    fac = fac_ctx.new_page()
    fac.on("request", lambda r: requests.append(r.url))
    fac.goto(f"{url}/facilitate")
    fac.get_by_label("Room name (shown on the projector)").fill("Thursday group")
    fac.get_by_role("button", name="Open a room").click()
    code_box = fac.locator(".rh-code")
    code_box.wait_for(timeout=TIMEOUT_MS)
    code = code_box.inner_text().replace(" ", "")
    assert len(code) == 6 and fac.locator(".rh-qr svg").is_visible()

    fac.get_by_role("tab", name="Type a line").click()
    fac.get_by_label("What the other person says").fill(PROMPT)
    fac.get_by_role("button", name="Show the typed line").click()
    fac.locator(".rh-prompt", has_text="nobody said a word").wait_for(timeout=TIMEOUT_MS)

    phones = []
    for i, text in enumerate(REPLIES):
        page = browser.new_context(viewport={"width": 400, "height": 900}).new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{url}/join?room={code}")
        if i == 1:
            page.get_by_label("Nickname (optional: leave empty to stay anonymous)").fill("Robin")
        page.get_by_role("button", name="Join").click()
        page.locator(".rh-prompt", has_text="nobody said a word").wait_for(timeout=TIMEOUT_MS)
        page.get_by_label("Your reply").fill(text)
        if i == 0:
            page.get_by_text("Share my reply on the wall").click()
        page.get_by_role("button", name="Send").click()
        page.get_by_text("Only you see this feedback").wait_for(timeout=TIMEOUT_MS)
        page.locator(".rh-reply").first.wait_for(timeout=TIMEOUT_MS)
        phones.append(page)
    for i, page in enumerate(phones):  # nobody sees anyone else's reply
        body = page.locator("body").inner_text()
        assert not [r for j, r in enumerate(REPLIES) if j != i and r[-15:] in body]

    fac.get_by_text("Answers to this prompt").wait_for(timeout=TIMEOUT_MS)
    fac.wait_for_function("() => document.body.innerText.includes('Shared replies waiting for you (1)')", timeout=TIMEOUT_MS)
    screen = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    screen.on("request", lambda r: requests.append(r.url))
    screen.goto(f"{url}/screen?room={code}")
    screen.get_by_text("3 answered").wait_for(timeout=TIMEOUT_MS)
    assert screen.locator(".rh-aggregate").count() == 0  # hidden until revealed

    fac.get_by_text("Show results on the projector").click()
    fac.locator(".rh-aggregate").wait_for(timeout=TIMEOUT_MS)
    fac.get_by_role("button", name="Put on the wall").click()
    fac.get_by_text("On the wall (1)").wait_for(timeout=TIMEOUT_MS)

    screen.locator(".rh-aggregate").wait_for(timeout=TIMEOUT_MS)
    screen.locator(".rh-wall-item", has_text="worn out").wait_for(timeout=TIMEOUT_MS)
    shown = screen.locator("body").inner_text()
    assert REPLIES[1] not in shown and REPLIES[2] not in shown and "Robin" not in shown
    assert "support" not in shown
    screen.screenshot(path=str(tmp_path / "room-screen.png"))

    fac.get_by_role("button", name="Export CSV").click()
    with fac.expect_download(timeout=TIMEOUT_MS) as download:
        fac.get_by_role("button", name=f"Download room-{code}.csv").click()
    path = tmp_path / "room.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == 3 and {r["prompt"] for r in rows} == {PROMPT}
    assert [r["shared_text"] for r in rows if r["shared_text"]] == [REPLIES[0]]

    # Packs: a billion-laughs file is refused whole; a good pack's prompt goes to the room.
    fac.get_by_role("tab", name="From a pack").click()
    upload = fac.locator('[data-testid="stFileUploader"] input[type="file"]')
    upload.set_input_files(str(PACKS / "billion-laughs.yaml"))
    fac.get_by_text("This pack was not loaded; nothing else changed").wait_for(timeout=TIMEOUT_MS)
    assert fac.get_by_text("anchors and aliases").first.is_visible()
    upload.set_input_files(str(PACKS / "markdown-image.yaml"))
    fac.get_by_text("![tracker](http://example.invalid/pixel.png) Pack (1 prompt)").wait_for(timeout=TIMEOUT_MS)
    upload.set_input_files(str(PACKS / "good-pack.yaml"))
    fac.get_by_text("Listening at work (3 prompts)").wait_for(timeout=TIMEOUT_MS)
    fac.get_by_role("button", name="Show this prompt").click()
    phones[0].locator(".rh-prompt", has_text="till nine every night").wait_for(timeout=TIMEOUT_MS)
    assert not _outside(requests), _outside(requests)


def test_the_presentation_view_at_1920_by_1080(browser, server, tmp_path):  # noqa: F811
    url = server.url
    page = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    page.goto(f"{url}/present")
    page.locator(".rh-projector").first.wait_for(timeout=TIMEOUT_MS)
    assert page.get_by_text("press → or space").is_visible()
    page.wait_for_function("() => document.__rhPresentKeys === true", timeout=TIMEOUT_MS)  # keys script loaded
    page.locator("h2").first.click()  # focus the page, not an input
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelectorAll('.rh-projector').length === 2", timeout=TIMEOUT_MS)
    sizes = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMain"] p, .rh-reply')]
        .filter(e => e.offsetParent && e.innerText.trim()).map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 28, sizes
    marks = page.locator(".rh-projector .rh-mark")
    assert marks.count() >= 1
    assert "underline" in marks.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert page.locator('[role="meter"], .rh-meter').count() == 0  # no score on a shared screen
    shot = tmp_path / "presentation.png"
    page.screenshot(path=str(shot))
    if os.environ.get("REHEARSE_SCREENSHOT") == "1":
        shutil.copy(shot, ROOT / "docs" / "presentation.png")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => document.querySelectorAll('.rh-projector').length === 1", timeout=TIMEOUT_MS)
    assert Path(shot).stat().st_size > 10_000
