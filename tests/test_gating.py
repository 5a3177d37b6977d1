"""Gated token patterns find exactly what one spaCy Matcher over the same patterns finds."""

import pytest
from spacy.matcher import Matcher

from nlp.gating import GatedMatcher, pattern_gates
from nlp.normalise import normalise_contractions

# Operators and predicates the gates must read right: required tokens, optional ones,
# repeats, negation, NOT_IN, sets, lemmas and norms.
PATTERNS = {
    "t.plain": [[{"LOWER": "why"}, {"LOWER": "do"}, {"NORM": "you"}]],
    "t.optional_start": [[{"LOWER": "just", "OP": "?"}, {"LEMMA": {"IN": ["calm", "relax"]}}, {"LOWER": "down"}]],
    "t.wildcards": [[{"OP": "*"}, {"LOWER": "always"}, {"OP": "+"}], [{"IS_SENT_START": True, "NORM": "no"}]],
    "t.repeat": [[{"LOWER": {"IN": ["so", "very"]}, "OP": "{1,3}"}, {"LEMMA": "tired"}]],
    "t.optional_repeat": [[{"LOWER": "not", "OP": "{0,2}"}, {"LOWER": "fine"}]],
    "t.negated": [[{"LOWER": "you"}, {"LOWER": "never", "OP": "!"}, {"LEMMA": "listen"}]],
    "t.not_in": [[{"LEMMA": {"NOT_IN": ["be"]}}, {"LOWER": "again"}]],
    "t.same_span_twice": [[{"LOWER": "stop"}, {"OP": "?"}], [{"LOWER": "stop"}, {"IS_ALPHA": True, "OP": "?"}]],
    "t.no_gate": [[{"IS_PUNCT": True}, {"IS_PUNCT": True}]],
}
TEXTS = [
    "Why do you always do this?",
    "Just calm down. Relax down, ok?",
    "You always leave, always, always.",
    "No. I said no!",
    "I'm so so very tired and very tired again.",
    "Not not fine. I'm fine.",
    "you listen. you never listen. you really listen",
    "It happened again, and he was again late again.",
    "Stop it. stop. STOP!!",
    "Nothing here matches at all",
    "?!",
]


def test_gates_are_read_from_required_tokens_only():
    assert len(pattern_gates(PATTERNS["t.plain"][0])) == 3
    assert len(pattern_gates(PATTERNS["t.optional_start"][0])) == 2  # "just" is optional
    assert len(pattern_gates(PATTERNS["t.repeat"][0])) == 2  # {1,3} is required
    assert len(pattern_gates(PATTERNS["t.optional_repeat"][0])) == 1  # {0,2} is not
    assert len(pattern_gates(PATTERNS["t.negated"][0])) == 2  # "!" is not
    assert len(pattern_gates(PATTERNS["t.not_in"][0])) == 1  # NOT_IN opens nothing
    assert pattern_gates(PATTERNS["t.no_gate"][0]) == []


@pytest.mark.parametrize("text", TEXTS)
def test_gated_matches_equal_one_matcher(analyzer, text):
    vocab = analyzer.nlp.vocab
    plain, gated = Matcher(vocab, validate=True), GatedMatcher(vocab)
    for key, patterns in PATTERNS.items():
        plain.add(key, patterns)
        gated.add(key, patterns)
    doc = normalise_contractions(analyzer.nlp(text))
    assert sorted(gated(doc)) == sorted(plain(doc))


def _project_matchers(analyzer):
    """The project's token rules as one Matcher and as a GatedMatcher."""
    vocab = analyzer.nlp.vocab
    plain, gated = Matcher(vocab, validate=True), GatedMatcher(vocab)
    rules = [r for r in analyzer.rules if r.kind == "token"]
    for rule in rules:
        plain.add(rule.id, [list(p) for p in rule.patterns])
        gated.add(rule.id, rule.patterns)
    return plain, gated, rules


def test_project_rules_gated_as_one_matcher(analyzer):
    plain, gated, rules = _project_matchers(analyzer)
    found = 0
    for rule in rules:
        for example in rule.examples.match + rule.examples.no_match:
            doc = normalise_contractions(analyzer.nlp(example.text))
            expected = plain(doc)
            assert sorted(gated(doc)) == sorted(expected), example.text
            found += len(expected)
    assert found  # the examples do match something


@pytest.mark.parametrize("separate", [0, 1000])
def test_many_open_patterns_run_as_one_matcher_with_the_same_matches(analyzer, monkeypatch, separate):
    # 0: every doc takes the one-Matcher path; 1000: every doc runs the patterns one by one.
    monkeypatch.setattr("nlp.gating.MAX_SEPARATE", separate)
    plain, gated, rules = _project_matchers(analyzer)
    pasted = " ".join(example.text for rule in rules for example in rule.examples.match)
    for text in [pasted, *TEXTS]:
        doc = normalise_contractions(analyzer.nlp(text))
        assert sorted(gated(doc)) == sorted(plain(doc))
