"""Compile the YAML rules into spaCy matchers and run them, guards included."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.errors import MatchPatternError
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlp.errors import RuleFileError
from nlp.gating import GatedMatcher
from nlp.guards import GUARDS
from nlp.normalise import normalise_contractions
from nlp.parse_rules import PARSE_RULES, RuleContext
from nlp.ruleset import Rule


@dataclass(frozen=True, slots=True)
class Hit:
    rule: Rule
    start: int  # token range
    end: int
    evidence: str = ""


class RuleMatcher:
    """Every rule's matcher, keyed by rule id, so each match names the rule that fired."""

    def __init__(self, nlp: Language, rules: tuple[Rule, ...]) -> None:
        self.rules = {rule.id: rule for rule in rules}
        self._phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self._tokens = GatedMatcher(nlp.vocab)
        self._parse: list[Rule] = []
        for rule in rules:
            unknown = [g for g in rule.guards if g not in GUARDS]
            if unknown:
                raise RuleFileError(f"{rule.source}: rule '{rule.id}': unknown guard(s) {unknown}; known: {sorted(GUARDS)}")
            if rule.kind == "phrase":
                self._phrases.add(rule.id, [normalise_contractions(nlp.make_doc(p)) for p in rule.phrases])
            elif rule.kind == "token":
                try:
                    self._tokens.add(rule.id, rule.patterns)
                except (MatchPatternError, ValueError, KeyError) as exc:
                    raise RuleFileError(f"{rule.source}: rule '{rule.id}': invalid token pattern: {exc}") from exc
            else:
                if rule.function not in PARSE_RULES:
                    raise RuleFileError(
                        f"{rule.source}: rule '{rule.id}': unknown function '{rule.function}'; known: {sorted(PARSE_RULES)}"
                    )
                self._parse.append(rule)

    def find(self, doc: Doc, ctx: RuleContext) -> list[Hit]:
        kept = [h for h in self.candidates(doc, ctx) if all(GUARDS[g](doc, h.start, h.end) for g in h.rule.guards)]
        return _dedupe(kept)

    def candidates(self, doc: Doc, ctx: RuleContext) -> list[Hit]:
        """Every match before its guards run (the `--explain` trace shows the vetoes)."""
        hits: list[Hit] = []
        vocab = doc.vocab
        for matcher in (self._phrases, self._tokens):
            for match_id, start, end in matcher(doc):
                hits.append(Hit(self.rules[vocab.strings[match_id]], start, end))
        for rule in self._parse:
            hits.extend(Hit(rule, s, e, ev) for s, e, ev in PARSE_RULES[rule.function](doc, ctx))
        return hits


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """One hit per rule and position: keep the longest of overlapping hits of a rule."""
    hits.sort(key=lambda h: (h.rule.id, h.start, -(h.end - h.start)))
    result: list[Hit] = []
    for hit in hits:
        last = result[-1] if result else None
        if last and last.rule.id == hit.rule.id and hit.start < last.end:
            continue
        result.append(hit)
    return sorted(result, key=lambda h: (h.start, h.end, h.rule.id))
