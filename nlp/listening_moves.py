"""Roadblocks that need the parse (rules in rules/listening_moves.yaml): answering their
account with mine (arguing), verdicts on them or on what they did (judging), telling them
not to feel it or that everyone does (dismissing), and my own story set beside theirs.

Each is a small named parse rule (see nlp/parse_rules.py); the words they lean on are
lists in nlp/lexicons/ (sympathy_verbs, giving_verbs, negative_traits, good_sense,
told_not_to_feel, own_life, act_nouns, too_much, small_hedges, taking_in).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from nlp.lexicons import feeling_family_of, single_words
from nlp.parse_rules import OWNERS, Hit, RuleContext, parse_rule
from nlp.reflection import LIGHT, stem
from nlp.syntax import SECOND_PERSON, clause_head, is_negated, subjects
from nlp.tone import valence

_WORD = re.compile(r"[a-z']+")
_NOT = frozenset({"not", "never", "no", "didn't", "don't", "doesn't", "wasn't", "weren't", "isn't", "aren't",
                  "haven't", "hasn't", "won't", "can't", "couldn't", "wouldn't", "dont", "didnt", "wasnt", "n't"})
_YOU = frozenset({"you", "u", "you're", "you've", "you'd", "you'll", "youre"})
_REACH = 4  # words after "you" in which their claim's verb is looked for
# Auxiliaries and fillers between "you" and the verb of their claim ("you did always forget").
_BETWEEN = frozenset({"did", "do", "does", "was", "were", "are", "have", "has", "had", "will", "would", "could",
                      "can", "just", "always", "even", "ever"})
ACT_NOUNS = single_words("act_nouns")
TOO_MUCH = single_words("too_much")
KIND = 1.0  # VADER: "kind" 2.4, "good" 1.9, "generous" 2.3 are praise after "too"; "emotional" 0.6 is not
HEDGED = single_words("small_hedges")


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
                if len(later) < 3 or later in LIGHT or later in _BETWEEN:
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
        if _under_them(verb) or verb.lemma_ in sympathy:
            continue
        mine = is_negated(verb) or any(t.norm_ == "never" for t in verb.children)
        said = verb
        if verb.lemma_ == "be":  # "I wasn't rude" to "you were rude": the word said of me
            said = next((c for c in verb.children if c.dep_ in ("acomp", "attr") and c.pos_ == "ADJ"), verb)
        elif verb.lemma_ in LIGHT or verb.pos_ != "VERB":
            continue
        key = next((k for k in (stem(said.lower_), stem(said.lemma_.lower())) if k in claims), None)
        if said is not verb and key is not None and claims[key] != mine:
            yield subj.i, said.i + 1, f"answers their '{said.lower_}' with the opposite"
            continue
        if verb.lemma_ == "be":
            continue
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
    if not ctx.has_context or not ctx.context.addresses_you:
        return  # only a complaint about me has a "my side" to defend
    sympathy = single_words("sympathy_verbs")
    for sent in doc.sents:
        words = [t for t in sent if not t.is_punct]
        start = next((k for k, t in enumerate(words[:3]) if t.lower_ == "but"), None)
        if start is None or start + 2 > len(words) or words[start + 1].norm_ != "i":
            continue
        subj = words[start + 1]
        verb = subj.head
        if verb.lemma_ in sympathy or verb.pos_ != "VERB" or verb.tag_ == "VBG" or is_negated(verb):
            continue  # "but I'm picking up that…" takes theirs in
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
        feeling = word.lower_ in feelings and word.lower_ not in single_words("told_not_to_feel")
        about = any(c.dep_ == "prep" and c.lower_ in ("about", "over") for c in word.children)
        if word.lower_ not in TOO_MUCH and (valence(word.lower_) >= KIND and tok.lower_ == "too" and not about or feeling):
            continue  # "you're too kind" (not "too precious about it"); "too tired to think" names a feeling
        verb = clause_head(verb)  # "you get embarrassed too easily": the subject sits on "get"
        if verb.lemma_ in single_words("giving_verbs"):
            continue  # "you care too much", "you work too hard" credit them
        if any(t.lower_ in ("yourself", "urself") for t in verb.subtree):
            continue  # "too hard on yourself" is kind
        you = next((s for s in subjects(verb) if s.norm_ in SECOND_PERSON), None)
        if you is not None and you.i < word.i and not is_negated(verb) and not _reported(verb):
            yield you.i, word.i + 1, f"judges how much they feel: {tok.lower_} {word.lower_}"


def _reported(verb: Token) -> bool:
    """"He thinks you were too…": someone else's view, reported."""
    return any(s.norm_ not in SECOND_PERSON and s.norm_ not in OWNERS and s.pos_ in ("PRON", "PROPN", "NOUN")
               for a in verb.ancestors for s in subjects(a))


@parse_rule("verdict_on_act")
def verdict_on_act(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"That was a nasty thing to do", "that was foolish of you", "how selfish": a verdict
    on them or on what they did, in reply to them."""
    if not ctx.has_context:
        return
    traits = single_words("negative_traits")
    good_sense = single_words("good_sense")
    for tok in doc:
        if tok.lower_ in ACT_NOUNS and tok.dep_ == "attr":
            adj = next((c for c in tok.children if c.dep_ == "amod" and c.lower_ in traits), None)
            if adj is not None and not is_negated(tok.head) and any(
                    s.norm_ in ("that", "this", "it") for s in subjects(tok.head)):
                yield tok.head.i - 1, tok.i + 1, f"verdict on the act: {adj.lower_}"
        elif tok.pos_ == "ADJ" and tok.lower_ in traits:
            nxt = doc[tok.i + 1 : tok.i + 3]
            if len(nxt) == 2 and nxt[0].lower_ == "of" and nxt[1].norm_ in SECOND_PERSON and not is_negated(tok.head):
                yield tok.i, tok.i + 3, f"verdict on them: {tok.lower_} of you"
            elif tok.i > 0 and doc[tok.i - 1].lower_ == "how" and doc[tok.i - 1].is_sent_start and (
                    tok.i + 1 == len(doc) or doc[tok.i + 1].is_punct or doc[tok.i + 1].lower_ in ("can", "could")
            ) and tok.lower_ in traits:
                yield tok.i - 1, tok.i + 1, f"verdict on them: how {tok.lower_}"
        elif tok.lower_ in good_sense and tok.dep_ in ("acomp", "attr") and is_negated(tok.head) and any(
                s.norm_ in ("that", "this", "it") for s in subjects(tok.head)):
            # "that's not very smart": good sense denied to what they did
            yield tok.head.i - 1 if tok.head.i else tok.head.i, tok.i + 1, f"verdict on the act: not {tok.lower_}"


def _dont_be(doc: Doc) -> Iterator[tuple[Token, Token]]:
    """(its first word, the adjective) for each "don't be (so) ADJ" / "stop being ADJ"."""
    for tok in doc:
        if tok.lemma_ != "be" or tok.i < 1 or subjects(tok):
            continue  # only the order: "don't be…", "stop being…"
        if tok.lower_ == "be" and tok.i >= 2 and doc[tok.i - 1].norm_ == "not" and doc[tok.i - 2].norm_ == "do":
            start = doc[tok.i - 2]
        elif tok.lower_ == "being" and doc[tok.i - 1].lemma_ in ("stop", "quit"):
            start = doc[tok.i - 1]
        else:
            continue
        word = next((c for c in tok.children if c.dep_ in ("acomp", "attr") and c.pos_ in ("ADJ", "NOUN")), None)
        if word is not None:
            yield start, word


@parse_rule("told_not_to_feel")
def told_not_to_feel(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"Don't be so sensitive", "don't be upset": told not to feel what they feel."""
    told = single_words("told_not_to_feel") | frozenset(feeling_family_of())
    for start, word in _dont_be(doc):
        if word.lower_ in told and not any(c.dep_ == "xcomp" or c.dep_ == "prep" and any(
                g.tag_ == "VBG" for g in c.children) for c in word.children):
            yield start.i, word.i + 1, f"told not to feel: {word.lower_}"  # not "don't be afraid to ask"


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
        # "people move" alone; "people talk about it" and longer clauses describe, not dismiss
        bare = subj.lower_ == "people" and not list(subj.children) and not any(
            c.dep_ not in ("nsubj", "punct", "advmod") for c in subj.head.children)
        crowd = bare or subj.lower_ in ("everyone", "everybody") or (
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
        if not present or verb.tag_ == "VBD" or is_negated(verb) or any(c.dep_ == "neg" for c in subj.children):
            continue  # "not everybody does"
        if verb.dep_ not in ("ROOT", "conj") or any(c.dep_ == "mark" for c in verb.children):
            continue  # "before people come round…", "something people talk about": a scene, not a verdict
        clause = list(verb.subtree)
        if any(t.norm_ in SECOND_PERSON or t.norm_ in ("your", "else") for t in clause):
            continue  # "everyone expects you to cope", "everyone else seems fine": their view
        if any(a.lemma_ in ("feel", "seem", "sound", "think", "look") for a in verb.ancestors):
            continue  # "it feels like everyone gets it but you": their feeling given back
        yield subj.left_edge.i, verb.i + 1, "makes their experience ordinary"


PARALLEL = frozenset({"too", "either", "same", "likewise"})  # not "also": "I also want to…" adds a point
TAKING_IN = single_words("taking_in")


def _in_clause(tok: Token, verb: Token) -> bool:
    """The token belongs to this verb's clause ("I miss going out too": "too" on "going")."""
    head = clause_head(tok)
    return head.i == verb.i or (head.dep_ == "xcomp" and head.head.i == verb.i)


def _parallel(verb: Token) -> Token | None:
    """The word that sets my clause beside theirs: "too", "either", "the same", "like that"."""
    for tok in verb.subtree:
        before = tok.doc[tok.i - 1].lower_ if tok.i > 0 else ""
        beside = tok.lower_ in PARALLEL or (tok.lower_, before) in (("that", "like"), ("well", "as"))
        if beside and _in_clause(tok, verb):
            return tok
    return None


@parse_rule("own_parallel")
def own_parallel(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"My mum did that too", "I'm the same with the bins", "my week was worse": my own
    life set beside theirs, in reply to them."""
    if not ctx.has_context:
        return
    life = single_words("own_life")
    for subj in doc:
        if subj.dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = subj.head
        if _under_them(verb) or is_negated(verb) and subj.norm_ in OWNERS:
            continue
        if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
            continue  # "I'd check that too", "I would feel the same": not what happened to me
        if any(c.norm_ in SECOND_PERSON and c.dep_ in ("dobj", "dative", "pobj") for c in verb.subtree
               if clause_head(c).i == verb.i):
            continue  # "I miss you too", "my mum loves you": about them, not my story
        mine = any(c.dep_ == "poss" and c.norm_ == "my" for c in subj.children)
        theirs = ctx.context is not None and stem(subj.lemma_.lower()) in ctx.context.content
        if mine and subj.lemma_.lower() in life and not theirs and verb.lemma_ not in TAKING_IN:
            yield subj.left_edge.i, verb.i + 1, f"turns to my own {subj.lower_}"
        elif subj.norm_ in OWNERS and verb.lemma_ not in TAKING_IN:
            marker = _parallel(verb)
            if marker is not None and not any(c.lower_ in ("sorry", "glad", "here") for c in verb.children):
                yield subj.i, max(verb.i, marker.i) + 1, "sets my story beside theirs"


@parse_rule("no_then_my_version")
def no_then_my_version(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"No, the chemist was shut when I got there": a flat no to a complaint about me, then
    my account (not "no, you didn't do anything wrong", not "no worries", not "no, I get it")."""
    if not ctx.has_context or not ctx.context.addresses_you:
        return
    sympathy = single_words("sympathy_verbs")
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if len(words) < 4 or words[0].lower_ not in ("no", "nope", "nah") or not words[1].is_punct:
            continue
        verb = clause_head(words[2])
        subj = next(iter(subjects(verb)), None)
        if subj is None or subj.i < words[2].i or subj.norm_ in SECOND_PERSON or verb.lemma_ in sympathy:
            continue
        yield words[0].i, verb.i + 1, "a flat no, then my account"
