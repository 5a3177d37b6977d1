"""Is this English? A cheap check on function words and script, no network, no model."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc

from nlp.lexicons import word_list

NOTICE = (
    "Rehearse's feedback is built for English; this text looks like another language, "
    "so it was not scored."
)


@cache
def _foreign_words() -> frozenset[str]:
    return frozenset(word_list("foreign_function_words"))


def looks_english(doc: Doc) -> bool:
    letters = [c for c in doc.text if c.isalpha()]
    if letters:
        latin = sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f")
        if latin / len(letters) < 0.5:
            return False
    words = [t for t in doc if t.is_alpha]
    if len(words) < 3:
        return True  # too short to judge; "ok", "fine." are English enough
    foreign_words = _foreign_words()
    foreign = sum(1 for t in words if t.lower_ in foreign_words and not t.is_stop)
    english = sum(1 for t in words if t.is_stop)
    return not (foreign >= 2 and foreign > english)
