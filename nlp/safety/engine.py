"""The crisis screen: every input, first, recall-first.

Text is folded to the rules' words (text.py), matched in overlapping windows of tokens so
no part of a long text is skipped, and each candidate is checked against the named
exceptions (emotional hurt, negation, idioms, grief, plots) before it counts.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.errors import MatchPatternError
from spacy.lang.en import English
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from nlp.errors import RuleFileError
from nlp.safety.gates import PREFIX_KEY, Gates, build_gates
from nlp.safety.lexicon import Spelling, load_spelling
from nlp.safety.rules import (
    CueFile,
    SafetyException,
    SafetyRule,
    expand_pattern,
    load_cues,
    load_languages,
    load_rule_files,
    load_words,
)
from nlp.safety.text import Token, fold, tokenise
from nlp.safety.types import NO_RISK, RiskHit, SafetyScreen

# Windows of tokens: the longest rule is under 20 tokens, so an overlap of 48 tokens
# means a phrase that straddles one window's end lies whole inside the next window.
WINDOW_TOKENS = 400
WINDOW_OVERLAP = 48
# A token pattern is matched only within this many tokens of one of its gate words
# (gates.py): more than the longest pattern, so no match is cut off.
GATE_REACH = 24
# Exception patterns are matched only this close to a candidate hit (overlap scope).
EXCEPTION_REACH = 24


@dataclass(frozen=True, slots=True)
class GatedMatcher:
    rule_id: str
    matcher: Matcher
    gates: Gates


@dataclass(frozen=True, slots=True)
class Candidate:
    rule_id: str
    start: int  # token range in the whole text
    end: int


class Screen:
    """Rules compiled once; `__call__` screens one text."""

    def __init__(self) -> None:
        self.rules, self.exceptions = load_rule_files()
        self.cues: CueFile = load_cues()
        self.words = load_words()
        self.rules = self.rules + self._language_rules()
        self.spelling: Spelling = load_spelling(self._vocabulary(), self._lemma_words())
        self.vocab = English().vocab  # blank: lexical attributes only, no model
        self._by_id: dict[str, SafetyRule | SafetyException] = {}
        self.rule_phrases, self.rule_matchers = self._compile(self.rules)
        self.exception_phrases, self.exception_matchers = self._compile(self.exceptions)
        self._gated = self._gate_index()
        self._check_cue_names()
        self._cue_openers = self._cue_key_words()
        self.cue_phrases = PhraseMatcher(self.vocab, attr="LOWER")
        for name, phrases in self.cues.cues.items():
            self.cue_phrases.add(name, [self._phrase_doc(p, f"cues.yaml: cue set '{name}'") for p in phrases])
        self._lock = threading.Lock()  # spaCy's string store grows while matching

    # -- building ---------------------------------------------------------------
    def _language_rules(self) -> tuple[SafetyRule, ...]:
        data = load_languages()
        rules = []
        for code, lang in data.languages.items():
            explain = data.explain.format(language=lang.name)
            rules.append(SafetyRule(id=f"other_language.{code}", kind="other_language", explain=explain,
                                    phrases=lang.phrases, patterns=lang.patterns,
                                    negatable=False,  # the negation words are English
                                    examples=lang.examples, source="other_languages.yaml"))
            if lang.with_fear:
                rules.append(SafetyRule(id=f"other_language.{code}_with_fear", kind="other_language",
                                        explain=explain, patterns=lang.with_fear.patterns, negatable=False,
                                        needs_nearby=("fear",), examples=lang.with_fear.examples,
                                        source="other_languages.yaml"))
        return tuple(rules)

    def _vocabulary(self) -> set[str]:
        vocab: set[str] = set()
        for item in (*self.rules, *self.exceptions):
            for phrase in item.phrases:
                vocab.update(fold(phrase).split())
            for pattern in item.patterns:
                for token in pattern:
                    vocab.update(_strings(token))
        for words in self.words.values():
            vocab.update(words)
        for phrases in self.cues.cues.values():
            for phrase in phrases:
                vocab.update(fold(phrase).split())
        return vocab

    def _lemma_words(self) -> set[str]:
        found: set[str] = set()
        for item in (*self.rules, *self.exceptions):
            for pattern in item.patterns:
                for token in pattern:
                    if "LEMMA" in token:
                        found.update(_strings(token["LEMMA"]))
                        found.update(w for name in _set_names(token["LEMMA"]) for w in self.words.get(name, ()))
        return found

    def _compile(self, items: Iterable[SafetyRule | SafetyException]) -> tuple[PhraseMatcher, dict[str, GatedMatcher]]:
        """Phrases go to one PhraseMatcher (hashed, fast on long text); each item's token
        patterns to a Matcher of its own, run only near that item's gate words."""
        phrases = PhraseMatcher(self.vocab, attr="LOWER")
        matchers: dict[str, GatedMatcher] = {}
        for item in items:
            where = f"{item.source}: rule '{item.id}'"
            docs = [self._phrase_doc(p, where) for p in item.phrases]
            if docs:
                phrases.add(item.id, docs)
            patterns = [expand_pattern(p, self.words, where) for p in item.patterns]
            for n, pattern in enumerate(patterns):  # one matcher per pattern: run only near its gate
                matcher = Matcher(self.vocab, validate=True)
                try:
                    matcher.add(item.id, [pattern])
                except (MatchPatternError, ValueError, KeyError) as exc:
                    raise RuleFileError(f"{where}: pattern {n + 1} is invalid: {exc}") from exc
                matchers[f"{item.id}#{n}"] = GatedMatcher(item.id, matcher, build_gates([pattern], self.cues.common_words))
            self._by_id[item.id] = item
        return phrases, matchers

    def _check_cue_names(self) -> None:
        for item in (*self.rules, *self.exceptions):
            names = (*item.needs_nearby, *getattr(item, "unless_nearby", ()), *getattr(item, "unless_within", ()))
            unknown = sorted(set(names) - set(self.cues.cues))
            if unknown:
                raise RuleFileError(f"{item.source}: rule '{item.id}' names unknown cue sets {unknown}; "
                                    f"known: {sorted(self.cues.cues)}")

    def _cue_key_words(self) -> dict[str, frozenset[str]]:
        """Rule id -> one word of each of its `needs_nearby` cue phrases (the rarest: not a common
        word, then the longest). A phrase can only be in a text that has all its words, so a rule
        with none of these words in the text would be vetoed anyway: its patterns are not run."""
        common = self.cues.common_words
        keys: dict[str, set[str]] = {}
        for name, phrases in self.cues.cues.items():
            keys[name] = set()
            for phrase in phrases:
                words = [t.word for t in tokenise(phrase, self.spelling)]
                keys[name].add(min(words, key=lambda w: (w in common, -len(w))))
        return {rule.id: frozenset().union(*(keys[n] for n in rule.needs_nearby))
                for rule in self.rules if rule.needs_nearby}

    def _gate_index(self) -> tuple[dict[str, set[str]], dict[str, set[str]], tuple[str, ...],
                                   dict[str, list[tuple[str, str]]]]:
        """Word -> patterns it opens, lemma -> patterns it opens, patterns open everywhere, and
        word start (first PREFIX_KEY letters) -> (prefix, pattern) pairs."""
        by_word: dict[str, set[str]] = {}
        by_lemma: dict[str, set[str]] = {}
        by_prefix: dict[str, list[tuple[str, str]]] = {}
        everywhere = []
        for key, gated in self.rule_matchers.items():
            if gated.gates.everywhere:
                everywhere.append(key)
            for word in gated.gates.lower:
                by_word.setdefault(word, set()).add(key)
            for lemma in gated.gates.lemma:
                by_lemma.setdefault(lemma, set()).add(key)
            for prefix in gated.gates.prefix:
                by_prefix.setdefault(prefix[:PREFIX_KEY], []).append((prefix, key))
        return by_word, by_lemma, tuple(everywhere), by_prefix

    def _phrase_doc(self, phrase: str, where: str) -> Doc:
        words = [t.word for t in tokenise(phrase, self.spelling)]
        if not words:
            raise RuleFileError(f"{where}: phrase {phrase!r} has no words")
        return Doc(self.vocab, words=words)

    # -- screening --------------------------------------------------------------
    def __call__(self, text: str) -> SafetyScreen:
        if not isinstance(text, str) or not text.strip():
            return NO_RISK
        tokens = tokenise(text, self.spelling)
        if not tokens:
            return NO_RISK
        with self._lock:
            found = self._find(tokens)
        candidates, exceptions, cues = found
        hits: list[RiskHit] = []
        vetoed: list[tuple[str, str]] = []
        for cand in _longest_first(candidates):
            rule: SafetyRule = self._by_id[cand.rule_id]  # type: ignore[assignment]
            reason = self._veto(rule, cand, tokens, exceptions, cues)
            if reason:
                vetoed.append((rule.id, reason))
                continue
            start, end = tokens[cand.start].start, tokens[cand.end - 1].end
            hit = RiskHit(rule.kind, rule.id, start, end, text[start:end], rule.explain)
            if not any(h.rule_id == hit.rule_id and h.start < end and start < h.end for h in hits):
                hits.append(hit)
        hits.sort(key=lambda h: (h.start, h.end, h.rule_id))
        return SafetyScreen(risk=bool(hits), hits=tuple(hits), vetoed=tuple(dict.fromkeys(vetoed)))

    def _find(self, tokens: list[Token]) -> tuple[set[Candidate], list[tuple[SafetyException, int, int]],
                                                  dict[str, list[int]]]:
        """Candidate hits first; exceptions and cues are looked for only if there are any."""
        candidates: set[Candidate] = set()
        strings = self.vocab.strings
        by_word, by_lemma, everywhere, by_prefix = self._gated
        present = {t.word for t in tokens}
        openers = self._cue_openers
        docs = list(self._windows(tokens))
        for offset, doc in docs:
            for match_id, s, e in self.rule_phrases(doc):
                candidates.add(Candidate(strings[match_id], offset + s, offset + e))
            opened: dict[str, list[int]] = {key: [0] for key in everywhere}
            for i in range(len(doc)):
                tok = tokens[offset + i]
                for key in by_word.get(tok.word, ()):
                    opened.setdefault(key, []).append(i)
                for key in by_lemma.get(tok.lemma, ()):
                    opened.setdefault(key, []).append(i)
                for prefix, key in by_prefix.get(tok.word[:PREFIX_KEY], ()):
                    if tok.word.startswith(prefix):
                        opened.setdefault(key, []).append(i)
            for key, positions in opened.items():
                gated = self.rule_matchers[key]
                needed = openers.get(gated.rule_id)
                if needed is not None and present.isdisjoint(needed):
                    continue
                reach = len(doc) if key in everywhere else GATE_REACH
                for lo, hi in _stretches(positions, reach, len(doc)):
                    for _, s, e in gated.matcher(doc[lo:hi]):
                        candidates.add(Candidate(gated.rule_id, offset + lo + s, offset + lo + e))
        if not candidates:
            return candidates, [], {}
        exceptions: set[tuple[str, int, int]] = set()
        cues: dict[str, set[int]] = {}
        for offset, doc in docs:
            for match_id, s, e in self.exception_phrases(doc):
                exceptions.add((strings[match_id], offset + s, offset + e))
            for match_id, s, _ in self.cue_phrases(doc):
                cues.setdefault(strings[match_id], set()).add(offset + s)
        if self.exception_matchers:
            exceptions |= self._exceptions_near(tokens, candidates)
        found = [(self._by_id[i], s, e) for i, s, e in sorted(exceptions)]
        return candidates, found, {k: sorted(v) for k, v in cues.items()}  # type: ignore[misc]

    def _exceptions_near(self, tokens: list[Token], candidates: set[Candidate]) -> set[tuple[str, int, int]]:
        found: set[tuple[str, int, int]] = set()
        positions = sorted({c.start for c in candidates} | {c.end - 1 for c in candidates})
        for lo, hi in _stretches(positions, EXCEPTION_REACH, len(tokens)):
            for offset, doc in self._windows(tokens[lo:hi]):
                for gated in self.exception_matchers.values():
                    for _, s, e in gated.matcher(doc):
                        found.add((gated.rule_id, lo + offset + s, lo + offset + e))
        return found

    def _windows(self, tokens: list[Token]) -> Iterator[tuple[int, Doc]]:
        step = WINDOW_TOKENS - WINDOW_OVERLAP
        for offset in range(0, len(tokens), step):
            window = tokens[offset : offset + WINDOW_TOKENS]
            yield offset, Doc(
                self.vocab,
                words=[t.word for t in window],
                lemmas=[t.lemma for t in window],
                tags=["CAP" if t.capital else "LOW" for t in window],
            )
            if offset + WINDOW_TOKENS >= len(tokens):
                break

    # -- exceptions ---------------------------------------------------------------
    def _veto(self, rule: SafetyRule, cand: Candidate, tokens: list[Token],
              exceptions: list[tuple[SafetyException, int, int]], cues: dict[str, list[int]]) -> str | None:
        if rule.needs_nearby and not self._cue_near(rule.needs_nearby, cand, cues):
            return "no " + " or ".join(rule.needs_nearby) + " nearby"
        if rule.negatable and self._negated(cand, tokens):
            return "negated"
        sentence = tokens[cand.start].sentence
        first_person = any(t.word in self.cues.first_person for t in tokens[cand.start : cand.end])
        near = self.cues.near_tokens
        for exc, s, e in exceptions:
            if rule.kind not in exc.kinds or (exc.rules and rule.id not in exc.rules):
                continue
            if exc.unless_first_person and first_person:
                continue
            placed = ((exc.scope == "overlap" and s < cand.end and cand.start < e)
                      or (exc.scope == "sentence" and tokens[s].sentence == sentence)
                      or (exc.scope == "near" and s < cand.end + near and cand.start - near < e))
            if not placed:
                continue
            if exc.needs_nearby and not self._cue_near(exc.needs_nearby, cand, cues):
                continue
            if exc.unless_nearby and self._cue_near(exc.unless_nearby, cand, cues):
                continue
            if exc.unless_within and self._cue_within(exc.unless_within, cand, cues):
                continue
            return exc.id
        return None

    def _cue_near(self, names: tuple[str, ...], cand: Candidate, cues: dict[str, list[int]]) -> bool:
        """A cue from `names` within reach, outside the hit (a rule's own words never confirm it)."""
        reach = self.cues.nearby_tokens
        lo, hi = cand.start - reach, cand.end + reach
        return any(lo <= i <= hi and not (cand.start <= i < cand.end)
                   for name in names for i in cues.get(name, ()))

    @staticmethod
    def _cue_within(names: tuple[str, ...], cand: Candidate, cues: dict[str, list[int]]) -> bool:
        return any(cand.start <= i < cand.end for name in names for i in cues.get(name, ()))

    def _negated(self, cand: Candidate, tokens: list[Token]) -> bool:
        """A negator just before the match, in the same clause, with no "if", "stop"… between."""
        neg = self.cues.negation
        first = tokens[cand.start]
        for i in range(cand.start - 1, max(-1, cand.start - 1 - neg.reach), -1):
            tok = tokens[i]
            if tok.clause != first.clause or tok.word in neg.barriers:
                return False
            if tok.word in neg.negators:
                return not (i > 0 and tokens[i - 1].word in neg.speech)
        return False


def _stretches(positions: list[int], reach: int, length: int) -> list[tuple[int, int]]:
    """Merged ranges of `reach` tokens either side of each position, within 0..length."""
    spans: list[tuple[int, int]] = []
    for pos in sorted(positions):
        lo, hi = max(0, pos - reach), min(length, pos + reach + 1)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], hi))
        else:
            spans.append((lo, hi))
    return spans


def _leaves(value: Any) -> Iterator[str]:
    """Every string in a token pattern's value, however nested."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _leaves(v)


def _strings(value: Any) -> Iterator[str]:
    """Every plain word in a token pattern (word-set names excluded)."""
    return (v for v in _leaves(value) if not v.startswith("@") and v.isalpha() and v.islower())


def _set_names(value: Any) -> Iterator[str]:
    """Word-set names ("@force_verb") in a LEMMA pattern: their words get inflected forms too."""
    return (v[1:] for v in _leaves(value) if v.startswith("@"))


def _longest_first(candidates: set[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (c.start, -(c.end - c.start), c.rule_id))
