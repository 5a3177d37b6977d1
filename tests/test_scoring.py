"""Evidence scoring of the listening labels (nlp/scoring.py, rules/weights.yaml).

Each cue: a positive and a negative example, pinning the words the cue highlights.
"""

from __future__ import annotations

import pytest

from nlp.errors import RuleFileError
from nlp.scoring import REQUIRED_CUES, WEIGHTS_FILE, load_weights


def cues_of(result, label="reflection"):
    return {c.name: c.text for d in result.decisions if d.label == label for c in d.cues}


CUES = [
    # (cue, context, reply, highlighted words)
    ("reflection.stem", "Work has been endless this week.", "It sounds like work has swallowed your week.", "It sounds like"),
    ("reflection.feeling", "My dad cancelled again.", "You must be so disappointed.", "disappointed"),
    ("reflection.feeling_family", "I'm so worried about the move.", "You're anxious about the move.", "anxious"),
    ("reflection.unvoiced_feeling", "My dad cancelled again.", "You must be so disappointed.", "disappointed"),
    ("reflection.echo", "The commute is two hours each way.", "Two hours each way is a long commute.", "commute"),
    ("reflection.restatement", "I keep going over the exam.", "That worries you?", "That worries you?"),
    ("reflection.modal", "I can't sleep before exams.", "You will sleep better after this one.", "You will sleep"),
    ("reflection.own_story", "My boss shouted at me today.", "My boss shouted at me once and I cried.", "I cried"),
    ("reflection.pleasantry", "I finally told her how I feel.", "Thanks, you've been so open about it.", "Thanks"),
]


@pytest.mark.model
@pytest.mark.parametrize(("cue", "context", "text", "words"), CUES, ids=[c[0] for c in CUES])
def test_cue_fires_and_pins_its_words(analyzer, cue, context, text, words):
    found = cues_of(analyzer.analyze(text, context=context))
    assert cue in found, found
    assert found[cue] == words


NOT_CUES = [
    ("reflection.stem", "Work has been endless.", "Work is endless for everyone."),
    ("reflection.unvoiced_feeling", "I'm so disappointed in him.", "You must be so disappointed."),
    ("reflection.modal", "I've been covering for Sam.", "You've been carrying his work as well as yours."),
    ("reflection.own_story", "My boss shouted at me.", "I hear that your boss shouted at you."),
    ("reflection.restatement", "I keep going over the exam.", "Do you want to talk about it?"),
]


@pytest.mark.model
@pytest.mark.parametrize(("cue", "context", "text"), NOT_CUES, ids=[c[0] for c in NOT_CUES])
def test_cue_stays_quiet(analyzer, cue, context, text):
    assert cue not in cues_of(analyzer.analyze(text, context=context))


@pytest.mark.model
def test_every_reflection_decision_shows_its_sum_and_threshold(analyzer):
    result = analyzer.analyze("It sounds like you're exhausted.", context="I've been up since five.")
    (decision,) = [d for d in result.decisions if d.label == "reflection"]
    assert decision.value == "1"
    assert decision.score == pytest.approx(sum(c.weight for c in decision.counted))
    assert decision.score >= decision.threshold
    stored = [d for d in result.to_dict()["decisions"] if d["label"] == "reflection"]
    assert stored[0]["cues"][0]["name"].startswith("reflection.")


@pytest.mark.model
def test_a_feeling_they_never_expressed_is_marked_for_checking(analyzer):
    result = analyzer.analyze("You sound furious about it.", context="The landlord kept the deposit.")
    assert "reflection.unvoiced_feeling" in cues_of(result)


@pytest.mark.model
def test_units_cross_the_boundary_as_plain_data(analyzer):
    result = analyzer.analyze("You sound tired. Would you be willing to rest tonight?")
    assert [(u.kind, u.question) for u in result.units] == [("statement", "none"), ("request_question", "closed")]
    for unit in result.units:
        assert result.text[unit.start : unit.end] == unit.text
    assert result.to_dict()["units"][1]["kind"] == "request_question"


def test_shipped_weights_load_and_name_every_cue():
    weights = load_weights()
    assert set(REQUIRED_CUES) <= set(weights.cues)
    assert weights.thresholds["reflection"] > 0
    assert weights.cues["reflection.roadblock"] < -5  # a veto, not a trade-off


def test_a_weight_that_is_not_a_number_names_the_file_and_the_cue(tmp_path):
    path = tmp_path / "weights.yaml"
    path.write_text(WEIGHTS_FILE.read_text(encoding="utf-8").replace("reflection.stem: ", "reflection.stem: lots #"))
    with pytest.raises(RuleFileError, match=r"cues\.reflection\.stem: expected a number"):
        load_weights(path)


def test_a_missing_cue_weight_is_refused(tmp_path):
    path = tmp_path / "weights.yaml"
    text = "\n".join(line for line in WEIGHTS_FILE.read_text(encoding="utf-8").splitlines()
                     if not line.strip().startswith("reflection.praise:"))
    path.write_text(text)
    with pytest.raises(RuleFileError, match="reflection.praise"):
        load_weights(path)
