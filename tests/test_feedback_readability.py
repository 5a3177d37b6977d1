"""Bugs a new user's pass found in the feedback card: each test is named after the bug.

Hand-built analyses (tests/analysis_factory.py): the model is not the point here.
"""

from __future__ import annotations

from analysis_factory import WithExtras, analysis, flag, unit

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


def test_is_that_right_after_a_reflection_gets_no_yes_or_no_note():
    text = "It sounds like a lot, is that right?"
    reply = analysis(
        text,
        flag(text, "It sounds like", "REFLECTION", "reflection.stem"),
        flag(text, "is that right?", "CLOSED_QUESTION", "question.closed"),
        context=THEIRS,
    )
    result = build_feedback(WithExtras(reply, units=(unit(text, "is that right?", "check"),)), "listening")
    assert [p.flag.category for p in result.points] == ["REFLECTION"]
    assert "what or how question" not in result.try_next.headline


def test_same_words_same_rule_twice_is_one_point():
    text = "Part of you wants to stay and part of you is exhausted."
    marks = [("Part of you", "REFLECTION", "reflection.stem"), ("part of you", "REFLECTION", "reflection.stem")]
    assert categories(text, *marks, skill="listening") == ["REFLECTION"]


def test_two_rules_on_identical_words_are_one_point():
    marks = [("Have you tried", "ADVISING", "roadblock.a"), ("Have you tried", "ADVISING", "roadblock.b")]
    assert categories("Have you tried calling?", *marks, skill="listening") == ["ADVISING"]


def test_advice_question_is_not_also_a_yes_or_no_note():
    text = "Have you tried calling her doctor?"
    marks = [("Have you tried", "ADVISING", "roadblock.advising"), (text, "CLOSED_QUESTION", "question.closed")]
    assert categories(text, *marks, skill="listening") == ["ADVISING"]


def test_changing_the_subject_with_a_question_is_not_praised_as_curious():
    text = "Anyway, what do you want for dinner?"
    marks = [("Anyway", "WITHDRAWING", "roadblock.subject_change"), (text, "OPEN_QUESTION", "question.open")]
    result = card(text, *marks, skill="listening")
    assert result.verdict.polarity == "hurts"
    assert not result.went_well


def test_i_want_you_to_is_an_order_not_also_a_need():
    marks = [("I want", "NEED", "istatement.need"), ("I want you to", "DEMAND", "request.demand_marker")]
    result = card("I want you to be more considerate.", *marks, skill="asking", context="What now?")
    assert result.verdict.polarity == "hurts"
    assert [p.flag.category for p in result.points] == ["DEMAND"]


def test_overreacting_is_one_blame_point_not_also_judging():
    marks = [("you're overreacting", "CRITICISM", "blame.mind_reading"), ("you're overreacting", "JUDGING", "j")]
    assert categories("Honestly you're overreacting.", *marks, skill="repair") == ["CRITICISM"]


def test_guess_at_their_feeling_while_thanking_gets_no_check_it_tip():
    text = "Thanks for fixing the shelf, I know you were tired."
    marks = [
        ("Thanks for", "APPRECIATION", "appreciation.thanks"),
        ("tired", "REFLECTION", "reflection.unvoiced_feeling"),
    ]
    result = card(text, *marks, skill="appreciation", context="I fixed the shelf.")
    assert [p.flag.category for p in result.points] == ["APPRECIATION"]
    assert "Check it" not in result.try_next.headline


def test_guess_at_their_feeling_while_listening_is_still_a_check_it_note():
    mark = ("anxious", "REFLECTION", "reflection.unvoiced_feeling")
    assert categories("You're anxious.", mark, skill="listening") == ["UNVOICED_FEELING"]


def test_i_admire_counts_as_appreciation_in_an_appreciation_turn():
    mark = ("I admire", "I_STATEMENT", "istatement.appreciate")
    result = card("I admire how patient you were today.", mark, skill="appreciation", context="Done.")
    assert result.verdict.came_across == "appreciation"
    assert "Name one specific thing" not in result.try_next.headline
    assert categories("I admire how patient you were.", mark, skill="speaking_up", context="?") == ["I_STATEMENT"]


def test_summary_list_has_one_mark_per_line_not_a_bullet_and_a_tick():
    from streamlit.testing.v1 import AppTest

    def page():
        from coach.practice import Summary
        from ui.components import summary_view

        summary_view(Summary(2, 3, "Speak up", ("Turn 1: “Blame” gone after another try",), (), ()))

    at = AppTest.from_function(page).run()
    shown = "\n".join(m.value for m in at.markdown)
    assert "- Turn 1: “Blame” gone after another try" in shown
    assert "✓" not in shown


def test_you_must_be_gutted_is_a_reflection_not_an_order():
    marks = [("You must", "DEMAND", "request.demand_marker"), ("You must be", "REFLECTION", "reflection.stem")]
    result = card("You must be gutted.", *marks, skill="listening")
    assert result.verdict.polarity == "helps"
    assert "DEMAND" not in {p.flag.category for p in result.points}


def test_you_must_without_a_reflection_stem_is_still_an_order():
    mark = ("You must", "DEMAND", "request.demand_marker")
    assert categories("You must call me back.", mark, skill="asking", context="What?") == ["DEMAND"]
