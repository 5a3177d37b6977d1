"""Hostility that needs the other person's words: retorts that hand their accusation
back ("Oh, *I'm* the problem?") and mocking repetition of what they said.

Both only run when a context (what they said) is given. Words are compared with
persons folded together, so "you're the problem" and "I'm the problem" line up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span

from nlp.guards import quoted_tokens
from nlp.parse_rules import Hit, RuleContext, parse_rule

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_FOLD = {
    "i": "PERSON", "me": "PERSON", "you": "PERSON", "u": "PERSON", "ya": "PERSON",
    "my": "POSS", "your": "POSS", "ur": "POSS",
    "am": "BE", "are": "BE", "is": "BE", "'m": "BE", "'re": "BE", "m": "BE", "re": "BE",
    "i'm": "PERSON BE", "im": "PERSON BE", "you're": "PERSON BE", "youre": "PERSON BE",
    "myself": "SELF", "yourself": "SELF",
}
FIRST = frozenset({"i", "me", "my", "i'm", "im", "myself"})
SECOND = frozenset({"you", "u", "ya", "your", "ur", "you're", "youre", "yourself"})
# Mocking markers around a handed-back accusation; a check-in ("so you feel I never
# help?") reflects it instead, so these verbs veto.
MOCKING = frozenset({"oh", "so", "really", "seriously", "wow", "now", "lol", "ha", "haha", "right", "sure"})
REFLECTING = frozenset({"feel", "feels", "felt", "sounds", "seems", "saying", "mean", "hear", "think"})
MIN_ECHO = 3  # folded words in a row, the person among them


def _fold(word: str) -> list[str]:
    key = word.lower().replace("’", "'")
    return (_FOLD.get(key) or key).split()


def _context_ngrams(text: str) -> dict[tuple[str, ...], bool]:
    """Folded n-grams of their words (MIN_ECHO long) -> whether "you" is in it."""
    words = _WORD.findall(text)
    folded: list[tuple[str, str]] = [(f, w.lower()) for w in words for f in _fold(w)]
    grams: dict[tuple[str, ...], bool] = {}
    for i in range(len(folded) - MIN_ECHO + 1):
        window = folded[i : i + MIN_ECHO]
        gram = tuple(f for f, _ in window)
        grams[gram] = grams.get(gram, False) or any(w in SECOND for _, w in window)
    return grams


def _echoes(doc: Doc, sent: Span, grams: dict[tuple[str, ...], bool]) -> Iterator[tuple[int, int, bool]]:
    """(start, end, speaker made it about themselves) for each run of their words."""
    folded: list[tuple[str, int]] = [(f, t.i) for t in sent if not t.is_punct and t.text != "*" for f in _fold(t.text)]
    i = 0
    while i <= len(folded) - MIN_ECHO:
        gram = tuple(f for f, _ in folded[i : i + MIN_ECHO])
        if gram not in grams or "PERSON" not in gram:
            i += 1
            continue
        turned = grams[gram]
        last = i + MIN_ECHO  # grow the run while it stays their words
        while last < len(folded) and tuple(f for f, _ in folded[last - MIN_ECHO + 1 : last + 1]) in grams:
            last += 1
        tokens = [doc[j] for _, j in folded[i:last]]
        yield tokens[0].i, tokens[-1].i + 1, turned and any(t.lower_ in FIRST for t in tokens)
        i = last


def _grams(ctx: RuleContext) -> dict[tuple[str, ...], bool]:
    if "context_ngrams" not in ctx.cache:
        ctx.cache["context_ngrams"] = _context_ngrams(ctx.context_text or "")
    return ctx.cache["context_ngrams"]


@parse_rule("turned_back")
def turned_back(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """They said "you're the problem"; the reply hands it back: "Oh, I'm the problem?"."""
    grams = _grams(ctx) if ctx.context_text else {}
    if not grams:
        return
    for sent in doc.sents:
        words = {t.lower_ for t in sent}
        mocking = bool(words & MOCKING) or sent.text.rstrip().endswith("?") or "*" in sent.text
        if not mocking or words & REFLECTING:
            continue
        for start, end, turned in _echoes(doc, sent, grams):
            if turned:
                yield start, end, f"hands back their words: {doc[start:end].text}"
                break


@parse_rule("mimicry")
def mimicry(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """Their words repeated back in quotes ("'I never help'? Really?"): mockery."""
    grams = _grams(ctx) if ctx.context_text else {}
    if not grams:
        return
    quoted = quoted_tokens(doc)
    for sent in doc.sents:
        for start, end, _ in _echoes(doc, sent, grams):
            if quoted[start] and quoted[end - 1]:
                yield start, end, f"repeats their words back: {doc[start:end].text}"
                break
