"""`python -m coach feedback`, `analyze --explain`, and bad bytes on the command line."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from analysis_factory import analysis, flag

import nlp
from tools.cli import main

ROOT = Path(__file__).resolve().parent.parent
MODEL = (
    "When I saw the sink full after I cooked, I felt frustrated because I need us to share "
    "the chores. Would you be willing to wash up tonight?"
)


class OwnStory:
    """A fake analyser: own story, a feeling and a request in every reply."""

    def analyze(self, text, context=None):
        return analysis(
            MODEL,
            flag(MODEL, "I cooked", "HIJACKING", "roadblock.own_story"),
            flag(MODEL, "I felt frustrated", "FEELING", "istatement.owned_feeling"),
            flag(MODEL, "Would you be willing to", "REQUEST", "request.willing"),
            context=context,
        )


@pytest.fixture
def own_story(monkeypatch):
    monkeypatch.setattr(nlp, "get_analyzer", OwnStory)


def test_feedback_depends_on_the_skill(own_story, capsys):
    assert main(["feedback", MODEL, "--skill", "speaking_up"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[helps] This came across as")
    assert "own story" not in out and "Listening" not in out
    assert main(["feedback", MODEL, "--skill", "listening", "--context", "I had a rough day."]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[mixed] Some of this came across as")
    assert "turning it to your own story" in out


def test_feedback_json_is_the_card(own_story, capsys):
    assert main(["feedback", MODEL, "--skill", "speak_up", "--json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["verdict"] == "helps" and card["skill"] == "speaking_up"
    assert card["headline"].startswith("This came across as")
    assert {p["rule_id"] for p in card["points"]} == {"istatement.owned_feeling", "request.willing"}
    assert card["try"]["headline"] and all(m["key"] != "listening" for m in card["meters"])


def test_feedback_with_an_unknown_skill_names_the_choices(own_story, capsys):
    assert main(["feedback", "hi", "--skill", "juggling"]) == 2
    err = capsys.readouterr().err
    assert "speaking_up, listening, asking, repair, appreciation" in err and "Traceback" not in err


def test_feedback_on_a_crisis_reply_prints_the_notice(monkeypatch, capsys):
    class Crisis:
        def analyze(self, text, context=None):
            return analysis(text, flag(text, "die", "CRISIS", polarity="hurts"), crisis=True)

    monkeypatch.setattr(nlp, "get_analyzer", Crisis)
    assert main(["feedback", "I want to die"]) == 0
    out = capsys.readouterr().out
    assert "116 123" in out and "came across" not in out
    assert main(["feedback", "I want to die", "--json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["crisis"] is True and card["verdict"] == "" and card["points"] == []


# ---- bad bytes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [
    ["feedback", "caf\udce9"],  # how Python hands over a non-UTF-8 byte from the command line
    ["analyze", "caf\udce9"],
    ["feedback", "hello", "--context", "caf\udce9"],
])
def test_bad_bytes_on_the_command_line_get_a_message(own_story, capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "not valid text" in err and "UTF-8" in err and "Traceback" not in err


def test_bad_bytes_on_stdin_get_a_message(own_story, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"caf\xe9 au lait")))
    assert main(["feedback", "-"]) == 2
    err = capsys.readouterr().err
    assert "not UTF-8 (byte 0xe9 at position 4)" in err


def test_bad_bytes_through_a_real_process():
    run = subprocess.run(
        [sys.executable, "-m", "coach", "feedback", b"caf\xe9"],
        cwd=ROOT, capture_output=True, timeout=120,
    )
    assert run.returncode == 2 and b"not valid text" in run.stderr and b"Traceback" not in run.stderr
    run = subprocess.run(
        [sys.executable, "-m", "coach", "analyze", "-"],
        cwd=ROOT, input=b"\xff\xfe\x00bad", capture_output=True, timeout=120,
    )
    assert run.returncode == 2 and b"not UTF-8" in run.stderr and b"Traceback" not in run.stderr


# ---- the real engine -------------------------------------------------------------------------------


@pytest.mark.model
def test_a_context_that_is_not_text_is_an_input_error(analyzer):
    with pytest.raises(nlp.InputError, match=r"context .*text, got int"):
        analyzer.analyze("I hear you.", context=5)
    with pytest.raises(nlp.InputError, match="not valid text"):
        analyzer.analyze("caf\udce9")
    (item,) = analyzer.analyze_many(["fine"], [["a", "list"]])
    assert isinstance(item, nlp.InputError)


@pytest.mark.model
def test_feedback_through_the_engine(capsys):
    assert main(["feedback", MODEL, "--skill", "speaking_up", "--json"]) == 0
    card = json.loads(capsys.readouterr().out)
    assert card["verdict"] == "helps"
    assert all(p["name"] != "Taking over" for p in card["points"])


@pytest.mark.model
def test_explain_traces_matches_vetoes_labels_and_the_coach(capsys):
    text = "I don't think you're lazy. You never call though, and the same thing happened to me."
    assert main(["analyze", "--explain", "--skill", "speaking_up", text]) == 0
    out = capsys.readouterr().out
    for heading in ("Matches (before guards)", "How each label was decided", "Coach"):
        assert heading in out
    assert "vetoed by guard" in out  # "you're lazy" under a negation
    assert "weight" in out and "blame.you_absolute" in out
    assert "skill: speaking_up (not listening turn)" in out
    assert "dropped: only counts while listening" in out
    assert "verdict: " in out


def test_explain_prints_the_engine_decisions_cue_by_cue():
    from analysis_factory import WithExtras, unit

    from coach.task import turn_for
    from nlp.evidence import Cue, decide_by_score
    from tools.explain import explain_lines

    text = "So you're tired. Is that right?"
    a = analysis(text, flag(text, "So", "REFLECTION", "reflection.so_summary"), context="I'm so tired.")
    cues = (
        Cue("reflection.stem", 1.0, 0, 2, "So"),
        Cue("reflection.echo", 0.25, 9, 14, "tired"),
        Cue("reflection.modal", -0.8, 3, 8, "you're", vetoed_by="not_question"),
    )
    decision = decide_by_score("reflection", cues, 1.0, unit=0)
    extras = WithExtras(a, units=(unit(text, "So you're tired.", "statement"), unit(text, "Is that right?", "check")),
                        decisions=(decision,))
    out = "\n".join(explain_lines(object(), extras, turn_for("listening", "I'm so tired.")))
    assert "(this engine does not expose its matches)" in out
    assert "reflection = 1 (unit 0): score 1.25, threshold 1 — score 1.25 >= 1" in out
    assert "+ reflection.echo +0.25 'tired'" in out
    assert "x reflection.modal -0.8 \"you're\"  vetoed by not_question" in out
    assert "[1] check" in out and "their words carried over: tired" in out
