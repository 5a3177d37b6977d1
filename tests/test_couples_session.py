"""The speaker–listener state machine: every move, whose turn, illegal moves, the crisis stop."""

from __future__ import annotations

import json

import pytest
from analysis_factory import analysis, flag
from couples_factory import GOOD, POOR, SPEAKER, heard_check, listen, new_session, said, speak

from coach.couples import session as S
from coach.couples.serial import StateError, session_from_dict, session_to_dict

CRISIS = "I want to kill myself."


def crisis() -> object:
    return analysis(CRISIS, flag(CRISIS, "kill myself", "CRISIS", polarity="note"), crisis=True)


def test_start_gives_the_floor_to_the_first_speaker():
    s = S.start(("Ann", "Ben"), "free-topic", ("Anything.",), first_speaker=1)
    assert (s.phase, s.floor, S.whose_turn(s)) == ("speaking", 1, 1)
    assert S.role_of(s, 1) == "speaker" and S.role_of(s, 0) == "listener"
    assert s.current.prompt == "Anything."


@pytest.mark.parametrize(
    ("names", "message"),
    [(("Ann", ""), "Type a name"), (("Ann", "ann "), "two different names"), (("A" * 41, "B"), "40 characters"),
     (("<b>Ann</b>", "Ben"), "not / < >"), (("**Ann**", "Ben"), r"not \*")],
)
def test_start_rejects_bad_names(names, message):
    with pytest.raises(S.IllegalMove, match=message):
        S.start(names, "free-topic", ("x",))


def test_names_in_any_alphabet_are_fine():
    s = S.start(("Zoë O'Neill-Smith", "Łukasz"), "free-topic", ("x",))
    assert [p.name for p in s.partners] == ["Zoë O'Neill-Smith", "Łukasz"]


def test_speaker_draft_is_private_until_shared():
    s = new_session()
    s = S.write(s, 0, SPEAKER, said(SPEAKER))
    assert s.phase == "speaking" and s.current.statement == ""
    assert S.visible_draft(s, 0).text == SPEAKER
    assert S.visible_draft(s, 1) is None
    s = S.share(s, 0)
    assert (s.phase, s.current.statement, s.draft) == ("listening", SPEAKER, None)
    assert S.whose_turn(s) == 1


def test_rephrasing_counts_tries_and_keeps_only_the_last():
    s = S.write(new_session(), 0, "You never call.", said("You never call."))
    s = S.write(s, 0, SPEAKER, said(SPEAKER))
    assert s.draft.tries == 2 and s.draft.text == SPEAKER
    s = S.share(s, 0)
    assert s.current.speaker_tries == 2 and s.current.statement == SPEAKER


def test_listener_shares_then_speaker_decides_that_s_it_and_roles_swap():
    s = listen(speak(new_session()))
    assert s.phase == "deciding" and S.whose_turn(s) == 0
    assert s.current.reflections[-1].text == GOOD
    s = S.decide(s, 0, "that_s_it")
    assert s.phase == "speaking" and s.floor == 1 and len(s.exchanges) == 2
    assert s.exchanges[0].reflections[-1].decision == "that_s_it"
    assert s.current.prompt == "First prompt."  # each partner gets the first prompt
    s = S.decide(listen(speak(s)), 1, "that_s_it")
    assert s.floor == 0 and s.current.prompt == "Second prompt."


def test_not_quite_lets_the_speaker_add_and_the_listener_try_again():
    s = S.decide(listen(speak(new_session()), POOR), 0, "not_quite")
    assert s.phase == "adding" and S.whose_turn(s) == 0
    s = S.share(S.write(s, 0, "I missed you.", said("I missed you.")), 0)
    assert s.phase == "listening" and s.current.heard == f"{SPEAKER} I missed you."
    s = S.decide(listen(s), 0, "that_s_it")
    first = s.exchanges[0]
    assert [r.decision for r in first.reflections] == ["not_quite", "that_s_it"]
    assert s.floor == 1


def test_partly_then_pass_the_floor_without_adding():
    s = S.decide(listen(speak(new_session())), 0, "partly")
    s = S.pass_floor(s, 0)
    assert s.phase == "speaking" and s.floor == 1 and s.exchanges[0].additions == ()


@pytest.mark.parametrize(
    ("setup", "move"),
    [
        (lambda s: s, lambda s: S.write(s, 1, "hi", said("hi"))),  # listener writes while the speaker speaks
        (lambda s: s, lambda s: S.share(s, 0)),  # nothing written yet
        (lambda s: s, lambda s: S.decide(s, 0, "that_s_it")),  # nothing to decide on
        (speak, lambda s: S.write(s, 0, "more", said("more"))),  # speaker writes while listener listens
        (speak, lambda s: S.write(s, 1, GOOD, said(GOOD))),  # a listener draft without its check
        (lambda s: listen(speak(s)), lambda s: S.decide(s, 1, "that_s_it")),  # the listener can't decide
        (lambda s: listen(speak(s)), lambda s: S.decide(s, 0, "great")),  # not a decision
        (lambda s: listen(speak(s)), lambda s: S.pass_floor(s, 0)),  # must decide first
        (lambda s: S.end(s, 0), lambda s: S.write(s, 0, "hi", said("hi"))),  # ended
        (lambda s: S.end(s, 0), lambda s: S.end(s, 1)),
        (lambda s: s, lambda s: S.write(s, 0, "   ", said("   "))),  # empty words
        (lambda s: s, lambda s: S.end(s, 2)),  # no third partner
    ],
)
def test_illegal_moves_are_rejected(setup, move):
    s = setup(new_session())
    with pytest.raises(S.IllegalMove):
        move(s)


def test_wrong_partner_is_told_whose_turn_it_is():
    with pytest.raises(S.IllegalMove, match="It's Ann's turn"):
        S.write(new_session(), 1, "hi", said("hi"))


def test_moves_return_new_state_and_leave_the_old_one_alone():
    before = new_session()
    after = S.write(before, 0, SPEAKER, said(SPEAKER))
    assert before.draft is None and after.draft is not None and after.step == before.step + 1


@pytest.mark.parametrize("who_stops", ["speaker", "listener"])
def test_crisis_from_either_partner_stops_both_and_keeps_no_words(who_stops):
    s = new_session()
    if who_stops == "listener":
        s = speak(s)
    who = S.whose_turn(s)
    stopped = S.write(s, who, CRISIS, crisis())
    assert stopped.phase == "stopped_for_safety" and stopped.stopped_by == who
    assert S.whose_turn(stopped) is None and stopped.draft is None
    assert CRISIS not in json.dumps(session_to_dict(stopped))
    with pytest.raises(S.IllegalMove, match="paused for safety"):
        S.write(stopped, 1 - who, "hello", said("hello"))


def test_end_drops_unshared_drafts():
    s = S.write(new_session(), 0, SPEAKER, said(SPEAKER))
    ended = S.end(s, 1)
    assert ended.phase == "ended" and ended.draft is None


def test_state_round_trips_through_json():
    s = S.decide(listen(S.share(S.write(S.decide(listen(speak(new_session()), POOR), 0, "not_quite"), 0,
                                        "I missed you.", said("I missed you.")), 0)), 0, "that_s_it")
    s = S.write(s, 1, SPEAKER, said(SPEAKER, ("lonely", "FEELING")))
    back = session_from_dict(json.loads(json.dumps(session_to_dict(s))))
    assert back == s


@pytest.mark.parametrize("bad", [None, {}, {"version": 99}, {"version": 1, "session": {"phase": "speaking"}},
                                 {"version": 1, "session": []}])
def test_damaged_state_is_a_clear_error(bad):
    with pytest.raises(StateError):
        session_from_dict(bad)


def test_listener_check_is_stored_with_the_reflection():
    s = listen(speak(new_session()))
    check = s.current.reflections[-1].check
    assert "lonely" in [m.speaker.lemma for m in check.feelings_carried]
    _, poor = heard_check(SPEAKER, POOR)
    assert poor.problem_kinds == ("rebuttal",)
