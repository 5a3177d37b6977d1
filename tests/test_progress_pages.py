"""AppTest for the progress and history pages and the practice-flow details: start over
asks first, "All scenarios" goes back to the list as it was, replies that are not scored."""

from __future__ import annotations

from dataclasses import replace

import pytest
import test_app_pages as pages
from test_app_pages import BLAME, FakeAnalyzer, button, markup, open_page, reply, start_scenario, texts

import ui.analysis_service as service

# The page tests' fixtures, shared by name.
home, exercises, fake = pages.home, pages.exercises, pages.fake

FEELING = "I feel tired when the sink is full."


# ---- progress -------------------------------------------------------------------------------


def test_progress_with_nothing_yet_says_what_will_appear(home, fake):
    at = open_page("ui/pages/progress.py")
    info = " ".join(i.value for i in at.info)
    assert "Nothing to show yet" in info
    for skill in ("owning feelings", "blame-free replies", "listening", "open questions", "clear requests"):
        assert skill in info
    assert not at.get("vega_lite_chart")


def test_progress_after_practice_shows_counts_chart_best_and_before_after(home, exercises, fake):
    at = reply(start_scenario(open_page("ui/pages/practise.py")), BLAME)
    button(at, "Try again").click().run()
    reply(at, "It sounds like you're exhausted after this week.")
    at.switch_page("ui/pages/progress.py").run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Replies": "2", "Days practised": "1", "Scenarios tried": "1"}
    assert at.get("vega_lite_chart"), "no skill chart"
    text = markup(at)
    assert "Listening</span>: 1 of 2 (50%)" in text
    assert "Blame-free replies</span>: 1 of 2 (50%)" in text
    assert "Your best replies" in [s.value for s in at.subheader]
    assert "First try" in texts(at) and "Later try" in texts(at)
    assert "You never" in text and "It sounds like" in text


# ---- history --------------------------------------------------------------------------------


def test_history_shows_each_attempt_with_its_verdict_points_prompt_and_time(home, exercises, fake):
    at = reply(start_scenario(open_page("ui/pages/practise.py")), BLAME)
    button(at, "← All scenarios").click().run()
    at.switch_page("ui/pages/history.py").run()
    assert not at.exception, at.exception
    assert "1 scenario run and 0 free-practice replies" in markup(at)
    [run] = at.expander
    assert run.label.endswith("· 1 attempt")
    text = markup(at)
    assert "They said: <em>“What&#x27;s with the face?”</em>" in text
    assert "This came across as <strong>blame</strong>" in text
    assert 'class="rh-points"' in text and "⚠ Blame" in text
    assert any(c.value[:3] in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun") for c in at.caption)


def test_history_leaves_out_runs_with_no_reply_and_counts_plurals(home, exercises, fake):
    at = start_scenario(open_page("ui/pages/practise.py"))  # a run with no reply yet
    button(at, "← All scenarios").click().run()
    at.switch_page("ui/pages/free_practice.py").run()
    for text in (BLAME, FEELING):
        at.text_area(key="free_reply").set_value(text)
        button(at, "Check my reply").click().run()
    at.switch_page("ui/pages/history.py").run()
    assert "0 scenario runs and 2 free-practice replies" in markup(at)
    assert [e.label for e in at.expander] == ["Free practice (2 replies)"]


# ---- the practice flow ----------------------------------------------------------------------


def test_start_over_in_a_conversation_asks_first(home, exercises, fake):
    at = reply(start_scenario(open_page("ui/pages/practise.py")), BLAME)
    button(at, "Start over").click().run()
    assert any("Start this conversation again" in w.value for w in at.warning)
    button(at, "Cancel").click().run()
    assert not any("Start this conversation again" in w.value for w in at.warning)
    assert len(at.session_state["history"].runs) == 1
    assert "You never" in markup(at)  # still on the same turn, the card kept
    button(at, "Start over").click().run()
    button(at, "Yes, start over").click().run()
    runs = at.session_state["history"].runs
    assert len(runs) == 2 and runs[0].ended_early and not runs[1].turns[0].attempts


def test_all_scenarios_returns_to_the_list_as_it_was(home, exercises, fake):
    at = open_page("ui/pages/practise.py")
    at.selectbox(key="filter_relationship").set_value("partner").run()
    at.selectbox(key="filter_difficulty").set_value(1).run()
    start_scenario(at)
    reply(at, BLAME)
    button(at, "← All scenarios").click().run()
    assert at.selectbox(key="filter_relationship").value == "partner"
    assert at.selectbox(key="filter_difficulty").value == 1
    assert at.selectbox(key="scenario_choice").value == "test-talk"
    assert any(b.label == "Resume where you left off" for b in at.button)


class OtherLanguage(FakeAnalyzer):
    def analyze(self, text, context=None):
        result = super().analyze(text, context)
        return replace(result, language="other") if text.startswith("Bonjour") else result


@pytest.mark.parametrize(
    ("text", "says"),
    [("Bonjour, je suis fatiguée ce soir.", "another language"), ("🙄🙄", "only emoji")],
)
def test_a_reply_that_cannot_be_scored_says_so_and_gets_no_verdict(home, exercises, monkeypatch, text, says):
    monkeypatch.setattr(service, "get_analyzer", OtherLanguage)
    at = reply(start_scenario(open_page("ui/pages/practise.py")), text)
    page = markup(at)
    assert "Not scored." in page and says in page
    assert "came across" not in page and "sarcas" not in page.lower()
    assert "Continue →" not in [b.label for b in at.button]
    assert "Try again" in [b.label for b in at.button]


def test_progress_over_several_days_draws_a_line_per_skill(home, monkeypatch):
    from test_progress import DAY1, DAY2, attempt, listening, owning

    import ui.attempts

    two_days = [attempt(owning(), DAY1), attempt(listening(), DAY2), attempt(owning(), DAY2, minutes=1)]
    monkeypatch.setattr(ui.attempts, "load_attempts", lambda: two_days)
    at = open_page("ui/pages/progress.py")
    assert {m.label: m.value for m in at.metric}["Days practised"] == "2"
    [chart] = at.get("vega_lite_chart")
    spec = chart.proto.spec
    assert '"line"' in spec and '"Skill"' in spec and "[0, 100]" in spec.replace(",100", ", 100")
