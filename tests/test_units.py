"""The unit splitter and question typing (nlp/units.py, nlp/questions.py).

Hand-built parses (`Doc(vocab, words, heads, deps, pos)`) where the model is not the
point, so these never drift; named regression cases from issue 6 run on the model.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from nlp.questions import read_questions
from nlp.units import split_units, unit_index

VOCAB = spacy.blank("en").vocab  # lexical attributes (is_punct) without a model


def parse(words, heads, deps, pos, tags=None, sent_starts=None) -> Doc:
    """A hand-built parse: heads are absolute token indices."""
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, tags=tags or [""] * len(words),
              sent_starts=sent_starts)
    for tok in doc:
        tok.norm_ = tok.lower_
    return doc


def kinds(doc: Doc) -> list[tuple[str, str, str]]:
    return [(u.kind, u.question, u.span.text) for u in split_units(doc, set())]


def test_reflection_then_check_tag_is_a_statement_and_a_check():
    doc = parse(
        ["You", "are", "worn", "out", ",", "is", "that", "right", "?"],
        [1, 1, 1, 2, 1, 7, 7, 1, 1],
        ["nsubj", "ROOT", "acomp", "prt", "punct", "cop", "nsubj", "ccomp", "punct"],
        ["PRON", "AUX", "VERB", "ADP", "PUNCT", "AUX", "PRON", "ADJ", "PUNCT"],
    )
    assert kinds(doc) == [("statement", "none", "You are worn out ,"), ("check", "none", "is that right ?")]
    units = split_units(doc, set())
    reading = read_questions(units)
    assert reading.count == 0  # the check is not a question: never "interrogating"


def two_questions() -> Doc:
    """"What happened? did you go?", parsed as one sentence."""
    return parse(["What", "happened", "?", "did", "you", "go", "?"], [1, 1, 1, 5, 5, 1, 1],
                 ["nsubj", "ROOT", "punct", "aux", "nsubj", "conj", "punct"],
                 ["PRON", "VERB", "PUNCT", "AUX", "PRON", "VERB", "PUNCT"])


def test_two_questions_in_one_parsed_sentence_are_two_units():
    doc = two_questions()
    assert kinds(doc) == [("question", "open", "What happened ?"), ("question", "closed", "did you go ?")]
    assert read_questions(split_units(doc, set())).count == 2


# One-unit replies as (words, heads, deps, pos), each with the (kind, question type) it must get.
ONE_UNIT = {
    "when-would-be-a-good-time-is-open": (
        "When would be a good time to talk ?", [2, 2, 2, 5, 5, 2, 7, 5, 2],
        "advmod aux ROOT det amod attr aux relcl punct", "SCONJ AUX AUX DET ADJ NOUN PART VERB PUNCT",
        ("question", "open")),
    "what-time-is-a-fact-slot": (
        "What time is it ?", [1, 2, 2, 2, 2], "det attr ROOT nsubj punct", "DET NOUN AUX PRON PUNCT",
        ("question", "closed")),
    "when-did-you-start-asks-a-fact": (
        "When did you start ?", [3, 3, 3, 3, 3], "advmod aux nsubj ROOT punct", "SCONJ AUX PRON VERB PUNCT",
        ("question", "closed")),
    "that-worries-you-is-a-restatement": (
        "That worries you ?", [1, 1, 1, 1], "nsubj ROOT dobj punct", "PRON VERB PRON PUNCT",
        ("restatement", "none")),
    "so-what-did-you-do-is-a-question-not-a-summary": (
        "So what did you do ?", [4, 4, 4, 4, 4, 4], "advmod dobj aux nsubj ROOT punct",
        "ADV PRON AUX PRON VERB PUNCT", ("question", "open")),
    "question-without-a-question-mark": (
        "How are you feeling about it", [3, 3, 3, 3, 3, 4], "advmod aux nsubj ROOT prep pobj",
        "SCONJ AUX PRON VERB ADP PRON", ("question", "open")),
    "would-you-be-willing-is-a-request": (
        "Would you be willing to wash up tonight ?", [2, 2, 2, 2, 5, 3, 5, 5, 2],
        "aux nsubj ROOT acomp aux xcomp prt npadvmod punct", "AUX PRON AUX ADJ PART VERB ADP NOUN PUNCT",
        ("request_question", "closed")),
}


@pytest.mark.parametrize("case", ONE_UNIT.values(), ids=list(ONE_UNIT))
def test_one_unit_kind_and_question_type(case):
    words, heads, deps, pos, expected = case
    doc = parse(words.split(), heads, deps.split(), pos.split())
    assert kinds(doc)[0][:2] == expected


def test_restatement_confirms_but_is_not_counted_as_a_question():
    doc = parse(["That", "worries", "you", "?"], [1, 1, 1, 1], ["nsubj", "ROOT", "dobj", "punct"],
                ["PRON", "VERB", "PRON", "PUNCT"])
    reading = read_questions(split_units(doc, set()))
    assert (reading.kind, reading.count) == ("closed", 0)


def test_could_you_tell_me_more_is_an_invitation_not_a_request():
    doc = parse(["Could", "you", "tell", "me", "more", "?"], [2, 2, 2, 2, 2, 2],
                ["aux", "nsubj", "ROOT", "dative", "dobj", "punct"], ["AUX", "PRON", "VERB", "PRON", "ADJ", "PUNCT"])
    doc[2].lemma_ = "tell"
    assert kinds(doc)[0][0] == "question"


def test_unit_index_places_every_token():
    doc = two_questions()
    assert unit_index(split_units(doc, set()), len(doc)) == [0, 0, 0, 1, 1, 1, 1]


# -- the listening cases, on the model ------------------------------------------------


@pytest.mark.model
def test_would_you_be_willing_is_a_request_never_an_open_question_to_fix(analyzer):
    text = ("When I saw the sink full after I cooked, I felt frustrated because I need us to share the chores. "
            "Would you be willing to wash up tonight?")
    result = analyzer.analyze(text)
    assert [u.kind for u in result.units] == ["statement", "request_question"]
    assert result.units[-1].text == "Would you be willing to wash up tonight?"
    assert (result.question, result.request) == ("closed", "request")
    assert not result.reflection


@pytest.mark.model
def test_when_would_be_a_good_time_to_talk_is_open(analyzer):
    assert analyzer.analyze("When would be a good time to talk?").question == "open"


@pytest.mark.model
def test_that_worries_you_is_a_reflection(analyzer):
    result = analyzer.analyze("That worries you?", context="I keep going over the exam in my head.")
    assert result.reflection
    assert [u.kind for u in result.units] == ["restatement"]
    assert "interrogating" not in result.roadblocks


@pytest.mark.model
def test_is_that_right_after_a_reflection_is_not_interrogating(analyzer):
    result = analyzer.analyze("It sounds like the week has worn you out. Is that right?",
                              context="Work has been endless this week and I barely sleep.")
    assert result.reflection
    assert "interrogating" not in result.roadblocks
    assert [u.kind for u in result.units] == ["statement", "check"]


@pytest.mark.model
def test_so_what_did_you_do_is_not_a_reflection(analyzer):
    result = analyzer.analyze("So what did you do?", context="I had a huge fight with my brother.")
    assert not result.reflection
    assert result.question == "open"


@pytest.mark.model
def test_roadblock_vetoes_only_its_own_unit(analyzer):
    result = analyzer.analyze("It sounds like you're exhausted. You should go to bed earlier.",
                              context="I've been up since five every day this week.")
    assert result.reflection
    assert "advising" in result.roadblocks
    vetoed = [d for d in result.decisions if d.label == "reflection" and d.value == "0"]
    assert any(c.name == "reflection.roadblock" for d in vetoed for c in d.cues)
