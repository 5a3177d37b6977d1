"""Word-list matchers built once per analyser and shared by the parse rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlp.lexicons import faux_feelings, feeling_family_of, word_list
from nlp.normalise import normalise_contractions


def _phrase_matcher(nlp: Language, key: str, phrases: tuple[str, ...]) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="NORM")
    matcher.add(key, [normalise_contractions(nlp.make_doc(p)) for p in phrases])
    return matcher


@dataclass(frozen=True)
class Resources:
    feelings: PhraseMatcher
    faux: PhraseMatcher
    absolutes: PhraseMatcher
    traits: PhraseMatcher
    insults: PhraseMatcher
    invitations: PhraseMatcher
    exasperation: PhraseMatcher
    ask_hedges: PhraseMatcher
    # Irregular verb forms -> base ("forgot" -> "forget"), from the model's own lemmatizer
    # tables, so words they typed (never tagged) can be matched to a verb in the reply.
    verb_bases: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, nlp: Language) -> Resources:
        return cls(
            feelings=_phrase_matcher(nlp, "FEELING", tuple(feeling_family_of())),
            faux=_phrase_matcher(nlp, "FAUX", tuple(faux_feelings())),
            absolutes=_phrase_matcher(nlp, "ABSOLUTE", word_list("absolutes")),
            traits=_phrase_matcher(nlp, "TRAIT", word_list("negative_traits")),
            insults=_phrase_matcher(nlp, "INSULT", word_list("insults")),
            invitations=_phrase_matcher(nlp, "INVITE", word_list("open_invitations")),
            exasperation=_phrase_matcher(nlp, "EXASPERATION", word_list("exasperation")),
            ask_hedges=_phrase_matcher(nlp, "ASK_HEDGE", word_list("ask_hedges")),
            verb_bases=_verb_bases(nlp),
        )

    @staticmethod
    def spans(matcher: PhraseMatcher, doc: Doc) -> list[tuple[int, int]]:
        """Longest non-overlapping (start, end) token ranges."""
        found = sorted(((s, e) for _, s, e in matcher(doc)), key=lambda m: (m[0], -(m[1] - m[0])))
        result: list[tuple[int, int]] = []
        for start, end in found:
            if not result or start >= result[-1][1]:
                result.append((start, end))
        return result


def _verb_bases(nlp: Language) -> dict[str, str]:
    """The lemmatizer's exceptions for verbs; empty when the pipeline has no such table."""
    if "lemmatizer" not in nlp.pipe_names:
        return {}
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_exc"):
        return {}
    verbs = lookups.get_table("lemma_exc").get("verb", {})
    return {form: bases[0] for form, bases in verbs.items() if bases}
