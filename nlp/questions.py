"""Question typing: open (invites a wide answer), closed (yes/no or one fact), none.

A reply's question type is that of its last question: the one the other person is
left to answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

OPEN_WH = frozenset({"what", "how", "why"})
CLOSED_WH = frozenset({"where", "when", "who", "whom", "whose", "which"})
# "Anything else you want to add?": an elliptical "is there anything…?".
ELLIPTICAL = frozenset({"anything", "anyone", "anybody", "any", "something", "someone"})
# "what time", "how many": a wh-word that asks for one fact.
ONE_FACT = frozenset({
    "time", "day", "days", "year", "age", "date", "number", "many", "much", "long", "old",
    "often", "far", "soon", "percentage", "size", "colour", "color",
})
AUXILIARIES = frozenset({
    "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "can", "could",
    "would", "will", "should", "may", "might", "shall", "am", "must", "ca", "wo",
})
DISCOURSE = frozenset({
    "so", "and", "but", "okay", "ok", "well", "um", "uh", "umm", "uhm", "er", "erm", "now",
    "then", "alright", "right", "yeah", "yes", "oh", "hmm", "mm", "mhm", "like", "also",
    "just", "anyway", "hey", "look", "listen", "honestly", "seriously", "because",
    "or", "please", "sorry", ",", "-", "—", "…", "...", '"', "'",
})
OPINION = ("do you think", "would you say", "do you feel", "did you feel", "would you like to go")
CHECKS = ("is that right", "is that it", "right", "yeah", "yes", "ok", "okay", "is that fair",
          "did i get that right", "am i right", "have i got that right", "does that sound right",
          "is that what you mean", "does that fit", "is that close", "no", "huh", "eh")


@dataclass(frozen=True, slots=True)
class QuestionReading:
    kind: str  # open | closed | none
    start: int  # token range of the deciding question
    end: int
    count: int  # how many questions the reply asks


def _units(doc: Doc) -> list[Span]:
    """Sentences, further split after every '?' the parser ran together."""
    units: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for tok in sent:
            if tok.text.endswith("?") and tok.i + 1 < sent.end:
                units.append(doc[start : tok.i + 1])
                start = tok.i + 1
        if start < sent.end:
            units.append(doc[start : sent.end])
    return units


def _content(unit: Span) -> list[Token]:
    tokens = [t for t in unit if not t.is_space]
    i = 0
    while i < len(tokens) - 1 and (tokens[i].norm_ in DISCOURSE or tokens[i].is_punct):
        i += 1
    return tokens[i:]


def _is_check(words: list[str]) -> bool:
    return " ".join(words) in CHECKS


def _last_clause(tokens: list[Token]) -> list[Token]:
    """"So, given what you said, when would suit you?": the part after the last comma."""
    cut = max((i for i, t in enumerate(tokens[:-1]) if t.text in (",", "—", "-", ";", "--")), default=-1)
    rest = tokens[cut + 1 :]
    i = 0
    while i < len(rest) - 1 and (rest[i].norm_ in DISCOURSE or rest[i].is_punct):
        i += 1
    return rest[i:]


def _kind(unit: Span, invitations: set[int]) -> str | None:
    """open / closed for a question unit, None when it is not a question."""
    tokens = _content(unit)
    if not tokens:
        return None
    words = [t.norm_ for t in tokens if not t.is_punct]
    has_mark = unit.text.rstrip().endswith("?") or "?" in unit.text[-3:]
    if any(t.i in invitations for t in tokens[:4]):
        return "open"
    if not words:
        return None
    if _is_check(words):
        return "closed" if has_mark else None
    if has_mark and words[0] not in OPEN_WH | CLOSED_WH | AUXILIARIES and tokens[0].tag_ != "MD":
        tail = _last_clause(tokens)
        if tail and tail[0] is not tokens[0]:
            tail_words = [t.norm_ for t in tail if not t.is_punct]
            if tail_words and (tail_words[0] in OPEN_WH | CLOSED_WH | AUXILIARIES or _is_check(tail_words)):
                tokens, words = tail, tail_words
    first, second = words[0], words[1] if len(words) > 1 else ""
    if first in OPEN_WH or (first == "in" and second == "what"):
        if second in ONE_FACT or (first == "what" and len(words) <= 3 and second in ("else",)):
            return "open" if second == "else" else "closed"
        if has_mark or second in AUXILIARIES or second in ("'s", "is", "are"):
            return "open"
        return None
    if first in CLOSED_WH or (first in ELLIPTICAL and has_mark):
        text = " ".join(words[:6])
        if any(p in text for p in OPINION) or text.startswith(("when was a time", "when was the time")):
            return "open"  # "where do you think we go from here?" asks for their view
        return "closed" if has_mark or second in AUXILIARIES else None
    if tokens[0].tag_ == "VB" and not has_mark:
        return None  # "do it now": an order, not a question
    if first in AUXILIARIES or tokens[0].tag_ == "MD":
        if has_mark or (second in ("you", "i", "we", "they", "he", "she", "it", "that", "there")):
            return "closed"
        return None
    # A statement said with a question mark ("so you left early?", "you're coming
    # tonight?") checks with them: a closed question (a summary is also a reflection).
    if not has_mark:
        return None
    return "closed"


SUMMARY_OPENERS = ("so", "sounds", "it sounds", "it seems", "seems", "looks like", "you know")


FILLERS = frozenset({"okay", "ok", "um", "uh", "and", "yeah", "mm", "hmm", "right", "alright", "well", "oh"})


def _summarises(unit: Span) -> bool:
    words = [t.norm_ for t in unit if not t.is_punct and t.norm_ not in FILLERS][:3]
    if words[:1] == ["so"] and len(words) > 1 and words[1] in OPEN_WH | CLOSED_WH | AUXILIARIES:
        return False  # "so what did you do?" asks
    return " ".join(words).startswith(SUMMARY_OPENERS)


def summary_units(doc: Doc) -> list[Span]:
    """Sentences that open with a summarising "so…" ("so you left early")."""
    return [u for u in _units(doc) if _summarises(u) and [t.norm_ for t in u if t.norm_ not in FILLERS and not t.is_punct][:1] == ["so"]]


def read_questions(doc: Doc, invitations: set[int]) -> QuestionReading:
    """`invitations`: token indices where an open invitation ("tell me about") starts."""
    found = [(unit, kind) for unit in _units(doc) if (kind := _kind(unit, invitations)) is not None]
    if not found:
        return QuestionReading("none", 0, 0, 0)
    # A trailing "is that right?" checks a reflection; the real question is earlier, if any.
    asked = [(u, k) for u, k in found if not _is_check([t.norm_ for t in _content(u) if not t.is_punct])]
    unit, kind = (asked or found)[-1]
    marked = sum(1 for u, _ in asked if "?" in u.text)  # "tell me more" invites, it does not quiz
    return QuestionReading(kind, unit.start, unit.end, marked)


def declarative_with_mark(unit: Span) -> bool:
    """"So you drink mostly at weekends?": a statement said with rising intonation."""
    tokens = _content(unit)
    words = [t.norm_ for t in tokens if not t.is_punct]
    return bool(words) and words[0] not in OPEN_WH | CLOSED_WH | AUXILIARIES | ELLIPTICAL
