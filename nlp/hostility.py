"""Hostility that needs the other person's words: retorts that hand their accusation
back ("Oh, *I'm* the problem?") and mocking repetition of what they said.

Both only run when a context (what they said) is given. Words are compared with
persons folded together, so "you're the problem" and "I'm the problem" line up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from spacy.tokens import Doc, Span

from nlp.guards import quoted_tokens
from nlp.parse_rules import Hit, RuleContext, parse_rule

_SENTENCES = re.compile(r"[^.!?]+[.!?]*")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_FOLD = {
    "i": "PERSON", "me": "PERSON", "you": "PERSON", "u": "PERSON", "ya": "PERSON",
    "my": "POSS", "your": "POSS", "ur": "POSS",
    "am": "BE", "are": "BE", "is": "BE", "'m": "BE", "'re": "BE", "m": "BE", "re": "BE",
    "i'm": "PERSON BE", "im": "PERSON BE", "you're": "PERSON BE", "youre": "PERSON BE",
    "myself": "SELF", "yourself": "SELF",
}
FIRST_SUBJECT = frozenset({"i", "my", "i'm", "im"})
SECOND = frozenset({"you", "u", "ya", "your", "ur", "you're", "youre", "yourself"})
# Mocking markers around a handed-back accusation; a check-in ("so you feel I never
# help?") reflects it instead, so these verbs veto.
OPENERS = frozenset({"oh", "so", "right", "sure", "wow", "really", "ah", "ha", "haha", "ok", "okay", "yeah"})
MOCKING = frozenset({"really", "seriously", "lol", "sure", "riiight", "wow"})
# A check-in ("so you feel I never help?") or a report of their words ("what makes you
# say 'I have to'?") repeats them to understand, not to mock.
REFLECTING = frozenset({"feel", "feels", "felt", "sounds", "seems", "say", "says", "said", "saying", "mean",
                        "hear", "heard", "think", "tell", "told", "asked", "like"})
MIN_ECHO = 3  # folded words in a row, the person among them


def _fold(word: str) -> list[str]:
    key = word.lower().replace("’", "'")
    return (_FOLD.get(key) or key).split()


Grams = dict[tuple[str, ...], frozenset[tuple[str, ...]]]


def _who(word: str) -> str:
    """'S' for a second-person word, 'F' for a first-person subject or possessive."""
    return "S" if word in SECOND else "F" if word in FIRST_SUBJECT else ""


def _folded(words: list[str]) -> list[tuple[str, str, int]]:
    """(folded word, who, index of the word it came from); 'who' on the first piece only."""
    result = []
    for n, word in enumerate(words):
        for k, piece in enumerate(_fold(word)):
            result.append((piece, _who(word.lower().replace("’", "'")) if k == 0 else "", n))
    return result


@lru_cache(maxsize=256)  # a session's prompts; read only by the rules
def _context_ngrams(text: str) -> Grams:
    """Folded n-grams of their words (MIN_ECHO long) -> who each position was, per use."""
    grams: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for sentence in _SENTENCES.findall(text):
        # Their questions ("where do you want to start?") accuse no one: only statements
        # can be handed back. Their words still count for growing a run.
        asked = sentence.rstrip().endswith("?")
        folded = _folded(_WORD.findall(sentence))
        for i in range(len(folded) - MIN_ECHO + 1):
            window = folded[i : i + MIN_ECHO]
            who = tuple("" if asked else w for _, w, _ in window)
            grams.setdefault(tuple(f for f, _, _ in window), set()).add(who)
    return {gram: frozenset(who) for gram, who in grams.items()}


def _turned(theirs: frozenset[tuple[str, ...]], mine: tuple[str, ...]) -> bool:
    """Their "you" stands where the reply says "I": the accusation handed back."""
    return any(any(t == "S" and m == "F" for t, m in zip(who, mine, strict=True)) for who in theirs)


def _echoes(doc: Doc, sent: Span, grams: Grams) -> Iterator[tuple[int, int, bool]]:
    """(start, end, speaker made it about themselves) for each run of their words."""
    tokens = [t for t in sent if not t.is_punct and t.text != "*"]
    folded = [(f, w, tokens[n].i) for f, w, n in _folded([t.text for t in tokens])]
    i = 0
    while i <= len(folded) - MIN_ECHO:
        window = folded[i : i + MIN_ECHO]
        gram = tuple(f for f, _, _ in window)
        if gram not in grams or "PERSON" not in gram:
            i += 1
            continue
        turned = _turned(grams[gram], tuple(w for _, w, _ in window))
        last = i + MIN_ECHO  # grow the run while it stays their words
        while last < len(folded) and tuple(f for f, _, _ in folded[last - MIN_ECHO + 1 : last + 1]) in grams:
            last += 1
        yield folded[i][2], folded[last - 1][2] + 1, turned
        i = last


def _grams(ctx: RuleContext) -> Grams:
    if "context_ngrams" not in ctx.cache:
        ctx.cache["context_ngrams"] = _context_ngrams(ctx.context_text or "")
    return ctx.cache["context_ngrams"]


def _mocking(sent: Span) -> bool:
    """A mocking marker, a question mark or *emphasis*, and no check-in or report verb."""
    words = {t.lower_ for t in sent}
    if words & REFLECTING:
        return False
    opener = next((t.lower_ for t in sent if not t.is_punct), "")
    return opener in OPENERS or bool(words & MOCKING) or sent.text.rstrip().endswith("?") or "*" in sent.text


@parse_rule("turned_back")
def turned_back(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """They said "you're the problem"; the reply hands it back: "Oh, I'm the problem?"."""
    if not ctx.context_text:
        return
    for sent in doc.sents:
        if not _mocking(sent):
            continue
        grams = _grams(ctx)  # their words are folded only once a sentence could hand them back
        if not grams:
            return
        for start, end, turned in _echoes(doc, sent, grams):
            if turned:
                yield start, end, f"hands back their words: {doc[start:end].text}"
                break


@parse_rule("mimicry")
def mimicry(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """Their words repeated back in quotes ("'I never help'? Really?"): mockery."""
    if not ctx.context_text:
        return
    quoted = quoted_tokens(doc)
    if not any(quoted):
        return  # nothing in quotes: nothing repeated back
    grams = _grams(ctx)
    if not grams:
        return
    for sent in doc.sents:
        if not _mocking(sent):
            continue
        for start, end, _ in _echoes(doc, sent, grams):
            if quoted[start] and quoted[end - 1]:
                yield start, end, f"repeats their words back: {doc[start:end].text}"
                break
