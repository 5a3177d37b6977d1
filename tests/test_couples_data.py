"""Couples data: exercise sets, reviewed text, pair codes and the per-partner summary."""

from __future__ import annotations

import pytest
from couples_factory import POOR, listen, new_session, said, speak

from coach.couples import pairing
from coach.couples import session as S
from coach.couples.exercises import ExerciseError, load_set, load_sets
from coach.couples.summary import sentence_count, summarise
from coach.couples.texts import load_texts

WANTED = {"appreciation-round", "small-complaint", "repair-after-argument", "need-this-week", "free-topic"}


def test_every_exercise_set_loads_with_a_purpose_and_prompts():
    sets = load_sets()
    assert {s.id for s in sets} >= WANTED
    for exercise in sets:
        assert exercise.purpose and exercise.prompts and exercise.starters
        assert exercise.prompt_for(len(exercise.prompts)) == exercise.prompts[0]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("id: x\ntitle: T\npurpose: P\nprompts: [a]\nstarters: [b]\n", "field id: must equal the file name"),
        ("id: broken\ntitle: T\npurpose: P\nprompts: []\nstarters: [b]\n", "field prompts"),
        ("id: broken\ntitle: T\npurpose: P\nprompts: [a]\nstarters: [b]\nextra: 1\n", "field extra"),
        ("id: broken\ntitle: T\nprompts: [a]\nstarters: [b]\n", "field purpose"),
        ("- just a list\n", "expected a mapping"),
        ("id: [unclosed\n", "cannot be read as YAML"),
    ],
)
def test_a_broken_exercise_file_names_file_and_field(tmp_path, body, message):
    path = tmp_path / "broken.yaml"
    path.write_text(body)
    with pytest.raises(ExerciseError, match=message) as info:
        load_set(path)
    assert str(path) in str(info.value)


def test_texts_load():
    texts = load_texts()
    assert texts.rules_cards["speaker"].points and texts.rules_cards["listener"].points


def test_two_seats_then_the_session_starts():
    pair = pairing.open_pair("Ann", "free-topic", "tok-a")
    assert pair.waiting and pair.seat_of("tok-a") == 0 and pair.seat_of("nope") is None
    joined = pairing.join_pair(pair, "Ben", "tok-b", ("Anything.",))
    assert joined.session.partners[1].name == "Ben" and joined.seat_of("tok-b") == 1
    assert not joined.is_private(0) and not joined.is_private(1)
    private = pairing.join_pair(pairing.open_pair("Ann", "free-topic", "a", private=True), "Ben", "b", ("x",), True)
    assert private.is_private(0) and private.is_private(1)
    with pytest.raises(S.IllegalMove, match="taken"):
        pairing.join_pair(joined, "Cat", "tok-c", ("Anything.",))


def test_sentence_count():
    assert sentence_count("I felt lonely. I need you. Really!") == 3
    assert sentence_count("I felt lonely") == 1
    assert sentence_count("...") == 0


def test_summary_names_what_each_did_well_without_comparing():
    s = new_session()
    s = S.decide(listen(speak(s), POOR), 0, "not_quite")
    s = S.share(S.write(s, 0, "I missed you.", said("I missed you.")), 0)
    s = S.decide(listen(s), 0, "that_s_it")
    s = S.decide(listen(speak(s)), 1, "that_s_it")
    ann, ben = summarise(S.end(s, 0))
    texts = load_texts().summary
    assert ann.name == "Ann" and ann.spoke == 1 and ann.listened == 1
    assert texts.speaker_well["FEELING"] in ann.speaker_well
    assert texts.speaker_well["clarified"] in ann.speaker_well
    assert texts.listener_well["clean"] in ann.listener_well
    assert texts.listener_well["tried_again"] in ben.listener_well
    assert texts.listener_well["clean"] not in ben.listener_well  # his first try answered back
    assert ben.try_next == load_texts().problems["rebuttal"].try_
    assert ann.try_next and ann.try_next != ben.try_next


def test_summary_of_an_empty_session_has_nothing_well_done():
    ann, ben = summarise(S.end(new_session(), 0))
    assert ann.speaker_well == ann.listener_well == () and ann.try_next


def test_appreciation_round_is_coached_as_appreciation_not_speaking_up():
    from coach.couples.exercises import find_set, load_sets
    from coach.task import turn_for

    assert find_set("appreciation-round").skill == "appreciation"
    assert find_set("need-this-week").skill == "asking"
    for exercise in load_sets():
        assert turn_for(exercise.skill).skill == exercise.skill  # a skill the coach knows
