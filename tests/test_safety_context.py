"""The screen's context machinery (fourth round): word-start (PREFIX) tokens, cue-set names
checked at load, and exceptions that need a cue and stand aside for present risk."""

from __future__ import annotations

import pytest

from nlp.errors import RuleFileError
from nlp.safety import engine, screen
from nlp.safety.gates import build_gates
from nlp.safety.rules import SafetyRule, expand_pattern, load_rule_files


def test_prefix_becomes_a_word_start_regex():
    pattern = expand_pattern(({"LOWER": "mich"}, {"PREFIX": ["umbring", "umzubring"]}), {}, "x.yaml: rule 'a.b'")
    assert pattern[1] == {"LOWER": {"REGEX": "^(?:umbring|umzubring)"}}


@pytest.mark.parametrize("bad", [["um"], "umbring", [], ["Umbring"], ["um bring"]])
def test_bad_prefix_names_the_rule(bad):
    with pytest.raises(RuleFileError, match="x.yaml: rule 'a.b': PREFIX must be"):
        expand_pattern(({"PREFIX": bad},), {}, "x.yaml: rule 'a.b'")


def test_a_prefix_token_gates_its_pattern():
    pattern = expand_pattern(({"LOWER": {"IN": ["mich", "sich"]}}, {"PREFIX": ["umbring"]}), {}, "x")
    gates = build_gates([pattern], frozenset({"mich", "sich"}))
    assert not gates.everywhere
    assert gates.prefix == frozenset({"umbring"})
    assert gates.opens("umbringen", "umbringen")
    assert not gates.opens("bringen", "bringen")


def test_an_unknown_cue_set_is_refused(monkeypatch):
    rules, exceptions = load_rule_files()
    broken = SafetyRule.model_validate({
        "id": "ideation.broken", "kind": "ideation", "explain": "A test rule about suicide.",
        "phrases": ["zzz"], "needs_nearby": ["no_such_cues"], "examples": {"match": ["zzz"]}})
    monkeypatch.setattr(engine, "load_rule_files", lambda: ((*rules, broken), exceptions))
    with pytest.raises(RuleFileError, match="'ideation.broken' names unknown cue sets \\['no_such_cues'\\]"):
        engine.Screen()


# Recall first: an exception never vetoes present risk in the same text.
PAIRS = [
    ("past_resolved",
     "I used to cut myself in my teens, that's long behind me and I'm doing well now.",
     "I used to cut myself in my teens and I'm doing well now, but I started again last night."),
    ("answered_no",
     "The GP asked if I ever think about suicide and I said no, just stressed.",
     "The GP asked if I ever think about suicide and I said no, but I lied."),
    ("laughing_threat",
     "my brother will kill me if he finds out I read his diary lol",
     "my brother will kill me if he finds out I told lol, I'm actually terrified of him"),
    ("small_child",
     "my toddler keeps hitting me when he's tired",
     "my toddler watches his dad hit me and I'm scared"),
    ("sport_bruises",
     "judo class tonight, I'm covered in bruises",
     "after class he left me covered in bruises and I'm scared to go home"),
]


@pytest.mark.parametrize(("name", "safe", "risky"), PAIRS, ids=[p[0] for p in PAIRS])
def test_exception_stands_aside_for_present_risk(name, safe, risky):
    assert not screen(safe).risk, screen(safe).hits
    assert screen(risky).risk, screen(risky).vetoed


# Text speak reaches the new families: a dropped g, "bout", "any1", "in2", "ur".
TEXT_SPEAK = [
    ("thinkin bout drivin into a wall on the way home", "drivin into a wall"),
    ("ive been savin up my meds 4 weeks, nothin else works", "savin up my meds"),
    ("my stepdad comes in2 my room at nite n tells me its our secret", "our secret"),
    ("if u leave me ill post ur nudes everywhere he said", "post ur nudes"),
]


@pytest.mark.parametrize(("text", "span"), TEXT_SPEAK, ids=[t[1] for t in TEXT_SPEAK])
def test_text_speak_reaches_the_families(text, span):
    assert span in [h.text for h in screen(text).hits], screen(text)


def test_a_short_word_ending_in_in_is_not_given_a_g():
    assert not screen("I'm so thin since the flu, but eating well again").risk
