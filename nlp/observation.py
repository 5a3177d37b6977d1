"""An observation: what happened, said as a fact ("when you left your plates on the
table yesterday at dinner"), the first part of a good I-statement.

Found as one of: a when/after clause about one past event; a specific time or occasion
(nlp/lexicons/times.txt); a count ("three times this week"); their words in quotes.
It is only an observation in a sentence about the listener's doing (a "you" in it), what
the speaker saw or heard, or a when-clause pinned to a time ("when the sink was full
again tonight"), and never when the words hold an insult, a label or an
absolute ("when you were a lazy slob", "when you always…").
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from spacy.tokens import Doc, Span, Token

from nlp.guards import quoted_tokens
from nlp.lexicons import word_list
from nlp.parse_rules import BY_YOU, Hit, RuleContext, parse_rule

EVENT_MARKS = frozenset({"when", "after", "before", "while"})
PERCEIVING = frozenset({"see", "notice", "hear", "watch", "find", "read"})
ABSOLUTES = frozenset({"always", "never", "constantly", "forever", "every", "whenever", "ever"})
COUNT_WORDS = frozenset({"twice", "three", "four", "five", "six", "several", "two"})


@cache
def _times() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    entries = [tuple(w.split()) for w in word_list("times")]
    return frozenset(e[0] for e in entries if len(e) == 1), frozenset(e[:2] for e in entries if len(e) >= 2)


def _about_them_or_seen(sent: Span) -> bool:
    return any(t.norm_ in BY_YOU for t in sent) or any(t.lemma_ in PERCEIVING and t.norm_ in ("i", "we")
                                                        or (t.lemma_ in PERCEIVING and any(
                                                            s.norm_ in ("i", "we") for s in t.children))
                                                        for t in sent)


def _clean(tokens: list[Token], attacks: frozenset[int]) -> bool:
    return not any(t.i in attacks or t.lower_ in ABSOLUTES for t in tokens)


def _event_clauses(sent: Span) -> Iterator[list[Token]]:
    for tok in sent:
        if tok.dep_ != "advcl" or tok.tag_ not in ("VBD", "VBN"):
            continue
        if any(c.dep_ in ("advmod", "mark") and c.lower_ in EVENT_MARKS for c in tok.children):
            yield list(tok.subtree)


def _time_phrases(sent: Span) -> Iterator[list[Token]]:
    singles, pairs = _times()
    toks = list(sent)
    lowers = [t.lower_ for t in toks]
    n = len(toks)
    i = 0
    while i < n:
        pair = (lowers[i], lowers[i + 1]) if i + 1 < n else None
        if pair in pairs:
            yield [toks[i], toks[i + 1]]
            i += 2
            continue
        if lowers[i] in singles:
            yield [toks[i]]
        elif (toks[i].like_num or lowers[i] in COUNT_WORDS) and i + 1 < n and lowers[i + 1] == "times":
            yield [toks[i], toks[i + 1]]
        elif lowers[i] == "twice":
            yield [toks[i]]
        i += 1


def _timed_events(sent: Span) -> list[list[Token]]:
    """"When the sink was full again tonight": a when-clause pinned to a time is one
    moment, even with nobody named in it."""
    times = {t.i for tokens in _time_phrases(sent) for t in tokens}
    return [tokens for tokens in _event_clauses(sent) if any(t.i in times for t in tokens)]


def _quoted_words(sent: Span, quoted: tuple[bool, ...]) -> Iterator[list[Token]]:
    run: list[Token] = []
    for tok in sent:
        if quoted[tok.i] and not tok.is_punct:
            run.append(tok)
        elif run:
            if len(run) >= 2:
                yield run
            run = []
    if len(run) >= 2:
        yield run


@parse_rule("observation")
def observation(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    if not any(t.tag_ in ("VBD", "VBN") for t in doc):
        return  # nothing happened in the past tense: nothing observed
    attacks = ctx.tokens_in("insults", doc) | ctx.tokens_in("traits", doc)
    quoted = quoted_tokens(doc)
    for sent in doc.sents:
        if not any(t.tag_ in ("VBD", "VBN") for t in sent):
            continue  # an observation is of something that happened
        if any(t.lower_ in ABSOLUTES for t in sent) or any(t.i in attacks for t in sent):
            continue  # "when you always…", "when you were a slob yesterday": not a plain fact
        if _about_them_or_seen(sent):
            found = [*_event_clauses(sent), *_time_phrases(sent), *_quoted_words(sent, quoted)]
        else:
            found = _timed_events(sent)
        ranges = sorted((min(t.i for t in tokens), max(t.i for t in tokens) + 1)
                        for tokens in found if _clean(tokens, attacks))
        for start, end in _merged(ranges):
            yield start, end, f"observation: {doc[start:end].text}"


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching ranges as one ("when you left… yesterday" + "at dinner")."""
    result: list[tuple[int, int]] = []
    for start, end in ranges:
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(end, result[-1][1]))
        else:
            result.append((start, end))
    return result
