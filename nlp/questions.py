"""Question typing: open (invites a wide answer), closed (yes/no or one fact), none.

A reply's question type is that of its last question: the one the other person is
left to answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

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
CHECKS = frozenset({
    "is that right", "is that it", "right", "yeah", "yes", "ok", "okay", "is that fair",
    "did i get that right", "am i right", "have i got that right", "does that sound right",
    "is that what you mean", "does that fit", "is that close", "no", "huh", "eh",
    "does that make sense", "is that correct", "would that be right", "would that be fair",
    "is that how it is", "is that how it feels", "is that about right", "did i get that",
    "have i got that", "am i close", "am i getting that right", "do i have that right",
    "fair", "true", "no?", "yeah?",
})
# "When would be a good time to talk?": a wh-question with a modal or an opinion verb
# asks for their view; "when did you start?" asks for one fact.
OPEN_SIGNS = frozenset({"would", "could", "should", "might", "think", "feel", "else", "want", "like"})


@dataclass(frozen=True, slots=True)
class QuestionReading:
    kind: str  # open | closed | none
    start: int  # token range of the deciding question
    end: int
    count: int  # how many questions the reply asks


def content_tokens(unit: Span) -> list[Token]:
    """The unit's words after leading fillers and punctuation ("so, um, what…")."""
    tokens = [t for t in unit if not t.is_space]
    i = 0
    while i < len(tokens) - 1 and (tokens[i].norm_ in DISCOURSE or tokens[i].is_punct):
        i += 1
    return tokens[i:]


PRONOUNS = frozenset({"you", "i", "we", "they", "he", "she", "it", "that", "this", "u"})
# Unions the question readers test every unit against, built once.
WH = OPEN_WH | CLOSED_WH
ASKING_STARTS = WH | AUXILIARIES
PERSONS = PRONOUNS - {"that", "this", "it"}
ASKING_OR_ELLIPTICAL = ASKING_STARTS | ELLIPTICAL


def is_check(words: list[str]) -> bool:
    """"is that right", "right", or a tag question ("isn't it", "don't they")."""
    if " ".join(words) in CHECKS:
        return True
    tag = len(words) in (2, 3) and words[0] in AUXILIARIES and words[-1] in PRONOUNS
    return tag and (len(words) == 2 or words[1] in ("not", "n't"))


def _last_clause(tokens: list[Token]) -> list[Token]:
    """"So, given what you said, when would suit you?": the part after the last comma."""
    cut = max((i for i, t in enumerate(tokens[:-1]) if t.text in (",", "—", "-", ";", "--")), default=-1)
    rest = tokens[cut + 1 :]
    i = 0
    while i < len(rest) - 1 and (rest[i].norm_ in DISCOURSE or rest[i].is_punct):
        i += 1
    return rest[i:]


def _inverted(aux: Token) -> bool:
    """An auxiliary before the subject of the verb it serves ("did you…", "is she…")."""
    verb = aux.head if aux.dep_ in ("aux", "auxpass") else aux
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i > aux.i for c in verb.children)


def question_kind(unit: Span, invitations: set[int]) -> str | None:
    """open / closed for a question unit, "restatement" for a statement said with a
    question mark, None when it is not a question."""
    tokens = content_tokens(unit)
    if not tokens:
        return None
    words = [t.norm_ for t in tokens if not t.is_punct]
    has_mark = unit.text.rstrip().endswith("?") or "?" in unit.text[-3:]
    if any(t.i in invitations for t in tokens[:4]):
        return "open"
    if not words:
        return None
    if is_check(words):
        return "closed" if has_mark else None
    if has_mark and words[0] not in ASKING_STARTS and tokens[0].tag_ != "MD":
        tail = _last_clause(tokens)
        if tail and tail[0] is not tokens[0]:
            tail_words = [t.norm_ for t in tail if not t.is_punct]
            if tail_words and (tail_words[0] in ASKING_STARTS or is_check(tail_words)):
                tokens, words = tail, tail_words
    first, second = words[0], words[1] if len(words) > 1 else ""
    if first in WH and second in PERSONS and len(words) > 3:
        # "what you're saying is…", "what you need is…": the wh-word opens a clause that is
        # the subject of the main clause, which does not ask.
        return "restatement" if has_mark else None
    if first in OPEN_WH or (first == "in" and second == "what"):
        if second in ONE_FACT or (first == "what" and len(words) <= 3 and second in ("else",)):
            return "open" if second == "else" else "closed"
        if has_mark or second in AUXILIARIES or second in ("'s", "is", "are"):
            return "open"
        # "what other kind of work do you do": an inverted auxiliary further on
        return "open" if any(t.norm_ in AUXILIARIES and _inverted(t) for t in tokens[1:6]) else None
    if first in CLOSED_WH or (first in ELLIPTICAL and has_mark):
        text = " ".join(words[:6])
        if any(p in text for p in OPINION) or text.startswith(("when was a time", "when was the time")):
            return "open"  # "where do you think we go from here?" asks for their view
        if first in CLOSED_WH and second not in ONE_FACT and OPEN_SIGNS & set(words[1:6]):
            return "open"  # "when would be a good time to talk?", "who could help you?"
        return "closed" if has_mark or second in AUXILIARIES else None
    if tokens[0].tag_ == "VB" and not has_mark:
        return None  # "do it now": an order, not a question
    if first in AUXILIARIES or tokens[0].tag_ == "MD":
        if has_mark or (second in ("you", "i", "we", "they", "he", "she", "it", "that", "there")):
            return "closed"
        # "is the state stopping you": the auxiliary comes before its clause's subject
        return "closed" if _inverted(tokens[0]) else None
    # A statement said with a question mark ("so you left early?", "that worries
    # you?") gives their words back for them to confirm: a restatement, not a question.
    return "restatement" if has_mark else None


SUMMARY_OPENERS = ("so", "sounds", "it sounds", "it seems", "seems", "looks like", "you know")


FILLERS = frozenset({"okay", "ok", "um", "uh", "and", "yeah", "mm", "hmm", "right", "alright", "well", "oh"})


def _lead_words(unit: Span, n: int) -> list[str]:
    """The first `n` words of a unit, fillers and punctuation skipped (stops early)."""
    words: list[str] = []
    for t in unit:
        if not t.is_punct and t.norm_ not in FILLERS:
            words.append(t.norm_)
            if len(words) == n:
                break
    return words


def _summarises(words: list[str]) -> bool:
    if words[:1] == ["so"] and len(words) > 1 and words[1] in ASKING_STARTS:
        return False  # "so what did you do?" asks
    return " ".join(words).startswith(SUMMARY_OPENERS)


def is_summary(unit: Span) -> bool:
    """A unit that opens with a summarising "so…" ("so you left early")."""
    words = _lead_words(unit, 3)
    return words[:1] == ["so"] and _summarises(words)


def read_questions(units) -> QuestionReading:
    """The reply's question type is that of its last asking unit. With none, a trailing
    check ("is that right?") or restatement ("that worries you?") still asks them to
    confirm: closed (annomi's coders agree), though it is never counted as a question."""
    asked = [u for u in units if u.asks]
    confirming = [u for u in units if u.kind in ("check", "restatement")]
    if not asked and not confirming:
        return QuestionReading("none", 0, 0, 0)
    last = asked[-1] if asked else confirming[-1]
    marked = sum(1 for u in asked if u.kind == "question" and "?" in u.span.text)  # "tell me more" invites
    return QuestionReading(last.question if asked else "closed", last.start, last.end, marked)


def starts_like_question(unit: Span) -> bool:
    """False for "so you drink mostly at weekends?": a statement said with rising intonation."""
    words = [t.norm_ for t in content_tokens(unit) if not t.is_punct]
    if len(words) > 3 and words[0] in WH and words[1] in PERSONS:
        return False  # "what you're saying is…?"
    return bool(words) and words[0] in ASKING_OR_ELLIPTICAL


def declarative_with_mark(unit: Span) -> bool:
    return not starts_like_question(unit)
