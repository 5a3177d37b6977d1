"""AppTest helpers for the couples pages: a fake analyser, and the clicks and reads the
one-screen and two-phone tests share. The `couples_db` fixture lives in conftest.py."""

from __future__ import annotations

from pathlib import Path

from analysis_factory import analysis, flag
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SPEAKER = "I felt lonely when you worked late three nights this week."
GOOD = "You felt lonely when I worked late three nights."
POOR = "But I was working for us."
CRISIS = "I want to kill myself."


class FakeAnalyzer:
    def analyze(self, text, context=None):
        if "kill myself" in text:
            return analysis(text, flag(text, "kill myself", "CRISIS", polarity="note"), crisis=True, context=context)
        flags = [flag(text, "lonely", "FEELING")] if "lonely" in text and text.startswith("I ") else []
        return analysis(text, *flags, context=context)


def run(target) -> AppTest:
    """Run an AppTest, or the AppTest behind a clicked widget; fail on any exception."""
    at = target.run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert found, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    return found[0]


def text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown]
    for kind in (at.info, at.error, at.caption, at.warning, at.subheader):
        parts += [str(e.value) for e in kind]
    return "\n".join(parts)


def box(at: AppTest, label: str):
    found = [t for t in at.text_area if t.label == label]
    assert found, f"no box {label!r}; boxes: {[t.label for t in at.text_area]}"
    return found[0]


def write(at: AppTest, label: str, words_: str) -> AppTest:
    box(at, label).set_value(words_)
    again = [b for b in at.button if b.label == "Check it again"]
    return run((again[0] if again else button(at, "Check it")).click())


