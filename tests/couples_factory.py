"""Hand-built couples values for tests: words, checks and moves without the model."""

from __future__ import annotations

import re

from analysis_factory import analysis, flag

from coach.couples import session as S
from coach.couples.listening import check_listener
from nlp.lexicons import feeling_family_of
from nlp.words import Word

STOP = frozenset(["i", "you", "me", "my", "your", "we", "us", "a", "an", "the", "to", "of", "and", "or", "in", "on", "at", "it", "is", "was", "were", "be", "so", "that", "this", "when", "with", "for", "but", "just", "really", "felt", "feel", "about"])
SPEAKER = "I felt lonely when you worked late three nights this week."
GOOD = "You felt lonely when I worked late three nights."
POOR = "But I was working for us."


def words(text: str) -> tuple[Word, ...]:
    """A crude stand-in for nlp.content_words: every non-stop word, its own lemma."""
    families = feeling_family_of()
    found = []
    for m in re.finditer(r"[A-Za-z']+", text):
        w = m.group().lower()
        if w in STOP or len(w) < 3:
            continue
        lemma = w[:-1] if w.endswith("s") and len(w) > 3 and not w.endswith("ss") else w
        found.append(Word(m.group(), lemma, m.start(), m.end(), families.get(w, ""), lemma))
    return tuple(found)


def said(text: str, *helps: tuple[str, str]):
    """A speaker analysis with `helps` flags: (words, CATEGORY) pairs."""
    return analysis(text, *(flag(text, w, c) for w, c in helps))


def heard_check(speaker: str, text: str, *flags):
    reply = analysis(text, *flags, context=speaker)
    return reply, check_listener(words(speaker), words(text), text, reply)


def speak(s: S.CoupleSession, text: str = SPEAKER) -> S.CoupleSession:
    who = S.whose_turn(s)
    return S.share(S.write(s, who, text, said(text, ("lonely", "FEELING"))), who)


def listen(s: S.CoupleSession, text: str = GOOD) -> S.CoupleSession:
    who = S.whose_turn(s)
    reply, check = heard_check(s.current.heard, text)
    return S.share(S.write(s, who, text, reply, check), who)


def new_session() -> S.CoupleSession:
    return S.start(("Ann", "Ben"), "small-complaint", ("First prompt.", "Second prompt."))
