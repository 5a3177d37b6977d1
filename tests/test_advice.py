"""Advice by structure (nlp/advice.py and the advice rules in roadblocks.yaml): each
form found with its words pinned, and the look-alikes that are not advice."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

CONTEXT = "I can't sleep and work is piling up."

ADVICE = [
    ("Maybe you could ask your boss for a day off.", "roadblock.advice_you_modal", "you could ask"),
    ("I think you should take the weekend off.", "roadblock.advice_you_modal", "you should take"),
    ("It might help to write it all down.", "roadblock.advice_impersonal", "It might help"),
    ("The best thing is to talk to your manager.", "roadblock.advice_impersonal", "The best thing is to"),
    ("I'd recommend a walk before bed.", "roadblock.advice_i_would", "I'd recommend"),
    ("Honestly, I'd talk to your boss first.", "roadblock.advice_i_would", "I'd talk"),
    ("Have you looked into a sleep clinic?", "roadblock.advice_suggestion_question", "Have you looked into"),
    ("Why not ask for help?", "roadblock.advice_suggestion_question", "Why not ask"),
    ("That sounds rough, so just go to bed earlier.", "roadblock.advising_order", None),
]


@pytest.mark.parametrize(("text", "rule_id", "words"), ADVICE, ids=[a[0][:40] for a in ADVICE])
def test_advice_is_found_by_its_structure(analyzer, text, rule_id, words):
    result = analyzer.analyze(text, context=CONTEXT)
    assert "advising" in result.roadblocks
    flags = [f for f in result.flags if f.rule_id == rule_id]
    assert flags, [f.rule_id for f in result.flags]
    if words is not None:
        assert flags[0].text == words


NOT_ADVICE = [
    "You must be exhausted.",  # sympathy
    "She said you should take a break.",  # reported speech
    "If you could change one thing, what would it be?",  # a conditional about them
    "I'd love to hear how it went.",  # my wish
    "I would be worn out too.",  # my feeling
    "It sounds like you're carrying a lot.",  # a reflection
    "Have you eaten today?",  # a plain question
]


@pytest.mark.parametrize("text", NOT_ADVICE)
def test_look_alikes_are_not_advice(analyzer, text):
    assert "advising" not in analyzer.analyze(text, context=CONTEXT).roadblocks


def test_advice_decision_names_its_cue(analyzer):
    result = analyzer.analyze("Maybe you could ask her to help.", context="My sister never helps.")
    (decision,) = [d for d in result.decisions if d.label == "roadblocks.advising"]
    assert decision.value == "1"
    assert [c.name for c in decision.counted] == ["roadblock.advice_you_modal"]
