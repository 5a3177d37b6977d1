"""One splitter for every listening detector: a reply broken into units.

A unit is a sentence, further cut after every "?" the parser ran together and before
a trailing check tag (", is that right?"). Each unit gets one kind:

- statement: says something ("you've had a long week");
- restatement: a statement said with a question mark ("that worries you?"), which
  gives their words back for them to confirm: a reflection's shape, not a question;
- question: asks (typed open or closed by its main clause);
- check: a tag that checks a reflection ("is that right?", "right?"); never a second question;
- request_question: a request in question form ("would you be willing to…?",
  "could you…?"): a request, closed, never to be turned into an open question.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from nlp.questions import AUXILIARIES, content_tokens, is_check, question_kind
from nlp.types import Unit

# Second-person modal asks that hand them a task ("could you pick her up?").
REQUEST_MODALS = frozenset({"would", "could", "can", "will", "wo", "ca"})
# "could you tell me more?" invites them to talk: a question, not a request for a task.
NOT_A_TASK = frozenset({
    "tell", "say", "describe", "explain", "share", "talk", "think", "imagine", "see", "like",
    "remember", "recall", "give", "walk", "help", "elaborate", "expand", "picture", "feel",
})
TAG_BREAKS = frozenset({",", "—", "-", "--", ";"})


@dataclass(frozen=True, slots=True)
class UnitSpan:
    """A unit inside `nlp/`: the token span beside its kind and question type."""

    span: Span
    kind: str  # statement | restatement | question | check | request_question
    question: str = "none"  # open | closed | none

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end

    @property
    def asks(self) -> bool:
        """A question the other person is left to answer (checks and restatements are not)."""
        return self.kind in ("question", "request_question")

    def public(self) -> Unit:
        return Unit(self.kind, self.span.start_char, self.span.end_char, self.span.text, self.question)


def _pieces(doc: Doc) -> list[Span]:
    """Sentences, cut after every '?' inside one, and before a trailing check tag."""
    pieces: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.text.endswith("?") and tok.i + 1 < sent.end:
                pieces.extend(_cut_tag(doc[start : tok.i + 1]))
                start = tok.i + 1
        if start < sent.end:
            pieces.extend(_cut_tag(doc[start : sent.end]))
    return [p for p in pieces if any(not t.is_space for t in p)]


def _cut_tag(span: Span) -> list[Span]:
    """"You're worn out, is that right?" -> the statement and its check tag."""
    if "?" not in span.text[-3:]:
        return [span]
    breaks = [t.i for t in span if t.text in TAG_BREAKS and t.i > span.start]
    if not breaks:
        return [span]
    cut = breaks[-1]
    tail = span.doc[cut + 1 : span.end]
    if not is_check([t.norm_ for t in content_tokens(tail) if not t.is_punct]):
        return [span]
    return [span.doc[span.start : cut + 1], tail]


def _is_request(span: Span) -> bool:
    """"Would you be willing to…?", "could you pick her up?": a modal, then "you",
    then a task verb (not an invitation to talk)."""
    words = [t for t in content_tokens(span) if not t.is_punct]
    if len(words) < 3 or words[0].norm_ not in REQUEST_MODALS or words[1].norm_ not in ("you", "u", "ya"):
        return False
    rest = [t for t in words[2:] if t.norm_ not in ("please", "maybe", "possibly", "just", "kindly", "not", "n't")]
    if not rest:
        return False
    if rest[0].norm_ == "be" and len(rest) > 1 and rest[1].lower_ in ("willing", "able", "open", "up"):
        return True
    if rest[0].norm_ == "mind":
        return True
    return rest[0].pos_ in ("VERB", "AUX") and rest[0].lemma_ not in NOT_A_TASK and rest[0].lower_ not in AUXILIARIES


def split_units(doc: Doc, invitations: set[int]) -> tuple[UnitSpan, ...]:
    """`invitations`: token indices where an open invitation ("tell me about") starts."""
    units: list[UnitSpan] = []
    for piece in _pieces(doc):
        words = [t.norm_ for t in content_tokens(piece) if not t.is_punct]
        marked = "?" in piece.text.rstrip()[-3:]
        if marked and is_check(words):
            units.append(UnitSpan(piece, "check"))
            continue
        kind = question_kind(piece, invitations)
        if kind is None:
            units.append(UnitSpan(piece, "statement"))
        elif kind == "restatement":
            units.append(UnitSpan(piece, "restatement"))
        elif kind == "closed" and _is_request(piece):
            units.append(UnitSpan(piece, "request_question", "closed"))
        else:
            units.append(UnitSpan(piece, "question", kind))
    return tuple(units)


def unit_index(units: tuple[UnitSpan, ...], n_tokens: int) -> list[int]:
    """For each token, the index of the unit holding it (built once per reply, so
    placing a hit in its unit is a lookup, not a scan)."""
    index = [max(len(units) - 1, 0)] * n_tokens
    for i, unit in enumerate(units):
        for t in range(unit.start, unit.end):
            index[t] = i
    return index
