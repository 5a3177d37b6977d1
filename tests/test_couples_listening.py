"""The listener check: what came back (with spans), and each rule pinned to its words."""

from __future__ import annotations

import pytest
from analysis_factory import analysis, flag
from couples_factory import SPEAKER, words

from coach.couples.listening import ListenerRulesError, check_listener, find_problems, load_rules, near_groups

RULES = load_rules()


def check(text: str, speaker: str = SPEAKER, *flags):
    return check_listener(words(speaker), words(text), text, analysis(text, *flags, context=speaker))


def test_carried_words_point_at_both_sentences():
    text = "You felt lonely when I worked late three nights."
    result = check(text)
    pairs = {m.speaker.lemma: (SPEAKER[m.speaker.start:m.speaker.end], text[m.listener.start:m.listener.end], m.how)
             for m in result.carried}
    assert pairs["lonely"] == ("lonely", "lonely", "same word")
    assert pairs["late"] == ("late", "late", "same word")
    assert "week" in [m.speaker.lemma for m in result.missed]
    assert result.gave_back and result.problems == ()


def test_a_feeling_of_the_same_family_counts_as_their_feeling():
    result = check("Sounds like you've been sad with me out so much.")
    (feeling,) = result.feelings_carried
    assert (feeling.speaker.text, feeling.listener.text, feeling.how) == ("lonely", "sad", "same feeling")


def test_near_words_come_from_data():
    result = check("You want help with the children.", "I need support with the kids.")
    hows = {m.speaker.lemma: m.how for m in result.carried}
    assert hows == {"support": "near word", "kid": "near word"}
    assert near_groups()["kid"] & near_groups()["child"]


def test_nothing_carried_is_not_giving_back():
    result = check("Okay.")
    assert result.carried == () and not result.gave_back


@pytest.mark.parametrize(
    ("text", "kind", "words_"),
    [
        ("But I was only home late once.", "rebuttal", "But"),
        ("You felt lonely, but I was working for us.", "rebuttal", "but I"),
        ("Actually I was home by eight.", "rebuttal", "Actually"),
        ("You should just tell me earlier.", "advice", "You should"),
        ("You're overreacting about one late night.", "judging", "overreacting"),
        ("You just want me to quit my job.", "mind_reading", "You just want"),
        ("Me too, I was shattered all week.", "own_story", "Me too"),
    ],
)
def test_problem_rules_pin_their_words(text, kind, words_):
    problems = check(text).problems
    assert [(p.kind, p.text) for p in problems][:1] == [(kind, words_)], problems
    assert not check(text).gave_back


def test_a_wish_given_back_is_not_mind_reading():
    speaker = "I just want us to have Sundays together."
    result = check("You just want us to have Sundays together.", speaker)
    assert result.problems == () and result.gave_back


def test_engine_flags_map_to_listener_kinds():
    text = "At least you got to sleep in."
    result = check(text, SPEAKER, flag(text, "At least", "DISMISSING", "roadblock.dismissing"))
    assert [(p.kind, p.rule_id, p.text) for p in result.problems] == [("dismissing", "roadblock.dismissing", "At least")]
    mind = "Because you don't care about me."
    result = check(mind, SPEAKER, flag(mind, "you don't care", "CRITICISM", "blame.mind_reading"))
    assert [p.kind for p in result.problems] == ["mind_reading"]


def test_engine_flag_on_the_speakers_own_complaint_is_not_a_problem():
    speaker = "You never help with the dishes and I feel exhausted."
    text = "You feel exhausted that I never help with the dishes."
    found = find_problems(text, analysis(text, flag(text, "I never help", "CRITICISM")), words(speaker), words(text))
    assert found == ()


def _examples():
    for rule in RULES.rules:
        for text in rule.examples.match:
            yield pytest.param(rule, text, True, id=f"{rule.id}+{text[:24]}")
        for text in rule.examples.no_match:
            yield pytest.param(rule, text, False, id=f"{rule.id}-{text[:24]}")


@pytest.mark.parametrize(("rule", "text", "fires"), list(_examples()))
def test_every_rule_against_its_own_examples(rule, text, fires):
    assert bool(rule.finditer(text)) is fires


def test_every_kind_has_a_message():
    from coach.couples.texts import load_texts

    assert set(RULES.kinds) <= set(load_texts().problems)


def test_broken_rules_file_names_the_field(tmp_path):
    bad = tmp_path / "rules.yaml"
    bad.write_text("version: 1\nkinds: [a]\nengine_categories: {}\ndecision: {}\nrules: []\n")
    with pytest.raises(ListenerRulesError, match="decision"):
        load_rules(bad)
    bad.write_text(
        "version: 1\nkinds: [a]\nengine_categories: {}\n"
        "decision: {coverage_weight: 1, feeling_weight: 1, reflection_weight: 1, own_view_weight: 1,"
        " threshold: 1, own_view: [a]}\n"
        "rules: [{id: listener.x, kind: a, explain: e, guard_carried: false, patterns: ['(']}]\n"
    )
    with pytest.raises(ListenerRulesError, match="regular expression"):
        load_rules(bad)



def test_but_thats_and_not_true_are_one_answering_back_not_two():
    text = "You're saying I'm always on my phone, but that's not true."
    marks = (flag(text, "but that's", "ARGUING", "roadblock.but"), flag(text, "not true", "ARGUING", "roadblock.x"))
    result = check(text, SPEAKER, *marks)
    assert [(p.kind, p.text) for p in result.shown if p.kind == "rebuttal"] == [("rebuttal", "but that's not true")]
    assert len([p for p in result.problems if p.kind == "rebuttal"]) >= 2  # each rule still pins its words


def test_answers_back_in_different_sentences_stay_two_points():
    text = "That's not true. You felt lonely. That's not fair."
    marks = (flag(text, "That's not true", "ARGUING"), flag(text, "That's not fair", "ARGUING"))
    assert len([p for p in check(text, SPEAKER, *marks).shown if p.kind == "rebuttal"]) == 2


@pytest.mark.parametrize(("speaker", "text", "kind", "span"), [
    ("I felt hurt when you left the party without me.", "When my sister got married I was left on my own all night.",
     "own_story", "When my sister got"),
    ("I'm worn out from doing every school run.", "You're worn out because I'm hopeless at mornings, apparently.",
     "rebuttal", "because I'm hopeless"),
    ("I'd like us to spend Sundays together.", "You felt let down over Sunday because you want to run my week.",
     "mind_reading", "because you want"),
], ids=["own_past", "because_im", "motive_as_cause"])
def test_a_guarded_rule_fires_when_the_words_after_it_are_not_theirs(speaker, text, kind, span):
    found = [(p.kind, text[p.start:p.end]) for p in check(text, speaker).problems]
    assert (kind, span) in found, found


@pytest.mark.parametrize(("speaker", "text"), [
    ("I felt hurt when you left the party without me.", "You felt hurt when I left the party without you."),
    ("I'm tired because I'm doing every school run.", "You're tired because I'm not doing the school run."),
    ("I want us to spend Sundays together.", "You felt let down because you want us to spend Sundays together."),
], ids=["their_event", "their_reason", "their_wish"])
def test_a_guarded_rule_lets_their_own_words_pass(speaker, text):
    assert check(text, speaker).problems == ()
