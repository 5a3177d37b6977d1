"""Rules about asking: orders, invitations and questions (parse-based)."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from nlp.parse_rules import Hit, RuleContext, parse_rule
from nlp.syntax import is_question, subjects
from nlp.units import REQUEST_MODALS

_FORMULAS = frozenset({
    "thank", "worry", "mind", "see", "look", "listen", "guess", "imagine", "hang", "excuse",
    "forgive", "trust", "believe", "let", "welcome", "congratulate", "enjoy", "bless",
    "relax", "calm", "chill", "cheer", "wait", "hold", "feel", "have", "forget", "come",
})
_LEADERS = frozenset({"please", "just", "maybe", "honestly", "perhaps", "ever", "now", "so", "ok", "okay", "and", "then", "seriously",
                      "kindly", ",", "do", "not", "never", "n't"})


def _imperatives(doc: Doc, ctx: RuleContext, invitations: set[int]) -> Iterator[Hit]:
    for sent in doc.sents:
        if is_question(sent):
            continue
        tokens = [t for t in sent if not t.is_space]
        i = 0
        while i < len(tokens) and (tokens[i].norm_ in _LEADERS or tokens[i].is_punct):
            if tokens[i].norm_ == "do" and (i + 1 >= len(tokens) or tokens[i + 1].norm_ not in ("not", "n't")):
                break  # "do it" is the order itself; only "don't" leads one
            i += 1
        if i >= len(tokens):
            continue
        verb = tokens[i]
        if verb.tag_ != "VB" or verb.i in invitations or subjects(verb):
            verb = _order_after_comma(sent)
            if verb is None or verb.i in invitations:
                continue
        negative = any(t.norm_ in ("not", "never", "n't") for t in tokens[:i])
        # Formulas ("thank you", "never mind") are not orders; "don't tell me…" is.
        if verb.lemma_ in _FORMULAS and not (negative and verb.lemma_ not in ("worry", "mind")):
            continue
        if negative and verb.lemma_ == "be":
            continue  # "don't be silly / sad": telling them how to feel (dismissing), not an order
        yield sent.start, min(verb.i + 4, sent.end), ("don't/stop order" if negative else "imperative")


LINKS = frozenset({",", "and", "so", "then", "but", ";", "-", "—", "or"})
SOFT = frozenset({"just", "maybe", "perhaps", "please", "also", "then", "so", "and", "try", "to"})


def _order_after_comma(sent: Span) -> Token | None:
    """"You're just tired, get an early night", "it's late so just go to bed": an order
    anywhere in the sentence, after a clause break."""
    for tok in sent:
        if tok.tag_ != "VB" or tok.i == sent.start or tok.lemma_ in _FORMULAS:
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children):
            continue  # its own subject: "…so you go to bed" is not an order
        if tok.dep_ not in ("conj", "parataxis", "ccomp", "ROOT"):
            continue
        if any(c.dep_ in ("aux", "auxpass") for c in tok.children):
            continue  # "…and to rest", "…you can rest"
        if tok.dep_ == "conj" and (tok.head.tag_ == "VB" and tok.head.dep_ != "ROOT" or any(
                c.dep_ in ("aux", "auxpass") for c in tok.head.children)):
            continue  # "I want to go and see", "you should go and rest": not an order of its own
        i = tok.i - 1
        while i > sent.start and tok.doc[i].norm_ in SOFT - {"and", "so", "then"}:
            i -= 1
        if tok.doc[i].text in LINKS or tok.doc[i].norm_ in LINKS:
            return tok
    return None


@parse_rule("imperative")
def imperative(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    if "imperatives" not in ctx.cache:  # imperative_advice reads the same orders
        ctx.cache["imperatives"] = tuple(_imperatives(doc, ctx, ctx.invitation_starts(doc)))
    yield from ctx.cache["imperatives"]


@parse_rule("imperative_advice")
def imperative_advice(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """In reply to someone sharing a problem, an order is advice; "just…", "maybe try…"
    reads as advice even without knowing what they said."""
    for start, end, evidence in imperative(doc, ctx):
        softeners = {t.norm_ for t in doc[start:end]} & {"just", "maybe", "try", "perhaps"}
        if ctx.has_context or softeners:
            yield start, end, evidence


@parse_rule("open_question")
def open_question(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    reading = ctx.questions(doc)
    if reading.kind == "open":
        yield reading.start, reading.end, "invites a wide answer"


@parse_rule("closed_question")
def closed_question(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    reading = ctx.questions(doc)
    if reading.kind == "closed":
        yield reading.start, reading.end, "invites yes/no or one fact"


@parse_rule("stacked_questions")
def stacked_questions(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    reading = ctx.questions(doc)
    if reading.count >= 3 or (reading.count == 2 and ctx.has_context):
        yield reading.start, reading.end, f"{reading.count} questions in one reply"


ASKERS = frozenset({"you", "u", "we"})
TOO_MANY_HEDGES = 2  # DOMAIN.md: "sorry, I just, maybe…" around one ask


def _asks(sent: Span) -> Iterator[Token]:
    """"Could you…", "would we…", "would you mind…": the ask a hedge softens."""
    for tok in sent[:-1]:
        if tok.norm_ in REQUEST_MODALS and tok.doc[tok.i + 1].norm_ in ASKERS:
            yield tok


@parse_rule("over_hedged")
def over_hedged(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """Two or more hedges or apologies in the sentence of an ask (or the one before it)."""
    hedges = ctx.spans("ask_hedges", doc)
    sents = list(doc.sents)
    for n, sent in enumerate(sents):
        ask = next(_asks(sent), None)
        if ask is None:
            continue
        start = sents[n - 1].start if n else sent.start
        around = [(s, e) for s, e in hedges if start <= s < sent.end]
        if len(around) >= TOO_MANY_HEDGES:
            first = min(ask.i, *(s for s, _ in around))
            yield first, max(ask.i + 2, *(e for _, e in around)), f"{len(around)} hedges around one ask"
