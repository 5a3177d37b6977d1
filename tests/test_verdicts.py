"""Task-aware verdicts (coach/task.py + coach/feedback.py) on hand-built analyses, and the
issue's own replies through the real engine (marked `model`)."""

from __future__ import annotations

import pytest
from analysis_factory import WithExtras, analysis, cue, decided, flag, unit
from hypothesis import given
from hypothesis import strategies as st

from coach.feedback import build_feedback
from coach.messages import load_messages
from coach.scenarios import SKILLS
from coach.task import UnknownSkillError, judge, load_policy, turn_for
from nlp.evidence import decide_by_score

MODEL = (
    "When I saw the sink full after I cooked, I felt frustrated because I need us to share "
    "the chores. Would you be willing to wash up tonight?"
)
THEIR_LINE = "What's with the face? I said I'd get to them."
WHAT_OR_HOW = "Turn it into a what or how question."


def categories(feedback) -> set[str]:
    return {p.flag.category for p in feedback.points}


def meter_keys(feedback) -> set[str]:
    return {m.key for m in feedback.meters}


def model_i_statement():
    return analysis(
        MODEL,
        flag(MODEL, "I cooked", "HIJACKING", "roadblock.own_story"),
        flag(MODEL, "I felt frustrated", "FEELING"),
        flag(MODEL, "I need", "NEED"),
        flag(MODEL, "Would you be willing to", "REQUEST", "request.willing"),
        flag(MODEL, "Would you be willing to wash up tonight?", "CLOSED_QUESTION"),
        context=THEIR_LINE,
    )


# ---- skills and turns ---------------------------------------------------------------------


def test_every_scenario_skill_maps_to_a_coach_skill():
    policy = load_policy()
    for slug in SKILLS:
        assert policy.skill_name(slug) in policy.skills
    for name in ("speaking_up", "listening", "asking", "repair", "appreciation"):
        assert policy.skill_name(name) == name
        assert policy.scenario_slug(name) in SKILLS
        assert policy.scenario_slug(name) in load_messages().skills


def test_an_unknown_skill_names_the_choices():
    with pytest.raises(UnknownSkillError, match="speaking_up, listening"):
        turn_for("juggling")


# ---- own story is the point outside listening ------------------------------------------------


def test_the_model_i_statement_helps_when_speaking_up():
    feedback = build_feedback(model_i_statement(), "speaking_up")
    assert feedback.verdict.polarity == "helps"
    assert "HIJACKING" not in categories(feedback)
    assert "listening" not in meter_keys(feedback)
    assert feedback.try_next.headline != WHAT_OR_HOW
    reasons = {d.flag.category: d.reason for d in feedback.judged.dropped}
    assert "only counts while listening" in reasons["HIJACKING"]


@pytest.mark.parametrize("skill", ["speak_up", "make_request", "repair", "appreciation"])
def test_own_story_is_never_hijacking_outside_listening(skill):
    assert "HIJACKING" not in categories(build_feedback(model_i_statement(), skill))


def test_own_story_is_hijacking_when_listening_to_what_they_shared():
    text = "The same thing happened to me last year."
    a = analysis(text, flag(text, "happened to me", "HIJACKING"), context="My boss shouted at me today.")
    for feedback in (build_feedback(a, "listening"), build_feedback(a)):  # no skill: they shared
        assert feedback.verdict.polarity == "hurts"
        assert feedback.verdict.came_across == "turning it to your own story"


def test_with_no_skill_and_no_line_of_theirs_own_story_is_fine():
    text = "The same thing happened to me last year."
    a = analysis(text, flag(text, "happened to me", "HIJACKING"))
    assert build_feedback(a).verdict.polarity == "neutral"


# ---- requests ---------------------------------------------------------------------------------


def test_a_request_question_is_never_told_to_become_an_open_question_even_when_listening():
    feedback = build_feedback(model_i_statement(), "listening")
    assert "CLOSED_QUESTION" not in categories(feedback)
    assert feedback.try_next.headline != WHAT_OR_HOW


def test_a_request_unit_from_the_engine_also_counts_as_a_request():
    text = "Could you take the bins out tonight?"
    plain = analysis(text, flag(text, text, "CLOSED_QUESTION"), context="I'm home late.")
    assert "CLOSED_QUESTION" in categories(build_feedback(plain, "listening"))
    extras = WithExtras(plain, units=(unit(text, text, "request_question"),))
    assert "CLOSED_QUESTION" not in categories(build_feedback(extras, "listening"))


# ---- sarcasm and accusing questions --------------------------------------------------------------


SARCASM = "Oh great, thanks so much for finally showing up."


def test_sarcasm_is_never_praised():
    a = analysis(
        SARCASM,
        flag(SARCASM, "Oh great", "CONTEMPT", "contempt.sarcasm_marker"),
        flag(SARCASM, "thanks so much for", "APPRECIATION", "appreciation.thanks"),
    )
    for skill in (None, "appreciation", "listening"):
        feedback = build_feedback(a, skill)
        assert feedback.verdict.polarity == "hurts"
        assert feedback.went_well == ()
        assert "APPRECIATION" not in categories(feedback)
        assert not any("Appreciation" in r for m in feedback.meters for r in m.reasons)


def test_a_sarcasm_cue_from_the_engine_also_stops_praise():
    a = analysis(SARCASM, flag(SARCASM, "thanks so much for", "APPRECIATION"))
    assert build_feedback(a).went_well
    extras = WithExtras(a, decisions=(decided("horsemen.contempt", cue(SARCASM, "finally", "contempt.sarcasm")),))
    assert build_feedback(extras).went_well == ()


def test_one_why_always_question_is_blame_only():
    text = "Why do you always leave the dishes for me?"
    a = analysis(
        text,
        flag(text, "Why do you always", "CRITICISM", "blame.why_always"),
        flag(text, "Why do you always", "INTERROGATING", "roadblock.probing_why"),
        flag(text, text, "OPEN_QUESTION"),
    )
    feedback = build_feedback(a, "listening")
    assert categories(feedback) == {"CRITICISM"}
    assert feedback.went_well == ()
    assert not any("questions" in r.lower() for m in feedback.meters for r in m.reasons)


# ---- reflections ----------------------------------------------------------------------------


HEARD = "I've had a long week at the job and I'm so tired."


def test_reflection_credit_says_which_of_their_words_it_carried_over():
    text = "So the job has left you tired."
    a = analysis(
        text,
        flag(text, "So", "REFLECTION", "reflection.so_summary"),
        flag(text, "job", "REFLECTION", "reflection.echo"),
        flag(text, "tired", "REFLECTION", "reflection.echo"),
        context=HEARD,
    )
    well = build_feedback(a, "listening").went_well[0].well
    assert "“job”, “tired”" in well


def test_echoed_words_can_come_from_the_engine_decisions():
    text = "So the job has left you tired."
    a = analysis(text, flag(text, "So", "REFLECTION", "reflection.so_summary"), context=HEARD)
    extras = WithExtras(a, decisions=(decided("reflection", cue(text, "job", "reflection.echo")),))
    assert "“job”" in build_feedback(extras, "listening").went_well[0].well


def _guessed_feeling(context: str | None = HEARD, evidence: str = "their feeling: angry"):
    text = "It sounds like you're angry."
    return text, analysis(
        text,
        flag(text, "It sounds like", "REFLECTION", "reflection.stem"),
        flag(text, "angry", "REFLECTION", "reflection.their_feeling", evidence=evidence),
        context=context,
    )


def test_a_feeling_they_never_said_is_a_check_it_with_them_note():
    _, a = _guessed_feeling()
    feedback = build_feedback(a, "listening")
    guessed = [p for p in feedback.points if p.flag.text == "angry"]
    assert guessed[0].flag.category == "UNVOICED_FEELING" and guessed[0].polarity == "note"
    assert feedback.try_next.headline == "Check it with them."


def test_a_feeling_in_their_family_keeps_full_credit_and_is_named():
    _, a = _guessed_feeling(evidence="same family as theirs: angry")
    feedback = build_feedback(a, "listening")
    assert "UNVOICED_FEELING" not in categories(feedback)
    assert "“angry”" in feedback.went_well[0].well


def test_without_their_words_a_named_feeling_is_not_judged_unvoiced():
    _, a = _guessed_feeling(context=None)
    assert "UNVOICED_FEELING" not in categories(build_feedback(a))


def test_a_reply_that_already_checks_keeps_full_credit():
    text, a = _guessed_feeling()
    text2 = text + " Is that right?"
    a2 = analysis(text2, *a.flags, context=HEARD)
    extras = WithExtras(a2, units=(unit(text2, "Is that right?", "check"),))
    assert "UNVOICED_FEELING" not in categories(build_feedback(extras, "listening"))


def test_the_engine_unvoiced_feeling_cue_is_honoured():
    text = "You must feel ashamed."
    a = analysis(text, flag(text, "ashamed", "REFLECTION", "reflection.their_feeling"), context=HEARD)
    extras = WithExtras(a, decisions=(decided("reflection", cue(text, "ashamed", "reflection.unvoiced_feeling")),))
    assert "UNVOICED_FEELING" in categories(build_feedback(extras, "listening"))


# ---- the builder --------------------------------------------------------------------------------


def test_the_builder_sentence_is_speaking_up_and_an_insult_is_flagged():
    text = "When you acted like an idiot, I feel worried, because I need to know you're safe."
    a = analysis(
        text,
        flag(text, "you acted", "REFLECTION", "reflection.second_person"),
        flag(text, "idiot", "CONTEMPT", "contempt.insult"),
        flag(text, "I feel worried", "FEELING"),
        flag(text, "safe", "REFLECTION", "reflection.their_feeling", evidence="their feeling: safe"),
    )
    feedback = build_feedback(a, turn=turn_for("speaking_up"))
    assert "REFLECTION" not in categories(feedback) and "UNVOICED_FEELING" not in categories(feedback)
    assert "listening" not in meter_keys(feedback)
    assert feedback.verdict.polarity == "mixed" and feedback.verdict.quote == "idiot"


# ---- observation, meters and the headline ----------------------------------------------------------


def test_an_observation_is_credited():
    text = "When you checked your phone at dinner last night, I felt lonely."
    a = analysis(
        text,
        flag(text, "When you checked your phone at dinner last night", "OBSERVATION"),
        flag(text, "I felt lonely", "FEELING"),
    )
    feedback = build_feedback(a, "speaking_up")
    assert "OBSERVATION" in {p.flag.category for p in feedback.went_well} | categories(feedback)
    owning = next(m for m in feedback.meters if m.key == "owning")
    assert any("Something specific" in r for r in owning.reasons)


def test_meters_with_no_signal_are_not_shown():
    text = "I feel worried."
    feedback = build_feedback(analysis(text, flag(text, "I feel worried", "FEELING")), "speaking_up")
    assert meter_keys(feedback) == {"owning", "calm"}
    assert all(m.measured for m in feedback.meters)


POOL = ["CRITICISM", "CONTEMPT", "HIJACKING", "ADVISING", "FEELING", "NEED", "REQUEST",
        "REFLECTION", "APPRECIATION", "OPEN_QUESTION", "CLOSED_QUESTION", "INTERROGATING"]
WORDS = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima"


@given(
    st.lists(st.tuples(st.sampled_from(POOL), st.integers(0, 11)), max_size=6),
    st.sampled_from([None, "speaking_up", "listening", "asking", "repair", "appreciation"]),
    st.booleans(),
)
def test_the_headline_never_contradicts_the_points(picks, skill, shared):
    words = WORDS.split()
    a = analysis(WORDS, *(flag(WORDS, words[i], c) for c, i in picks), context="Hi." if shared else None)
    feedback = build_feedback(a, skill)
    polarities = {p.polarity for p in feedback.points}
    verdict = feedback.verdict
    expected = {
        (True, True): "mixed", (True, False): "hurts", (False, True): "helps", (False, False): "neutral"
    }[("hurts" in polarities, "helps" in polarities)]
    assert verdict.polarity == expected
    if verdict.came_across:
        assert verdict.came_across in verdict.headline
        assert any(p.flag.text == verdict.quote for p in feedback.points)
    names = {load_messages().categories[p.flag.category].came_across for p in feedback.points}
    assert not verdict.came_across or verdict.came_across in names


# ---- the replies through the real engine ------------------------------------------------


@pytest.fixture(scope="module")
def real(request):
    import nlp

    return nlp.get_analyzer()


@pytest.mark.model
def test_engine_model_i_statement_for_speaking_up(real):
    feedback = build_feedback(real.analyze(MODEL, context=THEIR_LINE), "speak_up")
    assert feedback.verdict.polarity == "helps"
    assert "HIJACKING" not in categories(feedback)
    assert "listening" not in meter_keys(feedback)


@pytest.mark.model
def test_engine_sarcastic_thanks_is_not_praised(real):
    feedback = build_feedback(real.analyze(SARCASM), "appreciation")
    assert feedback.verdict.polarity == "hurts"
    assert all(p.flag.category != "APPRECIATION" for p in feedback.went_well)


@pytest.mark.model
@pytest.mark.parametrize("skill", ["speak_up", "make_request", "listen_reflect"])
def test_engine_request_question_is_a_request(real, skill):
    text = (
        "I felt tired and a bit alone when I saw the sink full after I'd cooked. "
        "Would you be willing to do them tonight?"
    )
    feedback = build_feedback(real.analyze(text, context=THEIR_LINE), skill)
    assert "CLOSED_QUESTION" not in categories(feedback)
    assert feedback.try_next.headline != WHAT_OR_HOW


@pytest.mark.model
def test_engine_why_always_is_not_also_an_open_question(real):
    feedback = build_feedback(real.analyze("Why do you always leave the dishes for me?"), "listening")
    assert "OPEN_QUESTION" not in categories(feedback)
    assert "INTERROGATING" not in categories(feedback)


@pytest.mark.model
def test_engine_builder_sentence_with_an_insult(real):
    from coach import builder

    built = builder.assemble("you acted like a selfish idiot", "worried", "to know you're safe", "text me")
    feedback = build_feedback(real.analyze(built.sentence), turn=turn_for("speaking_up"))
    assert "CONTEMPT" in categories(feedback)
    assert "REFLECTION" not in categories(feedback)


@pytest.mark.model
def test_engine_guessed_feeling_is_checked(real):
    a = real.analyze("It sounds like you're really angry about the move.", context="The move is killing me.")
    feedback = build_feedback(a, "listening")
    assert "UNVOICED_FEELING" in categories(feedback)


def test_judge_keeps_crisis_out_of_the_points():
    text = "I want to die."
    a = analysis(text, flag(text, "want to die", "CRISIS", polarity="hurts"))
    assert judge(a).flags == ()


def test_a_sarcasm_label_decided_by_the_engine_also_stops_praise():
    a = analysis(SARCASM, flag(SARCASM, "thanks so much for", "APPRECIATION"))
    no = WithExtras(a, decisions=(decided("sarcasm"),))  # decided "0": no cues
    assert build_feedback(no).went_well
    yes = WithExtras(a, decisions=(decided("sarcasm", cue(SARCASM, "Oh great", "tone.positive_words", 2.0)),))
    assert build_feedback(yes).went_well == ()


def test_echoes_from_a_unit_that_was_not_a_reflection_are_not_quoted():
    text = "So the job has left you tired."
    a = analysis(text, flag(text, "So", "REFLECTION", "reflection.so_summary"), context=HEARD)
    no = decide_by_score("reflection", (cue(text, "job", "reflection.echo", 0.25),), 1.0)
    assert no.value == "0"
    assert "“job”" not in build_feedback(WithExtras(a, decisions=(no,)), "listening").went_well[0].well


def test_free_practice_without_their_line_still_credits_a_reflection():
    text = "It sounds like you're worn out."
    a = analysis(text, flag(text, "It sounds like", "REFLECTION", "reflection.stem"))
    assert "REFLECTION" in categories(build_feedback(a))
    assert "REFLECTION" not in categories(build_feedback(a, "speaking_up"))


def test_what_the_skill_wants_leads_the_headline():
    feedback = build_feedback(model_i_statement(), "speaking_up")
    assert feedback.verdict.came_across == "honest about how you feel"
    assert build_feedback(model_i_statement(), "asking").verdict.came_across == "a clear request"


def test_what_the_skill_wants_comes_first_in_what_went_well():
    assert build_feedback(model_i_statement(), "speaking_up").went_well[0].flag.category == "FEELING"
    assert build_feedback(model_i_statement(), "asking").went_well[0].flag.category == "REQUEST"
