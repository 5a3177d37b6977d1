"""Named guards: small checks a rule lists in its YAML to veto a match.

Each guard takes the doc and the matched token range and returns True to keep the
match. Rules name guards by their key in GUARDS; unknown names fail at load.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from spacy.tokens import Doc, Token

from nlp.doccache import memo
from nlp.lexicons import feeling_family_of, single_words, word_list
from nlp.syntax import (
    FIRST_PERSON,
    QUOTE_CHARS,
    SECOND_PERSON,
    THINKING,
    clause_head,
    is_negated,
    is_question,
    subjects,
)
from nlp.tone import edge_around, sentence_compound, valence

Guard = Callable[[Doc, int, int], bool]
GUARDS: dict[str, Guard] = {}

# Threshold on summed VADER valence (-4..4 per word) for "the predicate is kind";
# one clearly positive word (help 1.7, laugh 2.6) is enough, a mild one (want 0.3) is not.
PRAISE_THRESHOLD = 1.0
# VADER compound of the whole sentence above which an absolute reads as warm.
SENTENCE_WARMTH = 0.5
_STOP_VERBS = frozenset({"stop", "quit", "cease"})
_IMPLICATIVE = frozenset({"fail", "forget", "neglect", "hesitate"})
_SKIP = frozenset({"always", "never", "constantly", "not", "n't", "so", "really", "just", "ever"})


def guard(name: str) -> Callable[[Guard], Guard]:
    def register(fn: Guard) -> Guard:
        GUARDS[name] = fn
        return fn

    return register


def _has_phrase(tokens: list[Token], phrases: tuple[str, ...]) -> bool:
    text = " " + " ".join(t.norm_ for t in tokens) + " "
    lemmas = " " + " ".join(t.lemma_.lower() for t in tokens) + " "
    return any(f" {p} " in text or f" {p} " in lemmas for p in phrases)


def predicate_polarity(verb: Token) -> tuple[float, bool]:
    """(kindness score, negated) of what a clause says its subject does or is."""
    return memo(verb.doc, ("polarity", verb.i), lambda: _predicate_polarity(verb))


def _predicate_polarity(verb: Token) -> tuple[float, bool]:
    negated = is_negated(verb) or any(t.norm_ in ("never", "not") for t in verb.subtree if t.i < verb.i)
    subj = {t.i for s in subjects(verb) for t in s.subtree}
    words = [t for t in _own_clause(verb) if t.i not in subj and t.norm_ not in _SKIP]
    if any(t.norm_ == "only" for t in verb.subtree if t.i < verb.i):
        negated = not negated  # "you only ever call when you need something"
    if verb.lemma_ in _STOP_VERBS:  # "never stop complaining" = always complaining
        negated = not negated
        words = [t for t in words if t.i != verb.i]
    elif verb.lemma_ in _IMPLICATIVE and any(c.dep_ == "xcomp" for c in verb.children):
        # "never fail to make me laugh" = always make me laugh: judge what they do.
        xcomp = next(c for c in verb.children if c.dep_ == "xcomp")
        inner = [t for t in xcomp.subtree if t.norm_ not in _SKIP]
        inner_score = sum(valence(t.lower_) or valence(t.lemma_) for t in inner if t.tag_ != "IN")
        if _has_phrase(inner, word_list("praise_predicates")):
            inner_score += 2.0
        if abs(inner_score) >= PRAISE_THRESHOLD:
            return inner_score, not negated
    score = sum(valence(t.lower_) or valence(t.lemma_) for t in words if t.tag_ != "IN")
    if _has_phrase(words, word_list("praise_predicates")):
        score += 2.0
    if _has_phrase(words, word_list("harm_predicates")):
        score -= 2.0
    return score, negated


CLAUSAL = frozenset({"ccomp", "advcl", "conj", "parataxis", "csubj", "punct", "cc", "mark"})


def _own_clause(verb: Token) -> list[Token]:
    """The verb and its dependents, without the other clauses hung on it."""
    found, stack = [], [verb]
    while stack:
        tok = stack.pop()
        found.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in CLAUSAL)
    return sorted(found, key=lambda t: t.i)


def is_praise(verb: Token) -> bool:
    score, negated = predicate_polarity(verb)
    if not negated and score >= 0 and _sentence_warmth(verb) >= SENTENCE_WARMTH:
        return True  # "you're always so patient with my dad, thank you"
    kind = score >= PRAISE_THRESHOLD
    unkind = score <= -PRAISE_THRESHOLD
    return (kind and not negated) or (unkind and negated)


def _sentence_warmth(verb: Token) -> float:
    return sentence_compound(verb.sent)


def _head(doc: Doc, start: int, end: int) -> Token:
    return clause_head(doc[start:end].root)


def quoted_tokens(doc: Doc) -> tuple[bool, ...]:
    """For each token, whether it sits inside quote marks in its sentence (as
    `syntax.in_quotes`), found in one pass over the doc."""

    def scan() -> tuple[bool, ...]:
        inside, result = False, []
        for tok in doc:
            if tok.is_sent_start:
                inside = False
            result.append(inside)
            if tok.text in QUOTE_CHARS and (tok.text != "'" or tok.dep_ == "punct"):
                inside = not inside
        return tuple(result)

    return memo(doc, "quoted", scan)


@guard("not_quoted")
def not_quoted(doc: Doc, start: int, end: int) -> bool:
    return not quoted_tokens(doc)[start]


@guard("not_praise")
def not_praise(doc: Doc, start: int, end: int) -> bool:
    return not is_praise(_head(doc, start, end))


@guard("not_negated")
def not_negated(doc: Doc, start: int, end: int) -> bool:
    return not is_negated(_head(doc, start, end))


@guard("not_question")
def not_question(doc: Doc, start: int, end: int) -> bool:
    return not is_question(doc[start].sent)


@guard("in_question")
def in_question(doc: Doc, start: int, end: int) -> bool:
    return is_question(doc[start].sent)


@guard("not_self_directed")
def not_self_directed(doc: Doc, start: int, end: int) -> bool:
    """Name-calling about oneself ("I'm such an idiot") is not aimed at the listener."""
    head = _head(doc, start, end)
    if any(s.norm_ in FIRST_PERSON for s in subjects(head)):
        return False
    return not any(t.norm_ in ("myself", "me") for t in doc[max(0, start - 3) : start])


@guard("aimed_at_you")
def aimed_at_you(doc: Doc, start: int, end: int) -> bool:
    """The sentence addresses the listener: a 'you' in it, or a vocative insult."""
    sent = doc[start].sent
    if any(t.norm_ in SECOND_PERSON or t.norm_ in ("your", "yours", "ur") for t in sent):
        return True
    if sent.root.tag_ == "VB" and not subjects(sent.root):  # an order is said to them
        return True
    before = doc[start - 1] if start > sent.start else None
    after = doc[end] if end < sent.end else None
    return (before is not None and before.is_punct) or (after is None or after.is_punct)


@cache
def _trait_words() -> frozenset[str]:
    return frozenset(word_list("negative_traits"))


@guard("not_feeling")
def not_feeling(doc: Doc, start: int, end: int) -> bool:
    """"You're upset" names a feeling (a reflection), not a label."""
    families = feeling_family_of()
    traits = _trait_words()
    return not any(t.lower_ in families and t.lower_ not in traits for t in doc[start:end])


CURT = frozenset({"fine", "whatever", "k", "kk", "nothing", "meh", "ok", "okay", "then", "sure", "yeah", "yep"})


@guard("whole_reply")
def whole_reply(doc: Doc, start: int, end: int) -> bool:
    """Curt words ("fine.", "whatever") stonewall only as a whole sentence of their own
    ("Fine. Whatever."), not when they lead into an answer ("Fine, Thursday works")."""
    words = [t.lower_ for t in doc[start].sent if not t.is_punct and not t.is_space]
    return 0 < len(words) <= 3 and all(w in CURT for w in words)


@guard("not_after_i")
def not_after_i(doc: Doc, start: int, end: int) -> bool:
    """Excludes matches whose clause has a first-person subject."""
    return not any(s.norm_ in FIRST_PERSON for s in subjects(_head(doc, start, end)))


@guard("not_asking")
def not_asking(doc: Doc, start: int, end: int) -> bool:
    """Keeps statements and statements said with a question mark ("so you left?"),
    drops real questions ("do you want tea?")."""
    from nlp.questions import declarative_with_mark

    sent = doc[start].sent
    return not is_question(sent) or declarative_with_mark(sent)


@guard("not_before_have")
def not_before_have(doc: Doc, start: int, end: int) -> bool:
    """"you should" advises; "you should have" judges the past (a different rule)."""
    nxt = end + 1 if end < len(doc) and doc[end].norm_ in ("not", "n't") else end
    return nxt >= len(doc) or doc[nxt].norm_ not in ("have", "'ve", "of")


@guard("as_order")
def as_order(doc: Doc, start: int, end: int) -> bool:
    """"Calm down." / "just relax" tell them what to feel; "it's hard to relax" does not."""
    verb = doc[start]
    if verb.tag_ not in ("VB", "VBP") or subjects(verb):
        return False
    before = doc[verb.i - 1].lower_ if verb.i > verb.sent.start else ""
    return verb.dep_ == "ROOT" or not before or before in ("just", "please", "so", "oh", "now", "on", ",")


@guard("not_inverted")
def not_inverted(doc: Doc, start: int, end: int) -> bool:
    """"Do I need a coat?" asks; "I need a break" tells."""
    return start == 0 or doc[start - 1].pos_ not in ("AUX",) and doc[start - 1].tag_ != "MD"


@guard("not_denied")
def not_denied(doc: Doc, start: int, end: int) -> bool:
    """"Nobody's saying you never help", "I don't think you're lazy": the claim is denied."""
    head = _head(doc, start, end)
    for _ in range(3):
        if head.head is head:
            break
        head = head.head
        if head.lemma_ in THINKING and head.i < start and (
            any(c.dep_ == "neg" for c in head.children)
            or any(s.lower_ in ("nobody", "noone", "no-one") for s in subjects(head))
        ):
            return False
    return True


@guard("not_quantity")
def not_quantity(doc: Doc, start: int, end: int) -> bool:
    """"At least ten people came" counts; "at least you have a job" dismisses."""
    after = doc[end] if end < len(doc) else None
    return after is None or not (after.like_num or after.lower_ in ("a", "an", "once", "twice", "half", "some"))


@guard("not_enthusing")
def not_enthusing(doc: Doc, start: int, end: int) -> bool:
    """"You should have seen her face!" shares delight; it does not judge them."""
    following = doc[end : end + 2]
    return not any(t.lemma_ in ("see", "hear", "taste", "watch") for t in following)


SARCASM_CUES = frozenset({"another", "again", "usual", "course", "genius", "actually", "wow", "finally", "still", "going", "done", "job", "bravo", "managed"})


def _cue_outside(doc: Doc, start: int, end: int) -> bool:
    """A sarcasm cue word anywhere in the reply but the hit itself (counted once per doc)."""
    total = memo(doc, "sarcasm_cues", lambda: sum(1 for t in doc if t.lower_ in SARCASM_CUES))
    return total > sum(1 for t in doc[start:end] if t.lower_ in SARCASM_CUES)


@guard("sarcasm_cue")
def sarcasm_cue(doc: Doc, start: int, end: int) -> bool:
    """Thanks with an edge: "cheers for leaving me to do everything again", "wow. thanks." """
    return _cue_outside(doc, start, end)


@guard("sarcastic_context")
def sarcastic_context(doc: Doc, start: int, end: int) -> bool:
    """"Oh great" is sarcasm with an edge nearby ("again", "as usual", a negative turn),
    and sincere otherwise ("oh great, the tickets came through!")."""
    return _cue_outside(doc, start, end) or edge_around(doc[start].sent) < -0.1


@guard("has_words")
def has_words(doc: Doc, start: int, end: int) -> bool:
    """An emoji-only reply ("🙄", "😂😂") is a reaction, not sarcasm in words."""
    return memo(doc, "has_words", lambda: any(t.is_alpha for t in doc))


@guard("not_after_why")
def not_after_why(doc: Doc, start: int, end: int) -> bool:
    """"Why would you…?" accuses; it does not ask for anything."""
    return start == 0 or doc[start - 1].lower_ not in ("why", "how")


@guard("not_be_question")
def not_be_question(doc: Doc, start: int, end: int) -> bool:
    """"Will you be at the meeting?" asks for a fact, not a favour."""
    return end >= len(doc) or doc[end].lower_ not in ("be", "ever", "believe", "remember")


@guard("not_a_finished_task")
def not_a_finished_task(doc: Doc, start: int, end: int) -> bool:
    """"I'm done with the report" finished a task; "I'm done with you" walks out."""
    rest = [t.lower_ for t in doc[end : end + 2]]
    return not (rest[:1] == ["with"] and rest[1:2] and rest[1] in ("the", "my", "a", "that", "those", "it"))


@guard("not_conceding")
def not_conceding(doc: Doc, start: int, end: int) -> bool:
    """"That's true, I did say that" concedes; "I DID say that!" argues."""
    return not any(t.lower_ in ("true", "right", "fair", "yes", "yeah", "sorry") for t in doc[:start])


@guard("not_owning")
def not_owning(doc: Doc, start: int, end: int) -> bool:
    """"No. It was later than I meant, and I should have told you" owns my part: the "no"
    answers a question, it does not argue. Owning words anywhere in the reply veto it."""
    def owns() -> bool:
        text = " " + " ".join(t.lower_ for t in doc) + " "
        return any(f" {w} " in text for w in word_list("owning"))

    return not memo(doc, "owning", owns)


@guard("insult_not_denied")
def insult_not_denied(doc: Doc, start: int, end: int) -> bool:
    """"You're not a liar" denies the insult; "don't talk to me like that, you cow" does not:
    only an insult used as the predicate can be negated."""
    word = doc[start:end].root
    if word.dep_ not in ("attr", "acomp", "oprd"):
        return True
    return not is_negated(word.head)


@guard("not_endearment")
def not_endearment(doc: Doc, start: int, end: int) -> bool:
    """"You absolute legend" is affection in the shape of name-calling."""
    noun = doc[end - 1]
    return noun.lemma_.lower() not in word_list("endearments") and valence(noun.lower_) < 1.0


@guard("not_circumstance")
def not_circumstance(doc: Doc, start: int, end: int) -> bool:
    """"Your lack of sleep" is hard luck, not a failing: the thing lacked is a circumstance."""
    after = doc[end] if end < len(doc) else None
    return after is None or after.lemma_.lower() not in word_list("circumstances")


@guard("not_kind_noun")
def not_kind_noun(doc: Doc, start: int, end: int) -> bool:
    """"Your constant support" praises; "your constant complaining" attacks: a negative
    word, a behaviour in -ing, or a failing from the list; "patience" is none of them."""
    noun = doc[end - 1]
    score = valence(noun.lower_)
    if score > 0:
        return False
    return score < 0 or noun.lower_.endswith("ing") or noun.lemma_.lower() in word_list("failings") \
        or noun.lower_ in word_list("failings")


THIRD_PARTY = frozenset({"he", "she", "they", "him", "her", "them", "it", "people", "someone", "somebody"})


@guard("not_third_party")
def not_third_party(doc: Doc, start: int, end: int) -> bool:
    """"He could just be a jerk", "idiots like this treat you badly": the insult is about
    someone else, even in a reply to the listener."""
    word = doc[start:end].root
    if word.dep_ in ("nsubj", "nsubjpass") and not any(c.norm_ in SECOND_PERSON for c in word.children):
        return False  # the insult does something: it names a third person
    if word.dep_ in ("attr", "acomp", "oprd"):
        subj = subjects(word.head)
        return not subj or any(s.norm_ in SECOND_PERSON or s.lower_ in ("lot", "both") for s in subj)
    return True


TIME_NOUNS = frozenset({"day", "week", "weekend", "night", "morning", "evening", "afternoon", "year", "month",
                        "time", "sunday", "saturday", "holiday", "summer", "winter"})


@cache
def _judging_words() -> frozenset[str]:
    return single_words("negative_traits") | single_words("insults")


@guard("judges_them")
def judges_them(doc: Doc, start: int, end: int) -> bool:
    """"What a selfish thing to do": a trait word inside, about an act, not a day."""
    words = _judging_words()
    if doc[end - 1].lemma_.lower() in TIME_NOUNS:
        return False
    return any(t.lemma_.lower() in words or t.lower_ in words for t in doc[start:end])
