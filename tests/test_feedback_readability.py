"""Bugs a new user's pass found in the feedback card: each test is named after the bug.

Hand-built analyses (tests/analysis_factory.py): the model is not the point here.
"""

from __future__ import annotations

from analysis_factory import analysis, flag

from coach.feedback import build_feedback

THEIRS = "I've been so stressed at work, my boss keeps piling things on."


def card(text, *marks, skill=None, context=THEIRS):
    """The card for `text` with each (words, category, rule id) mark flagged."""
    reply = analysis(text, *(flag(text, *m) for m in marks), context=context)
    return build_feedback(reply, skill)


def categories(text, *marks, skill=None, context=THEIRS):
    return [p.flag.category for p in card(text, *marks, skill=skill, context=context).points]


def test_restatement_with_question_mark_gets_no_yes_or_no_note():
    text = "That worries you?"
    result = card(
        text,
        (text, "CLOSED_QUESTION", "question.closed"),
        ("you", "REFLECTION", "reflection.second_person"),
        skill="listening",
    )
    assert [p.flag.category for p in result.points] == ["REFLECTION"]
    assert "what or how question" not in result.try_next.headline
    assert any("restatement" in d.reason for d in result.judged.dropped)


def test_a_fact_question_keeps_its_yes_or_no_note_beside_a_reflection():
    text = "Did you talk to him?"
    marks = [(text, "CLOSED_QUESTION", "question.closed"), ("you", "REFLECTION", "reflection.second_person")]
    assert "CLOSED_QUESTION" in categories(text, *marks, skill="listening")


def test_headline_never_quotes_just_you():
    result = card("That worries you?", ("you", "REFLECTION", "reflection.second_person"), skill="listening")
    assert result.verdict.quote == "That worries you?"
    assert result.went_well[0].quote == "That worries you?"


def test_a_meaningful_mark_is_quoted_as_it_is():
    mark = ("exhausted", "REFLECTION", "reflection.their_feeling")
    assert card("Sounds like a lot. You're exhausted.", mark, skill="listening").verdict.quote == "exhausted"


def test_it_sounds_and_it_sounds_like_are_one_point_not_two():
    marks = [("It sounds", "REFLECTION", "reflection.weak_stem"), ("It sounds like", "REFLECTION", "reflection.stem")]
    assert [p.quote for p in card("It sounds like a lot.", *marks, skill="listening").points] == ["It sounds like"]


def test_nested_points_of_different_categories_both_stay():
    marks = [
        ("yesterday", "OBSERVATION", "observation.specific"),
        ("When you were late yesterday", "REFLECTION", "reflection.second_person"),
    ]
    found = categories("When you were late yesterday, I felt worried.", *marks, context=None)
    assert {"OBSERVATION", "REFLECTION"} <= set(found)


def test_an_order_is_not_also_advice():
    marks = [("You need", "ADVISING", "roadblock.advice_you_modal"), ("You need to", "DEMAND", "request.demand_marker")]
    assert categories("You need to stop being late.", *marks, skill="asking", context="What now?") == ["DEMAND"]


def test_a_pause_is_a_repair_not_also_a_need_word():
    marks = [("I need", "NEED", "istatement.need"), ("I need a pause", "REPAIR", "repair.restart")]
    found = categories("I need a pause; can we pick this up after dinner?", *marks, skill="repair", context="Ugh.")
    assert "NEED" not in found


def test_counter_blame_question_is_not_praised_as_curious():
    text = "It's not my fault, what about when you were late?"
    result = card(
        text,
        ("It's not my fault", "DEFENSIVENESS", "defensiveness.innocent_victim"),
        (text, "OPEN_QUESTION", "question.open"),
        ("what about when you", "DEFENSIVENESS", "defensiveness.counter_blame"),
        ("when you were late", "OBSERVATION", "observation.specific"),
        skill="repair",
        context="You always do this.",
    )
    assert result.verdict.polarity == "hurts"
    assert not result.went_well


def test_you_sentence_outside_listening_is_not_praised_as_listening():
    mark = ("You always brighten", "REFLECTION", "reflection.second_person")
    result = card("You always brighten my day.", mark, skill="appreciation", context="Thanks for dinner.")
    assert result.verdict.polarity == "neutral"
    assert not result.went_well


def test_you_sentence_while_listening_still_counts_as_a_reflection():
    mark = ("You're", "REFLECTION", "reflection.second_person")
    assert card("You're exhausted.", mark, skill="listening").verdict.polarity == "helps"


REQUEST = ("Could you", "REQUEST", "request.willing")
SUGGESTION = ("Could you maybe", "ADVISING", "roadblock.advice_suggestion_question")


def test_hedged_request_is_not_called_advice_when_asking():
    found = categories("Could you maybe text me?", REQUEST, SUGGESTION, skill="asking", context="What now?")
    assert "ADVISING" not in found


def test_a_suggestion_question_is_still_advice_while_listening():
    assert "ADVISING" in categories("Could you maybe talk to him?", REQUEST, SUGGESTION, skill="listening")
