"""Hostility beyond name-calling (issue 6, item 5): each case pins the rule and the
highlighted words; the hard negatives must stay clean. Sarcasm is never praise."""

from __future__ import annotations

import pytest

# (text, context, rule id, highlighted text, horseman)
HOSTILE = [
    ("You're the laziest person I know.", None, "blame.you_label", "You're the laziest person I know", "criticism"),
    ("You lot are such slobs.", None, "contempt.insult", "slobs", "contempt"),
    ("You're both idiots.", None, "contempt.insult", "idiots", "contempt"),
    ("You absolute walnut, you left the gate open.", None, "contempt.you_absolute_noun", "You absolute walnut",
     "contempt"),
    ("Get off the phone, you utter clown.", None, "contempt.you_absolute_noun", "you utter clown", "contempt"),
    ("Calm down, sweetie.", None, "contempt.pet_name_order", "Calm down, sweetie", "contempt"),
    ("Oh bless your heart, you tried.", None, "contempt.condescension", "bless your heart", "contempt"),
    ("With all due respect, you have no idea what you're on about.", None, "contempt.condescension",
     "With all due respect", "contempt"),
    ("How kind of you to finally call me back.", None, "contempt.mock_politeness", "How kind of you", "contempt"),
    ("Your lack of effort is embarrassing.", None, "blame.your_failing", "Your lack of", "criticism"),
    ("Your inability to plan anything is the problem.", None, "blame.your_failing", "Your inability to",
     "criticism"),
    ("Your constant complaining is wearing me down.", None, "blame.your_constant", "Your constant complaining",
     "criticism"),
    ("Oh, *I'm* the problem?", "Honestly, you're the problem here.", "defensiveness.turned_back",
     "I'm* the problem", "defensiveness"),
    ("Oh right, I never help. Sure.", "You never help me with anything.", "defensiveness.turned_back",
     "I never help", "defensiveness"),
    ('"I never help"? Really?', "You never help me with anything.", "contempt.mimicry", "I never help", "contempt"),
    ("Oh great, thanks so much for finally showing up.", None, "contempt.sarcasm_marker", "Oh great", "contempt"),
    ("What a selfish thing to do.", None, "blame.what_a", "What a selfish thing", "criticism"),
]


@pytest.mark.parametrize(("text", "context", "rule_id", "span", "horseman"), HOSTILE)
def test_hostility_is_found_with_its_words(analyzer, text, context, rule_id, span, horseman):
    result = analyzer.analyze(text, context=context)
    assert span in [f.text for f in result.flags if f.rule_id == rule_id], [(f.rule_id, f.text) for f in result.flags]
    assert horseman in result.horsemen
    assert result.style == "blame"


CLEAN = [
    ("you always brighten my day", None),
    ("I don't think you're lazy.", None),
    ('She called me "a lazy slob" and I cried.', None),
    ("You never know with trains.", None),
    ("I'm sorry about your lack of sleep, that sounds hard.", None),
    ("You absolute legend, thank you!", None),
    ("Thanks, sweetie, see you at six.", None),
    ("How kind of you to bring flowers!", None),
    ("Thanks for your endless patience with my mum.", None),
    ("Bless you, that was a big sneeze.", None),
    ("🙄", None),
    ("😂😂", None),
    ("Oh, I'm the problem?", None),  # a retort needs their words to hand back
    ("So you feel I never help with the house?", "You never help me with anything."),
    ("So you're exhausted?", "I'm exhausted."),
    ("What a terrible thing to happen to you.", None),
    ("What a lazy Sunday we had.", None),
]


@pytest.mark.parametrize(("text", "context"), CLEAN)
def test_hard_negatives_stay_clean(analyzer, text, context):
    result = analyzer.analyze(text, context=context)
    assert result.horsemen == (), [(f.rule_id, f.text) for f in result.flags]
    assert result.style != "blame"


def test_sarcastic_thanks_is_never_praise(analyzer):
    result = analyzer.analyze("Oh great, thanks so much for finally showing up.")
    assert not [f for f in result.flags if f.polarity == "helps"]
    sarcasm = next(d for d in result.decisions if d.label == "sarcasm")
    assert sarcasm.value == "1"
    assert [c.text for c in sarcasm.cues if c.vetoed_by] == ["thanks so much for"]


def test_sincere_thanks_is_still_praise(analyzer):
    result = analyzer.analyze("Thanks so much for the lift, you're a star.")
    assert [f.rule_id for f in result.flags if f.polarity == "helps"] == ["appreciation.thanks"]
    assert not any(d.label == "sarcasm" for d in result.decisions)


def test_insult_in_the_situation_is_neither_observation_nor_i_statement(analyzer):
    result = analyzer.analyze("When you were a lazy slob yesterday, I felt angry.")
    assert result.style == "blame"
    assert not [f for f in result.flags if f.polarity == "helps"]
    owned = next(d for d in result.decisions if d.label == "style.i_statement")
    assert owned.value == "0"
    assert any(c.name == "speaking.owned_feeling" and c.vetoed_by for c in owned.cues)


OBSERVED = [
    ("When you left your plates on the table yesterday at dinner, I felt frustrated.",
     "When you left your plates on the table yesterday at dinner"),
    ("When I saw the sink full after I cooked, I felt frustrated because I need us to share the chores.",
     "When I saw the sink full after I cooked"),
    ("You were forty minutes late on Saturday and I waited outside.", "on Saturday"),
    ("You cancelled three times this week.", "three times this week"),
    ('You said "I\'ll be there by six" and you came at nine.', "I'll be there by six"),
]


@pytest.mark.parametrize(("text", "span"), OBSERVED)
def test_observation_is_found_with_its_words(analyzer, text, span):
    flags = [f.text for f in analyzer.analyze(text).flags if f.rule_id == "observation.specific"]
    assert span in flags


@pytest.mark.parametrize("text", [
    "You always leave your plates on the table.",
    "Would you be willing to wash up tonight?",
    "Your mum called twice while you were out, lol.",
])
def test_no_observation_credit_for_absolutes_plans_or_reports(analyzer, text):
    result = analyzer.analyze(text)
    if "always" in text or "tonight" in text:
        assert not [f for f in result.flags if f.rule_id == "observation.specific"]
    assert result.style != "i_statement"  # an observation alone is not an I-statement


def test_model_i_statement_is_credited_with_observation(analyzer):
    text = ("When I saw the sink full after I cooked, I felt frustrated because I need us to share "
            "the chores. Would you be willing to wash up tonight?")
    result = analyzer.analyze(text)
    assert result.style == "i_statement"
    assert result.horsemen == ()
    owned = next(d for d in result.decisions if d.label == "style.i_statement")
    assert {c.name for c in owned.counted} >= {"speaking.owned_feeling", "speaking.need", "speaking.observation"}


@pytest.mark.parametrize(("text", "context"), [
    ("Of course you can talk to me, what would you like to talk about?", "Can I talk to you?"),
    ('What makes you say "I have to take that path"?', "I have to take that path."),
    ("He could just be a jerk, and that's not on you.", None),
    ("So when you were talking about nagging, what did you mean?", None),
    ("You're such a social guy, you'd love the class.", None),
])
def test_counsellor_and_supporter_shapes_are_not_hostile(analyzer, text, context):
    result = analyzer.analyze(text, context=context)
    assert "contempt" not in result.horsemen and "defensiveness" not in result.horsemen, \
        [(f.rule_id, f.text) for f in result.flags]


def test_their_question_is_not_an_accusation_to_hand_back(analyzer):
    result = analyzer.analyze("I'm calmer now, and I want to understand how it has been for you.",
                              context="I'm here. Where do you want to start?")
    assert "defensiveness" not in result.horsemen
