"""What the other person said, boiled down, and the reply's ways of giving it back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc

from nlp.lexicons import feeling_family_of
from nlp.parse_rules import Hit, RuleContext, parse_rule
from nlp.syntax import FIRST_PERSON, SECOND_PERSON, clause_head, subjects
from nlp.tone import valence

FIRST_OR_SECOND = FIRST_PERSON | SECOND_PERSON
CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "PROPN", "ADV", "NUM"})
# Light verbs and fillers carry no content worth echoing.
LIGHT = frozenset({
    "be", "have", "do", "get", "go", "say", "know", "think", "want", "make", "like", "really",
    "just", "also", "so", "very", "well", "then", "now", "yeah", "okay", "ok", "right", "thing",
    "lot", "kind", "sort", "mean", "guess", "maybe", "actually", "even", "still", "uh", "um",
    "feel", "time", "way", "good", "bad", "little", "bit", "much", "more", "too", "back", "sure",
})
ADVICE_MODALS = frozenset({"should", "need", "must", "could", "might", "ought"})
FEELING_LIKE = frozenset({
    "hard", "tough", "difficult", "frustrating", "exhausting", "scary", "painful", "stressful",
    "upsetting", "overwhelming", "confusing", "lonely", "heavy", "rough", "awful", "unfair",
    "infuriating", "disappointing", "worrying", "draining", "a lot", "hurtful", "risky",
    "unsettling", "isolating", "humiliating", "embarrassing",
})


_SUFFIXES = ("ing", "ed", "es", "s", "ly")


def stem(word: str) -> str:
    """A crude stem ("drinking", "drinks" -> "drink") so their words match yours
    without tagging what they said; only ever compared stem to stem."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True, slots=True)
class ContextFeatures:
    content: frozenset[str]  # stems of their content words
    families: frozenset[str]  # feeling families they named
    negative: bool = False  # they said something is not so (a "no" of theirs to agree with)
    addresses_you: bool = False  # they spoke about you ("you never help")


def context_features(doc: Doc) -> ContextFeatures:
    """Needs only the tokenizer: what they said is never tagged or parsed."""
    families = feeling_family_of()
    words = [t.lower_ for t in doc if t.is_alpha and not t.is_stop and len(t) > 2]
    content = {stem(w) for w in words if w not in LIGHT}
    named = {families[w] for w in words if w in families}
    negative = any(t.norm_ in ("not", "never", "no", "nobody", "nothing") for t in doc)
    addresses_you = any(t.lower_ in ("you", "u", "your", "you're", "youre") for t in doc)
    return ContextFeatures(frozenset(content), frozenset(named), negative, addresses_you)


def echoes(token, context: ContextFeatures) -> bool:
    return token.pos_ in CONTENT_POS and token.lemma_.lower() not in LIGHT and (
        stem(token.lower_) in context.content or stem(token.lemma_.lower()) in context.content
    )


def _statements(doc: Doc, ctx: RuleContext):
    """Statements and restatements ("that worries you?"): the units a reflection lives in."""
    return [u.span for u in ctx.units(doc) if u.kind in ("statement", "restatement")]


@parse_rule("their_feeling")
def their_feeling(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """Names a feeling as theirs: "you're exhausted", "that sounds lonely"."""
    families = feeling_family_of()
    theirs = ctx.context.families if ctx.context else frozenset()
    for start, end in ctx.spans("feelings", doc):
        word = doc[start:end].root
        verb = clause_head(word)
        subj = subjects(verb)
        second = any(s.norm_ in SECOND_PERSON for s in subj)
        impersonal = any(s.norm_ in ("that", "it", "this") for s in subj)
        if not (second or impersonal) or any(s.norm_ in FIRST_PERSON for s in subj):
            continue
        family = families.get(doc[start:end].text.lower(), "")
        fit = "same family as theirs" if family in theirs else "their feeling"
        yield start, end, f"{fit}: {doc[start:end].text.lower()}"
    traits = ctx.tokens_in("traits", doc)
    for tok in doc:
        if tok.dep_ not in ("acomp", "attr", "oprd"):
            continue
        subj = subjects(tok.head)
        if any(s.norm_ in FIRST_PERSON for s in subj):
            continue
        about_them = any(t.norm_ in SECOND_PERSON or t.norm_ == "your" for t in tok.sent)
        impersonal = any(s.norm_ in ("that", "it", "this") or s.norm_ in SECOND_PERSON for s in subj)
        seems = tok.head.lemma_ in ("feel", "sound", "seem")  # "telling them feels risky"
        if tok.lower_ in FEELING_LIKE and (impersonal or about_them):
            yield tok.i, tok.i + 1, f"names how it is for them: {tok.lower_}"
        elif seems and tok.pos_ == "ADJ" and subj and valence(tok.lower_) < 0:
            yield tok.i, tok.i + 1, f"names how it feels to them: {tok.lower_}"
        elif impersonal and tok.pos_ == "ADJ" and valence(tok.lower_) <= -1.0 and tok.i not in traits:
            yield tok.i, tok.i + 1, f"names how hard it is: {tok.lower_}"


@parse_rule("echo")
def echo(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """Their own content words, given back in a statement."""
    if not ctx.context:
        return
    seen: set[str] = set()
    for sent in _statements(doc, ctx):
        for tok in sent:
            lemma = tok.lemma_.lower()
            if lemma not in seen and echoes(tok, ctx.context):
                seen.add(lemma)
                yield tok.i, tok.i + 1, f"echoes their word: {lemma}"


@parse_rule("second_person_statement")
def second_person_statement(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """A statement about their experience ("you've been carrying this alone", "the
    silence is getting to you")."""
    for sent in _statements(doc, ctx):
        for tok in sent:
            if tok.norm_ in ("you", "your") and tok.dep_ in ("dobj", "pobj", "poss", "dative"):
                verb = clause_head(tok)
                subj = subjects(verb)
                mine = any(t.dep_ == "nsubj" and t.norm_ in FIRST_PERSON for t in sent)
                if subj and not mine and not any(s.norm_ in FIRST_OR_SECOND for s in subj):
                    yield tok.i, tok.i + 1, "speaks to what it is doing to them"
                    break
            if tok.norm_ not in SECOND_PERSON or tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            verb = tok.head
            aux = {c.norm_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
            obliged = verb.lemma_ == "have" and any(c.dep_ == "xcomp" for c in verb.children)
            # "if you find a time, it works well": anyone, in a condition, not their story
            hypothetical = any(c.dep_ == "mark" and c.lower_ in ("if", "once", "whenever") for c in verb.children)
            if aux & ADVICE_MODALS or verb.lemma_ in ADVICE_MODALS or obliged or hypothetical:
                continue
            yield tok.i, min(verb.i + 1, sent.end), "speaks to their experience"
            break


STORY_SUBJECTS = frozenset({"i", "mine", "my", "me"})
NOT_STORY = frozenset({"know", "realise", "realize", "mean", "notice", "hear", "see", "think", "understand"})


@parse_rule("own_story")
def own_story(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """Answering their news with your own past ("mine did that last month")."""
    if not ctx.context or ctx.context.addresses_you:
        return  # answering a complaint about you with your side is defending, not hijacking
    first = next(iter(doc.sents), None)
    if first is None or any(t.norm_ in SECOND_PERSON or t.norm_ == "your" for t in first):
        return
    if first[0].lower_ in ("actually", "no", "but", "well"):
        return  # "Actually, I apologised first last time": a correction, not a story
    for tok in first:
        if tok.tag_ not in ("VBD", "VBN") or tok.lemma_ in NOT_STORY:
            continue
        for subj in subjects(tok):
            owner = subj.norm_ if subj.norm_ in STORY_SUBJECTS else next(
                (c.norm_ for c in subj.children if c.dep_ == "poss" and c.norm_ == "my"), None
            )
            if owner:
                yield subj.i, tok.i + 1, "turns to your own story"
                return


@parse_rule("contradicts_them")
def contradicts_them(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """Negating what they just asserted ("the slides weren't late")."""
    if not ctx.context:
        return
    for tok in doc:
        if tok.dep_ != "neg":
            continue
        head = tok.head
        claim = [t for t in head.subtree if t.i != tok.i and echoes(t, ctx.context)]
        if echoes(head, ctx.context) and ctx.context.addresses_you and any(
            s.norm_ in ("i", "we") for s in subjects(head)
        ):
            claim = claim + [head]  # "I didn't walk off": denying what they said you did
        about_them = any(t.norm_ in SECOND_PERSON or t.norm_ == "your" for t in head.sent)
        if len(claim) >= 2 and not about_them and not ctx.context.negative:
            yield head.left_edge.i, head.right_edge.i + 1, "contradicts what they said"


@parse_rule("so_summary")
def so_summary(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"So your mum doesn't get it": a summary of what they said, with or without '?'."""
    from nlp.questions import is_summary

    for unit in (u.span for u in ctx.units(doc) if u.kind != "question" and is_summary(u.span)):
        so = next(t for t in unit if t.norm_ == "so")
        yield so.i, min(so.i + 4, unit.end), "sums up what they said"
