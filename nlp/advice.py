"""Advice found by its structure, not by fixed phrases (parse rules).

- a second-person modal in a main clause ("you could ask her", "maybe you should rest"),
  never inside a sympathy ("you must be exhausted"), relative, reported or if-clause;
- "I would / I'd + verb" ("I'd talk to him first"), "I'd recommend…";
- an order anywhere in a sentence ("it's late, so just go to bed").

Impersonal frames ("it might help to…") and suggestion questions ("have you looked
into…?") are token patterns in rules/roadblocks.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from nlp.parse_rules import Hit, RuleContext, parse_rule
from nlp.syntax import FIRST_PERSON, SECOND_PERSON, subjects

# "you should", "you could", "you might want to": a modal that hands them a course of action.
SUGGESTING_MODALS = frozenset({"should", "could", "might", "ought", "may", "shall"})
# "you need to", "you have to", "you've got to": obligation verbs taking "to + verb".
OBLIGING_VERBS = frozenset({"need", "have", "get", "got", "gotta", "want"})
# A clause reporting or imagining, not advising: "she said you should", "if you could".
REPORTING = frozenset({"say", "tell", "mention", "claim", "write", "text", "warn", "shout", "think", "reckon",
                       "believe", "suggest", "insist", "hear"})
CONDITION_MARKS = frozenset({"if", "when", "whenever", "unless", "whether", "once", "because", "since", "as"})
# "I'd love to", "I'd be worried", "I would never": my wish or feeling, not what they should do.
NOT_MY_ADVICE = frozenset({
    "like", "love", "be", "have", "feel", "guess", "say", "think", "imagine", "hate", "want", "prefer",
    "expect", "bet", "agree", "understand", "know", "wonder", "appreciate", "rather", "hope", "need",
    "mind", "see", "probably", "also", "help", "do", "get", "go", "assume", "argue", "worry",
})
FRAMING = frozenset({"sound", "seem", "look", "feel"})  # "it sounds like…" frames, it does not subordinate
RECOMMENDING = frozenset({"recommend", "suggest", "advise", "encourage", "urge", "propose"})


def _in_subordinate(verb: Token) -> bool:
    """Inside a relative, reported or if-clause: "the things you should do", "she said
    you should", "if you could just…"."""
    current = verb
    for _ in range(6):
        if current.dep_ == "advcl" and current.head.lemma_ in FRAMING and any(
                c.dep_ == "mark" and c.lower_ in ("like", "as", "that") for c in current.children):
            return False  # "it sounds like you should just quit": the advice is the point
        if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in current.children):
            return True
        if current.dep_ in ("relcl", "acl", "advcl", "pcomp", "csubj"):
            return True
        if current.dep_ in ("ccomp", "xcomp") and current.head.lemma_ in REPORTING:
            owner = subjects(current.head)
            # "I think you should…" is my advice; "she thinks you should…" is reported.
            if not any(s.norm_ in FIRST_PERSON for s in owner):
                return True
        if current.dep_ not in ("conj", "ccomp", "xcomp") or current.head is current:
            return False
        current = current.head
    return False


def _sympathy(verb: Token, aux: set[str]) -> bool:
    """"You must be exhausted", "you might feel…", "you could have been hurt"."""
    return verb.lemma_ in ("be", "feel", "seem", "sound", "look") or "have" in aux or "'ve" in aux


@parse_rule("advice_you_modal")
def advice_you_modal(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """A second-person modal in a main clause: "maybe you could ask her"."""
    for tok in doc:
        if tok.norm_ not in SECOND_PERSON or tok.dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = tok.head
        aux = {c.norm_ for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")}
        modal = aux & SUGGESTING_MODALS
        obliged = verb.lemma_ in OBLIGING_VERBS and any(
            c.dep_ == "xcomp" and any(g.norm_ == "to" for g in c.children) for c in verb.children
        ) and not (verb.lemma_ == "want" and not aux & {"might", "may"})
        if not (modal or obliged) or verb.tag_ in ("VBD",) and not aux:
            continue
        if _sympathy(verb, aux) or _in_subordinate(verb) or ctx.unit_at(doc, verb.i).asks:
            continue  # "could you…?" asks (a request or a suggestion question has its own rule)
        yield tok.i, verb.i + 1, "tells them what they could do"


@parse_rule("advice_i_would")
def advice_i_would(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"I'd talk to him first", "I would recommend…", "I recommend you…": what you
    would do in their place, offered as the answer."""
    for tok in doc:
        if tok.norm_ not in ("i",) or tok.dep_ != "nsubj":
            continue
        verb = tok.head
        aux = {c.norm_ for c in verb.children if c.dep_ in ("aux", "neg")}
        if verb.lemma_ in RECOMMENDING and not aux & {"not", "n't", "never"} and verb.tag_ != "VBD":
            yield tok.i, verb.i + 1, "recommends a course of action"
            continue
        if not aux & {"would", "'d"} or aux & {"not", "n't", "never", "have", "'ve"}:
            continue
        if verb.tag_ != "VB" or verb.lemma_ in NOT_MY_ADVICE or _in_subordinate(verb):
            continue
        if verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ in ("you", "that", "so"):
            continue  # "I'd tell you", "I would say that": about telling, not doing
        yield tok.i, verb.i + 1, "says what you would do in their place"
