"""The content words of a sentence, with lemmas and feeling families: what the listener
check in `coach/couples/listening.py` compares between a speaker and a listener."""

from __future__ import annotations

from dataclasses import dataclass

from nlp.errors import MAX_CHARS
from nlp.lexicons import feeling_family_of

MAX_PHRASE = 5  # the longest feeling phrase in feelings.yaml ("at the end of my rope")


@dataclass(frozen=True, slots=True)
class Word:
    """One content word (or feeling phrase) of a text, with its character offsets."""

    text: str  # as written, == source[start:end]
    lemma: str  # lower-case lemma; the phrase itself for a multi-word feeling
    start: int
    end: int
    family: str = ""  # the feeling family (feelings.yaml) when this is a feeling word
    stem: str = ""  # crude stem of the word as written ("drinking" -> "drink")


def content_words(text: str) -> tuple[Word, ...]:
    """Content words and feelings in reading order (stop words and light verbs left out)."""
    from nlp import get_analyzer  # spaCy loads here, so `coach/` can import `Word` without it
    from nlp.reflection import CONTENT_POS, LIGHT, stem

    doc = get_analyzer().nlp(text[:MAX_CHARS])
    families = feeling_family_of()
    words: list[Word] = []
    taken: set[int] = set()
    for size in range(MAX_PHRASE, 0, -1):  # longest feeling phrase first
        for i in range(len(doc) - size + 1):
            span = doc[i : i + size]
            key = span.text.lower()
            if key in families and not taken.intersection(range(i, i + size)):
                taken.update(range(i, i + size))
                words.append(Word(span.text, key, span.start_char, span.end_char, families[key], key))
    for tok in doc:
        if tok.i in taken or not tok.is_alpha or len(tok) < 3:
            continue
        lemma = tok.lemma_.lower()
        if families.get(lemma):
            words.append(Word(tok.text, lemma, tok.idx, tok.idx + len(tok), families[lemma], stem(tok.lower_)))
        elif tok.pos_ in CONTENT_POS and not tok.is_stop and lemma not in LIGHT:
            words.append(Word(tok.text, lemma, tok.idx, tok.idx + len(tok), "", stem(tok.lower_)))
    return tuple(sorted(words, key=lambda w: w.start))
