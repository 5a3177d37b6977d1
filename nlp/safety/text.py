"""Tokens for the safety screen: typed words folded to the words the rules are written in,
each keeping the character offsets of what the person actually typed.

Linear in the text and independent of spaCy's parser, so it works on text the main
analyser refuses (too long, another language, odd characters).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from nlp.safety.lexicon import Spelling

# A run of letters and digits, with masking or apostrophes inside ("k*ll", "don't").
WORD = re.compile(r"[^\W_]+(?:['’*@$!.]+[^\W_]+)*\**|[\U0001F300-\U0001FAFF\u2600-\u27BF]", re.UNICODE)
SENTENCE_BREAK = re.compile(r"[.!?…\n;]")
CLAUSE_BREAK = re.compile(r"[,:;()\"“”—–]|\s-\s")
# Letters NFKD does not split into base + accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "l", "ß": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae",
                       "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d", "ı": "i", "’": "'", "‘": "'", "ʼ": "'"})
_LEET = str.maketrans({"@": "a", "$": "s", "1": "i", "3": "e", "0": "o", "4": "a", "5": "s", "7": "t", "!": "i"})


class Token(NamedTuple):
    word: str  # the rule vocabulary form, lower-case, accents folded
    lemma: str
    start: int  # offsets of the typed token in the original text
    end: int
    sentence: int  # index of the sentence this token is in
    clause: int  # index of the clause (split at commas, dashes, "but")
    capital: bool  # typed with a capital letter and not "I" (a name, maybe)


def fold(text: str) -> str:
    """Lower-case with accents removed: "Ich möchte STERBEN" -> "ich mochte sterben"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _squash(word: str, longest: int) -> str:
    return re.sub(r"(.)\1+", lambda m: m.group(1) * min(len(m.group(0)), longest), word)


def canonical(typed: str, spelling: Spelling) -> tuple[str, ...]:
    """The rule-vocabulary word(s) for one typed token."""
    word = fold(typed)
    if word in spelling.expand:
        return spelling.expand[word]
    if word in spelling.shorthand:
        return spelling.shorthand[word]
    if "*" in word.strip("*"):
        masked = spelling.unmask(word)
        if masked:
            return (masked,)
    if any(c.isdigit() or c in "@$!" for c in word) and any(c.isalpha() for c in word):
        word = word.translate(_LEET)
    word = word.strip("*!'.")
    if "'" in word:
        word = word.replace("'s", "") if word.endswith("'s") else word
    if word in spelling.variants:
        return (spelling.variants[word],)
    if word in spelling.known:
        return (word,)
    squashed = _squash(word, 2)
    if squashed in spelling.known:
        return (squashed,)
    if len(word) >= 5 and word.endswith("in") and word + "g" in spelling.known:  # "thinkin", "savin"
        return (word + "g",)
    single = _squash(word, 1)
    if single in spelling.stretched:
        return (spelling.stretched[single],)
    if len(word) >= 5:
        fuzzy = spelling.fuzzy_match(word)
        if fuzzy:
            return (fuzzy,)
    return (word,)


@lru_cache(maxsize=4)
def _cached(spelling: Spelling):
    """canonical() for one spelling table, remembered per typed token (words repeat)."""
    return lru_cache(maxsize=65536)(lambda typed: canonical(typed, spelling))


def tokenise(text: str, spelling: Spelling) -> list[Token]:
    words_of = _cached(spelling)
    lemma = spelling.lemma
    tokens: list[Token] = []
    sentence = clause = 0
    last_end = 0
    for match in WORD.finditer(text):
        start, end = match.span()
        gap = text[last_end:start]
        if tokens and SENTENCE_BREAK.search(gap):
            sentence += 1
            clause += 1
        elif tokens and CLAUSE_BREAK.search(gap):
            clause += 1
        typed = match.group()
        words = words_of(typed)
        if words and words[0] == "but":
            clause += 1
        capital = typed[:1].isupper() and typed != "I"
        for word in words:
            if word:  # a lone apostrophe-like mark folds to nothing, and spaCy refuses empty words
                tokens.append(Token(word, lemma(word), start, end, sentence, clause, capital))
        last_end = end
    return tokens
