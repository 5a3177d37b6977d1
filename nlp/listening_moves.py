"""Roadblocks that need the parse: answering their account with mine (arguing) and
verdicts on them or what they did (judging).

Each is a small named parse rule (see nlp/parse_rules.py); the words they lean on are
lists in nlp/lexicons/ (`sympathy_verbs`, `negative_traits`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from nlp.lexicons import feeling_family_of, single_words
from nlp.parse_rules import Hit, RuleContext, parse_rule
from nlp.reflection import LIGHT, stem
from nlp.syntax import SECOND_PERSON, clause_head, is_negated, subjects
from nlp.tone import valence

_WORD = re.compile(r"[a-z']+")
_NOT = frozenset({"not", "never", "no", "didn't", "don't", "doesn't", "wasn't", "weren't", "isn't", "aren't",
                  "haven't", "hasn't", "won't", "can't", "couldn't", "wouldn't", "dont", "didnt", "wasnt", "n't"})
_YOU = frozenset({"you", "u", "you're", "you've", "you'd", "you'll", "youre"})
_REACH = 4  # words after "you" in which their claim's verb is looked for
OWNERS = frozenset({"i", "we"})
# A verdict on an act: "a stupid thing to do", "a selfish move".
ACT_NOUNS = frozenset({"thing", "move", "way", "decision", "idea", "choice", "mistake", "stunt"})
# "You're too touchy", "you take it too personally": how much they feel, judged.
TOO_MUCH = frozenset({"easily", "quickly", "personally", "seriously", "much", "fast"})
HEDGED = frozenset({"bit", "little", "slightly", "rather", "kind", "sort", "kinda", "tad"})


def _claims(ctx: RuleContext) -> dict[str, bool]:
    """What they said "you" did, by verb stem: stem -> said negated ("you never text")."""
    if "claims" not in ctx.cache:
        found: dict[str, bool] = {}
        words = _WORD.findall((ctx.context_text or "").lower().replace("’", "'"))
        for i, word in enumerate(words):
            if word not in _YOU:
                continue
            # "didn't you come?" puts the negation before "you"
            negated = any(w in _NOT or w.endswith("n't") for w in words[max(0, i - 1) : i])
            for later in words[i + 1 : i + 1 + _REACH]:
                if later in _NOT or later.endswith("n't"):
                    negated = True
                    continue
                if later in LIGHT or later in ("did", "do", "does", "was", "were", "are", "have", "has", "had",
                                               "will", "would", "could", "can", "just", "always", "even", "ever"):
                    continue
                found.setdefault(stem(ctx.resources.verb_bases.get(later, later)), negated)
                break
        ctx.cache["claims"] = found
    return ctx.cache["claims"]


def _under_them(verb: Token) -> bool:
    """"You wish I texted more": my clause inside theirs gives their view back."""
    for ancestor in verb.ancestors:
        if ancestor.i < verb.i and any(s.norm_ in SECOND_PERSON for s in subjects(ancestor)):
            return True
    return False


def _emphatic(verb: Token) -> bool:
    """"I DID call": a stressed do-support on a positive verb."""
    return any(c.dep_ == "aux" and c.lower_ in ("do", "did") for c in verb.children) and not is_negated(verb)


@parse_rule("denies_their_account")
def denies_their_account(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"I never promised" to "you promised", "I was listening" to "you weren't listening",
    "I did come" to "you didn't come": my side of the same act, with the opposite sign."""
    claims = _claims(ctx) if ctx.has_context else {}
    sympathy = single_words("sympathy_verbs")
    for subj in doc:
        if subj.norm_ not in OWNERS or subj.dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = subj.head
        if verb.lemma_ in LIGHT or verb.lemma_ in sympathy or verb.pos_ != "VERB" or _under_them(verb):
            continue
        mine = is_negated(verb) or any(t.norm_ == "never" for t in verb.children)
        key = next((k for k in (stem(verb.lower_), stem(verb.lemma_.lower())) if k in claims), None)
        if key is not None and claims[key] != mine:
            yield subj.i, verb.i + 1, f"answers their '{verb.lemma_}' with the opposite"
        elif key is None and _emphatic(verb) and (not ctx.has_context or any(claims.values())):
            # "I DO listen!" with no account of theirs, or against something they said I
            # never do; "I did leave it to you" after "you left it to me" agrees with them
            # (their verb may not share my verb's stem: "left" / "leave").
            yield subj.i, verb.i + 1, f"insists: {subj.lower_} {verb.lower_}"


@parse_rule("but_my_side")
def but_my_side(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"But I packed the kitchen": a sentence that opens with "but" and goes on about what
    I did is my defence, not their story (not "but I understand", "but I'm sorry")."""
    if not ctx.has_context:
        return
    sympathy = single_words("sympathy_verbs")
    for sent in doc.sents:
        words = [t for t in sent if not t.is_punct]
        start = next((k for k, t in enumerate(words[:3]) if t.lower_ == "but"), None)
        if start is None or start + 2 > len(words) or words[start + 1].norm_ not in OWNERS:
            continue
        subj = words[start + 1]
        verb = subj.head
        if verb.lemma_ in sympathy or verb.pos_ != "VERB" or is_negated(verb):
            continue
        yield words[start].i, verb.i + 1, "defends my side"


@parse_rule("too_much_for_you")
def too_much_for_you(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"You're way too touchy", "you take things too personally", "you're being a bit
    precious": a verdict on how much they feel."""
    feelings = feeling_family_of()
    for tok in doc:
        if tok.lower_ == "too" and tok.head.pos_ in ("ADJ", "ADV"):
            word = tok.head
            verb = word.head if word.dep_ in ("acomp", "advmod", "attr") else word
        elif tok.lower_ in HEDGED and tok.head.pos_ == "ADJ" and tok.head.head.lower_ == "being":
            word = tok.head
            verb = word.head
        else:
            continue
        if word.lower_ not in TOO_MUCH and word.dep_ not in ("acomp", "attr"):
            continue
        if word.lower_ not in TOO_MUCH and (valence(word.lower_) > 0 and tok.lower_ == "too" or word.lower_ in feelings):
            continue  # "you're too kind"; "you're too tired to think" names a feeling
        verb = clause_head(verb)  # "you get embarrassed too easily": the subject sits on "get"
        if verb.lemma_ in single_words("sympathy_verbs"):
            continue  # "you care too much" credits them
        if any(t.lower_ in ("yourself", "urself") for t in verb.subtree):
            continue  # "too hard on yourself" is kind
        you = next((s for s in subjects(verb) if s.norm_ in SECOND_PERSON), None)
        if you is not None and you.i < word.i and not is_negated(verb):
            yield you.i, word.i + 1, f"judges how much they feel: {tok.lower_} {word.lower_}"


@parse_rule("verdict_on_act")
def verdict_on_act(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"That was a nasty thing to do", "that was foolish of you", "how selfish": a verdict
    on them or on what they did, in reply to them."""
    if not ctx.has_context:
        return
    traits = single_words("negative_traits")

    def harsh(word: Token) -> bool:
        return word.lower_ in traits or valence(word.lower_) <= -1.0

    for tok in doc:
        if tok.lower_ in ACT_NOUNS and tok.dep_ == "attr":
            adj = next((c for c in tok.children if c.dep_ == "amod" and harsh(c)), None)
            if adj is not None and any(s.norm_ in ("that", "this", "it") for s in subjects(tok.head)):
                yield tok.head.i - 1, tok.i + 1, f"verdict on the act: {adj.lower_}"
        elif tok.pos_ == "ADJ" and harsh(tok):
            nxt = doc[tok.i + 1 : tok.i + 3]
            if len(nxt) == 2 and nxt[0].lower_ == "of" and nxt[1].norm_ in SECOND_PERSON and not is_negated(tok.head):
                yield tok.i, tok.i + 3, f"verdict on them: {tok.lower_} of you"
            elif tok.i > 0 and doc[tok.i - 1].lower_ == "how" and doc[tok.i - 1].is_sent_start and (
                    tok.i + 1 == len(doc) or doc[tok.i + 1].is_punct) and tok.lower_ in traits:
                yield tok.i - 1, tok.i + 1, f"verdict on them: how {tok.lower_}"


def _dont_be(doc: Doc) -> Iterator[tuple[Token, Token]]:
    """("don't", the adjective) for each "don't be (so) ADJ"."""
    for tok in doc:
        if tok.lower_ != "be" or tok.i < 2 or doc[tok.i - 1].norm_ != "not" or doc[tok.i - 2].norm_ != "do":
            continue
        if subjects(tok):
            continue  # "you don't be…" is not said; "I don't be" neither: only the order
        word = next((c for c in tok.children if c.dep_ in ("acomp", "attr") and c.pos_ in ("ADJ", "NOUN")), None)
        if word is not None:
            yield doc[tok.i - 2], word


@parse_rule("told_not_to_feel")
def told_not_to_feel(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"Don't be so sensitive", "don't be upset": told not to feel what they feel."""
    told = single_words("told_not_to_feel") | frozenset(feeling_family_of())
    for start, word in _dont_be(doc):
        if word.lower_ in told:
            yield start.i, word.i + 1, f"told not to feel: {word.lower_}"


@parse_rule("dont_be_trait")
def dont_be_trait(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"Don't be so dramatic", "don't be childish": a trait pinned on them as an order."""
    told = single_words("told_not_to_feel")
    traits = single_words("negative_traits")
    for start, word in _dont_be(doc):
        if word.lower_ in traits and word.lower_ not in told:
            yield start.i, word.i + 1, f"pins a trait on them: {word.lower_}"


NORMALISERS = frozenset({"everyone", "everybody", "people", "everyone's", "everybody's"})
QUANTIFIERS = frozenset({"all", "most", "loads", "lots", "plenty", "many", "half"})


@parse_rule("normalising")
def normalising(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"Everyone's stretched", "loads of people fail the first time", "we all go through
    it": their experience made ordinary, in the present tense, in reply to them."""
    if not ctx.has_context:
        return
    for subj in doc:
        if subj.dep_ not in ("nsubj", "nsubjpass"):
            continue
        crowd = subj.lower_ in ("everyone", "everybody") or (
            subj.lower_ in ("people", "us", "we", *QUANTIFIERS)
            and any(c.lower_ in QUANTIFIERS for c in subj.subtree)
            and any(c.lower_ in ("people", "us", "we", "folk", "kids") for c in subj.subtree))
        if subj.lower_ == "we" and any(c.lower_ == "all" for c in subj.head.children if c.i == subj.i + 1):
            crowd = True  # "we all go through it"
        if not crowd:
            continue
        verb = subj.head
        present = verb.tag_ in ("VBZ", "VBP") or any(
            c.dep_ in ("aux", "auxpass") and (c.tag_ in ("VBZ", "VBP") or c.lower_ in ("'s", "'re"))
            and c.lemma_ != "have" for c in verb.children)
        if not present or verb.tag_ == "VBD" or is_negated(verb):
            continue
        clause = list(verb.subtree)
        if any(t.norm_ in SECOND_PERSON or t.norm_ in ("your", "else") for t in clause):
            continue  # "everyone expects you to cope", "everyone else seems fine": their view
        if any(a.lemma_ in ("feel", "seem", "sound", "think", "look") for a in verb.ancestors):
            continue  # "it feels like everyone gets it but you": their feeling given back
        yield subj.left_edge.i, verb.i + 1, "makes their experience ordinary"
