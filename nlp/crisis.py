"""Safety screen rules that need the parse: violence done to a person.

A word screen misses things; these rules lean towards recall, and the idiom checks
only drop readings where the target or the doer is plainly not a person.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from nlp.lexicons import word_list
from nlp.parse_rules import Hit, RuleContext, parse_rule
from nlp.syntax import subjects

VIOLENT = frozenset({
    "hit", "beat", "punch", "slap", "kick", "choke", "strangle", "hurt", "kill", "murder",
    "stab", "shoot", "rape", "assault", "attack", "shove", "smack", "burn", "abuse", "molest",
    "strike", "threaten", "grab", "throttle", "drown", "suffocate", "batter", "poison",
})
EMOTIONAL_HURT = frozenset({"hurt"})  # "you hurt me" in a hard talk is usually feelings
IDIOM_AFTER = frozenset({"if", "when", "for", "to", "at", "up", "that"})
EXASPERATED = frozenset({"kill", "murder", "strangle", "throttle"})
RELATIONS = frozenset({"mum", "mom", "dad", "mother", "father", "sister", "brother", "boss", "teacher",
                       "coach", "wife", "husband", "gran", "nan", "grandma", "parents", "manager"})
THREAT_WORDS = frozenset({"said", "says", "threatened", "threatens", "scared", "afraid", "terrified",
                          "help", "police", "really", "actually", "promised", "swore"})


def _exasperation(doc: Doc, verb: Token, doers: list[Token]) -> bool:
    """A relative or boss who will "kill me" for a small thing, with no sign of a real threat."""
    if verb.lemma_ not in EXASPERATED or not any(d.lower_ in RELATIONS for d in doers):
        return False
    future = any(c.lower_ in ("will", "'ll", "gonna", "going", "is") or c.norm_ == "will" for c in verb.children)
    future = future or verb.head.lower_ in ("going", "gon")
    return future and not any(t.lower_ in THREAT_WORDS for t in doc)


def _people() -> frozenset[str]:
    return frozenset(word_list("people"))


def _is_person(tok: Token, people: frozenset[str]) -> bool:
    return tok.lower_ in people or tok.lemma_.lower() in people or tok.norm_ in ("you", "i")


def _target(verb: Token, people: frozenset[str]) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass") and _is_person(child, people):
            return child
    return None


@parse_rule("violence_to_person")
def violence_to_person(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    people = _people()
    for verb in doc:
        if verb.lemma_.lower() not in VIOLENT or verb.pos_ not in ("VERB", "AUX"):
            continue
        target = _target(verb, people)
        if target is None:
            continue
        doers = [s for s in subjects(verb) if s.dep_ == "nsubj"]
        if not doers and verb.lemma_ in EXASPERATED:
            continue  # "kill me now", said to the world
        if doers and not any(_is_person(s, people) for s in doers):
            continue  # "that exam murdered me"
        if verb.tag_ == "VBG" and verb.lemma_ == "kill":
            continue  # "you're killing me", "this is killing me"
        after = doc[target.i + 1] if target.i + 1 < len(doc) else None
        if after is not None and after.lower_ in IDIOM_AFTER and verb.lemma_ in EXASPERATED:
            continue  # "mum will kill me if…", "beat me to it"
        if verb.lemma_ in ("beat", "hit") and after is not None and after.lower_ in ("to", "at", "up"):
            continue
        if verb.lemma_ in EMOTIONAL_HURT and any(s.norm_ in ("you", "it", "that", "this") for s in doers):
            continue
        if _exasperation(doc, verb, doers):
            continue  # "my boss is gonna kill me, I'm late again"
        lo = min([verb.i, target.i] + [s.i for s in doers])
        yield lo, max(verb.i, target.i) + 1, f"harm to a person: {verb.lemma_}"
