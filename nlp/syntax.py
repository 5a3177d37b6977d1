"""Small questions about a parsed sentence: who is the subject, is it negated,
is it quoted, is it a question. Shared by guards and parse rules."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

SECOND_PERSON = frozenset({"you", "u", "ya", "yourself", "y'all", "youre"})
FIRST_PERSON = frozenset({"i", "me", "myself", "we", "us"})
NEGATIONS = frozenset({"not", "never", "no", "n't", "nt", "neither", "nor", "hardly"})
QUOTE_CHARS = "\"“”‘’'"
THINKING = frozenset({"think", "believe", "say", "mean", "guess", "feel", "suppose", "reckon", "claim"})
VERB_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp"})


def clause_head(token: Token) -> Token:
    """The nearest verb (or root) that governs this token, itself included."""
    current = token
    for _ in range(20):
        if current.pos_ in ("VERB", "AUX") or current.dep_ in VERB_DEPS or current.head is current:
            return current
        current = current.head
    return current


def subjects(verb: Token) -> list[Token]:
    """Subjects of a verb; for a verb in a conjunction or an xcomp, the governing verb's."""
    found = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    if not found:  # "I get frustrated": the parser hangs the subject on the auxiliary
        for aux in verb.children:
            if aux.dep_ in ("aux", "auxpass"):
                found += [c for c in aux.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not found and verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        return subjects(verb.head)
    return found


def subject_is(verb: Token, words: frozenset[str]) -> bool:
    return any(s.norm_ in words for s in subjects(verb))


def is_negated(verb: Token) -> bool:
    if any(c.dep_ == "neg" or c.norm_ in NEGATIONS for c in verb.children):
        return True
    # "I don't think you're lazy": negation on a governing verb of thinking/saying.
    head = verb.head
    if verb.dep_ in ("ccomp", "xcomp") and head.i < verb.i and head.lemma_ in THINKING:
        if any(s.lower_ in ("nobody", "noone", "no-one") for s in subjects(head)):
            return True  # "nobody's saying you never help"
        return any(c.dep_ == "neg" for c in head.children)
    return False


def in_quotes(doc: Doc, start: int, end: int) -> bool:
    """True when the tokens sit between a pair of quote marks in their sentence."""
    sent = doc[start].sent
    before = sum(1 for t in doc[sent.start : start] if t.text in QUOTE_CHARS and t.text != "'")
    before += sum(1 for t in doc[sent.start : start] if t.text == "'" and t.dep_ == "punct")
    return before % 2 == 1


def is_question(sent: Span) -> bool:
    text = sent.text.rstrip()
    return text.endswith("?") or "?" in text[-3:]
