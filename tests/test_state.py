"""coach/practice.py (the run), without Streamlit."""

from __future__ import annotations

import pytest
from analysis_factory import analysis, blame, flag, write_scenario

from coach import history as hist
from coach import practice
from coach.history import History
from coach.scenarios import load_scenario


@pytest.fixture
def scenario(tmp_path):
    return load_scenario(write_scenario(tmp_path))


def feeling(text="I feel tired when the sink is full."):
    return analysis(text, flag(text, "I feel tired", "FEELING"))


# ---- a run ----------------------------------------------------------------------------------


def test_continue_routes_on_the_last_attempt(scenario):
    history = History()
    run = practice.start_run(history, scenario)
    practice.add_attempt(run, feeling())
    practice.add_attempt(run, blame())  # the LAST attempt decides: blame -> defensive
    assert practice.advance(run, scenario) is True
    assert practice.current_turn(run).node_id == "defensive"
    practice.add_attempt(run, feeling())
    assert practice.advance(run, scenario) is True
    assert practice.current_turn(run).node_id == "last"
    practice.add_attempt(run, feeling())
    assert practice.advance(run, scenario) is False
    assert run.finished is not None


def test_a_turn_without_an_attempt_does_not_move(scenario):
    run = practice.start_run(History(), scenario)
    assert practice.advance(run, scenario) is True
    assert len(run.turns) == 1


def test_unfinished_run_is_found_for_resume(scenario):
    history = History()
    run = practice.start_run(history, scenario)
    assert practice.unfinished_run(history, scenario.id) is run
    run.finished = hist.now()
    assert practice.unfinished_run(history, scenario.id) is None


def test_last_change_compares_the_last_two_attempts(scenario):
    run = practice.start_run(History(), scenario)
    practice.add_attempt(run, blame())
    assert practice.last_change(practice.current_turn(run)) is None
    practice.add_attempt(run, feeling())
    change = practice.last_change(practice.current_turn(run))
    assert change.gone == (("hurts", "Blame"),)


def test_summary_counts_turns_attempts_and_improvements(scenario):
    run = practice.start_run(History(), scenario)
    practice.add_attempt(run, blame())
    practice.add_attempt(run, feeling())
    practice.advance(run, scenario)  # feeling -> calm, the end
    practice.add_attempt(run, feeling())
    assert practice.advance(run, scenario) is False
    summary = practice.summarise(run, "Speak up with an I-statement")
    assert (summary.turns, summary.attempts) == (2, 3)
    assert "Turn 1: “Blame” gone after another try" in summary.improved
    assert summary.strengths == ("A feeling, named",)
    assert summary.to_work_on == ()


def test_summary_ignores_a_reply_that_was_not_scored(scenario):
    from analysis_factory import analysis, flag

    run = practice.start_run(History(), scenario)
    practice.add_attempt(run, analysis("🙄", flag("🙄", "🙄", "CONTEMPT")))  # only an emoji
    practice.add_attempt(run, feeling())
    summary = practice.summarise(run, "Speak up with an I-statement")
    assert not any("Put-down" in line or "Contempt" in line for line in summary.improved)
    assert summary.improved == () and summary.strengths == ("A feeling, named",)


def test_the_summary_counts_only_what_the_card_showed_for_the_skill(scenario):
    text = "The same thing happened to me, and I feel tired."
    own_story = analysis(
        text, flag(text, "happened to me", "HIJACKING"), flag(text, "I feel tired", "FEELING")
    )
    run = practice.start_run(History(), scenario)  # a speak_up scenario
    practice.add_attempt(run, own_story)
    summary = practice.summarise(run, "Speak up with an I-statement")
    assert summary.to_work_on == () and summary.strengths == ("A feeling, named",)


def test_summary_improvement_line_quotes_a_label_so_it_reads_as_a_sentence(scenario):
    run = practice.start_run(History(), scenario)
    practice.add_attempt(run, blame())
    practice.add_attempt(run, feeling())
    summary = practice.summarise(run, "Speak up with an I-statement")
    assert "Turn 1: “A feeling, named” added after another try" in summary.improved
    assert not any("named appeared" in line for line in summary.improved)
