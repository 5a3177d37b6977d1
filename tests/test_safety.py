"""The crisis screen (nlp/safety): each rule and exception against its own examples, the
issue's 'Safety, both ways' cases as regression tests, offsets, windows, and the floors."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.errors import RuleFileError
from nlp.safety import RISK_KINDS, SafetyScreen, get_screen, screen
from nlp.safety.engine import WINDOW_OVERLAP, WINDOW_TOKENS
from nlp.safety.rules import load_rule_files

DATA = Path(__file__).parent / "data"
SCREEN = get_screen()


def rule_ids(text: str) -> list[str]:
    return [h.rule_id for h in screen(text).hits]


# ---- every rule and exception against its own examples ------------------------------------

RULE_CASES = [
    pytest.param(rule.id, ex.text, ex.span, id=f"{rule.id}:match{i}")
    for rule in SCREEN.rules
    for i, ex in enumerate(rule.examples.match)
]
RULE_NEGATIVES = [
    pytest.param(rule.id, text, id=f"{rule.id}:no_match{i}")
    for rule in SCREEN.rules
    for i, text in enumerate(rule.examples.no_match)
]


@pytest.mark.parametrize(("rule_id", "text", "span"), RULE_CASES)
def test_rule_fires_on_its_examples(rule_id, text, span):
    result = screen(text)
    fired = [h for h in result.hits if h.rule_id == rule_id]
    assert fired, (result.hits, result.vetoed)
    assert result.risk
    if span is not None:
        assert span in [h.text for h in fired]


@pytest.mark.parametrize(("rule_id", "text"), RULE_NEGATIVES)
def test_rule_does_not_fire_on_its_counter_examples(rule_id, text):
    assert rule_id not in rule_ids(text)


@pytest.mark.parametrize("exception", SCREEN.exceptions, ids=lambda e: e.id)
def test_exception_vetoes_its_examples_and_only_them(exception):
    vetoed_somewhere = False
    for example in exception.examples.match:
        result = screen(example.text)
        assert not result.risk, (example.text, result.hits)
        vetoed_somewhere |= any(reason == exception.id for _, reason in result.vetoed)
    assert vetoed_somewhere, f"{exception.id} vetoes nothing in its own examples"
    for text in exception.examples.no_match:
        assert screen(text).risk, text


def test_every_kind_has_a_rule():
    assert {rule.kind for rule in SCREEN.rules} == set(RISK_KINDS)


def test_explanations_name_a_kind_of_risk():
    words = ("suicid", "self-harm", "abuse", "violence", "danger", "threat", "risk", "method")
    for rule in SCREEN.rules:
        assert any(w in rule.explain.lower() for w in words), rule.id


# ---- the "Safety, both ways" cases, named after the bug ---------------------------

RISK = [
    ("wish_to_die_next_to_bills_was_dropped", "I just want to die, the bills keep piling up and the budget is a joke."),
    ("wish_to_die_next_to_budget_was_dropped", "Honestly I don't want to live anymore, I can't make the budget work."),
    ("quoted_threat_was_dropped_as_a_quote", 'He said "I\'ll kill you" when I tried to leave.'),
    ("reported_threat_was_dropped", "He said he'd kill me."),
    ("reported_regret_threat_with_harm_was_missed", "She told me I'd regret it if I left, then she grabbed a knife."),
    ("dad_will_kill_me_when_home_and_scared_read_as_idiom", "my dad will kill me when he gets home... I'm scared"),
    ("misspelt_suicide_was_missed", "i think about suiside a lot"),
    ("misspelt_kill_myself_was_missed", "i want to kil myself"),
    ("text_speak_kms_was_missed", "cant do this anymore kms"),
    ("unalive_was_missed", "thinking of unaliving myself tonight"),
    ("masked_kill_was_missed", "I want to k*ll myself"),
    ("stretched_letters_were_missed", "i just wanna diiiie"),
    ("missing_apostrophes_were_missed", "i dont want to be alive anymore"),
    ("method_pills_was_missed", "I've been saving up my pills for weeks."),
    ("method_how_many_would_it_take_was_missed", "how many of my sleeping pills would it take"),
    ("method_rope_was_missed", "I've got the rope in the shed and I know how to tie the noose."),
    ("method_bridge_was_missed", "I'm standing on the bridge and I don't want to be here."),
    ("fear_of_person_coming_home_was_missed", "I'm scared to go home, he's been drinking all day."),
    ("fear_of_named_person_was_missed", "I'm terrified of my stepdad."),
    ("friend_at_risk_was_missed", "My friend keeps saying she's going to kill herself."),
    ("child_at_risk_was_missed", "My partner hits my son when he's angry."),
    ("self_harm_was_missed", "I've started cutting myself again."),
    ("abuse_to_writer_was_missed", "My boyfriend punched me last night."),
    ("spanish_crisis_text_was_coached", "No quiero vivir más."),
    ("french_crisis_text_was_coached", "Je veux mourir."),
    ("german_crisis_text_was_coached", "Ich will nicht mehr leben."),
    ("polish_crisis_text_was_coached", "Chcę umrzeć."),
    ("portuguese_crisis_text_was_coached", "Eu quero morrer."),
]
NO_RISK = [
    ("hurt_when_talked_over_stopped_coaching", "I get hurt when you talk over me."),
    ("hurt_that_you_didnt_call_stopped_coaching", "I'm hurt that you didn't call."),
    ("felt_hurt_when_stopped_coaching", "I felt hurt when you left without saying goodbye."),
    ("i_statement_with_hurt_stopped_coaching", "When you cancelled last minute, I felt hurt because I need to know I matter."),
    ("negated_self_harm_raised_the_alarm", "I would never hurt myself, I'm just worn out."),
    ("negated_suicidal_raised_the_alarm", "I'm not suicidal, just really fed up with work."),
    ("commute_killing_me_idiom", "This commute is killing me."),
    ("dying_of_embarrassment_idiom", "I'm dying of embarrassment."),
    ("strangle_printer_idiom", "I could strangle this printer."),
    ("mum_will_kill_me_if_late_idiom", "My mum will kill me if I'm late again."),
    ("grief_is_not_risk", "My grandad died last year and I still miss him."),
    ("laptop_died_is_not_risk", "My laptop died in the middle of the meeting."),
    ("film_plot_is_not_risk", "In the movie the detective gets shot and the killer hangs himself."),
    ("game_plot_is_not_risk", "In the game you have to kill the dragon before it kills you."),
    ("you_hurt_me_when_you_said_is_feeling", "You hurt me when you said that."),
]


@pytest.mark.parametrize(("bug", "text"), RISK, ids=[b for b, _ in RISK])
def test_risk_is_caught(bug, text):
    result = screen(text)
    assert result.risk, (bug, result.vetoed)


@pytest.mark.parametrize(("bug", "text"), NO_RISK, ids=[b for b, _ in NO_RISK])
def test_not_risk(bug, text):
    result = screen(text)
    assert not result.risk, (bug, result.hits)


def test_over_5000_characters_are_screened():
    text = "I have had such a long week at work. " * 200 + "I want to end my life."
    assert len(text) > 5000 and screen(text).risk


def test_each_hit_says_its_kind():
    kinds = {h.kind for h in screen("He hits me. I want to die. My friend is suicidal.").hits}
    assert {"abuse_violence", "ideation", "third_party"} <= kinds


# ---- offsets map to what was typed --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("ok so   i w4nna KIL MYSELFFF tbh", "KIL MYSELFFF"),
        ("He’ll hurt me, he said he’d kill me", "said he’d kill me"),
        ("Ich möchte STERBEN", "Ich möchte STERBEN"),
        ("😂😂 kms 😂", "kms"),
        ("k*ll myself", "k*ll myself"),
        ("I can't go on", "can't go on"),
    ],
)
def test_offsets_point_at_the_typed_words(text, span):
    result = screen(text)
    assert span in [h.text for h in result.hits]
    for hit in result.hits:
        assert text[hit.start : hit.end] == hit.text


# ---- long text: windows overlap, nothing is skipped ---------------------------------------


def _filler(words: int) -> str:
    return " ".join(["calm"] * words)


BOUNDARIES = [WINDOW_TOKENS - 1, WINDOW_TOKENS - 2, 2 * (WINDOW_TOKENS - WINDOW_OVERLAP) - 1]
ACROSS = [  # a phrase (hashed matcher) and a token pattern (gated matcher)
    ("I want to end my life", "ideation.kill_myself", "end my life"),
    ("he punched me hard", "abuse_violence.done_to_me", "punched me"),
]


@pytest.mark.parametrize("before", BOUNDARIES)
@pytest.mark.parametrize(("phrase", "rule_id", "span"), ACROSS)
def test_phrase_on_a_window_boundary_is_caught(before, phrase, rule_id, span):
    # the filler word is one token, so `before` puts the phrase's second word at the boundary
    text = _filler(before) + " " + phrase + " " + _filler(4000)
    assert len(text) >= 20_000
    hits = [h for h in screen(text).hits if h.rule_id == rule_id]
    assert [h.text for h in hits] == [span]
    assert text[hits[0].start : hits[0].end] == span


def test_phrase_at_the_very_end_of_a_long_text_is_caught():
    text = _filler(20_000) + " i want to die"
    assert screen(text).risk


# ---- never raises ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(exclude_categories=()), max_size=300))
def test_screen_never_raises(text):
    result = screen(text)
    assert isinstance(result, SafetyScreen)
    for hit in result.hits:
        assert text[hit.start : hit.end] == hit.text


@pytest.mark.parametrize(
    "text",
    ["", " ", "\ud800 kill myself \udfff", "💀" * 5000, "a" * 100_000, "кill myself", "自杀", "k" + "*" * 500 + "ll"],
)
def test_screen_odd_inputs(text):
    assert isinstance(screen(text), SafetyScreen)


def test_lone_surrogates_do_not_hide_risk():
    assert screen("\ud800 i want to kill myself \udfff").risk


# ---- the loader names the file and the rule -------------------------------------------------


def test_broken_rule_file_names_file_and_rule(tmp_path):
    (tmp_path / "bad.yaml").write_text(
        "rules:\n  - id: ideation.broken\n    kind: not_a_kind\n    explain: Says why it matters.\n"
        "    phrases: [x]\n    examples: {match: [x]}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleFileError, match=r"bad\.yaml: rule 'ideation\.broken', field 'kind'"):
        load_rule_files(tmp_path)


def test_duplicate_keys_are_refused(tmp_path):
    (tmp_path / "dup.yaml").write_text("rules: []\nrules: []\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="dup.yaml.*duplicate key"):
        load_rule_files(tmp_path)


def test_duplicate_rule_ids_are_refused(tmp_path):
    rule = "  - id: ideation.same\n    kind: ideation\n    explain: Says why it matters.\n    phrases: [x]\n    examples: {match: [x]}\n"
    (tmp_path / "a.yaml").write_text("rules:\n" + rule, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("rules:\n" + rule, encoding="utf-8")
    with pytest.raises(RuleFileError, match="ideation.same' is already defined in a.yaml"):
        load_rule_files(tmp_path)


# ---- safety floors on every dev set (rows read here only; never copied into rules) ---------


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("name", ["crisis.csv", "holdout_crisis.csv", "dev2_crisis.csv", "dev3_crisis.csv", "dev4_crisis.csv", "dev5_crisis.csv", "dev6_crisis.csv", "dev7_crisis.csv"])
def test_floor_recall_is_one_on_every_dev_crisis_row(name):
    missed = [r["text"] for r in _rows(name) if r["crisis"] == "1" and not screen(r["text"]).risk]
    assert not missed


@pytest.mark.parametrize("name", ["statements.csv", "holdout_statements.csv", "dev2_statements.csv"])
def test_floor_no_crisis_on_any_dev_i_statement(name):
    alarms = [r["text"] for r in _rows(name) if r["style"] == "i_statement" and screen(r["text"]).risk]
    assert not alarms


# ---- a self-written check: 40 risk and 40 near-miss sentences, written before the rules ----
# (tests/data/safety_selfcheck.csv; measured before the general families: R 0.60, 6/40 false
# alarms; after them R 0.975, then 1.0 once the "the day has come" family was added, so it
# is no longer fully held out). It guards the families' reach, so the bar is below perfect.
# safety_selfcheck2.csv (fourth round: conditional threats, third-party farewells and
# weapons, preparation without cue words, method imagery, means in reach, other languages)
# was written before its rules: R 14/40, 9/40 false alarms; after them R 40/40, 0/40.
# safety_selfcheck3.csv (fifth round: force and confinement, coercive control, sexual harm
# told indirectly, oblique threats, third-party signs, sideways decisions, other languages)
# was written before its constructs: R 14/40, 5/40 false alarms; after them R 40/40, 1/40.
# safety_selfcheck4.csv (sixth round: 30 risk and 20 near misses across every risk kind,
# in everyday wording) was written before reading dev7's misses and measured once before
# any change: R 25/30, 0/20 false alarms; after the sixth pass R 30/30, 0/20.


@pytest.mark.parametrize(("name", "n_risk", "n_safe"), [
    ("safety_selfcheck.csv", 40, 40), ("safety_selfcheck2.csv", 40, 40),
    ("safety_selfcheck3.csv", 40, 40), ("safety_selfcheck4.csv", 30, 20),
])
def test_selfcheck_recall_and_false_alarms(name, n_risk, n_safe):
    rows = _rows(name)
    risk = [r["text"] for r in rows if r["crisis"] == "1"]
    safe = [r["text"] for r in rows if r["crisis"] == "0"]
    missed = [t for t in risk if not screen(t).risk]
    alarms = [t for t in safe if screen(t).risk]
    assert (len(risk), len(safe)) == (n_risk, n_safe)
    assert len(missed) <= 2, missed
    assert len(alarms) <= 3, alarms
