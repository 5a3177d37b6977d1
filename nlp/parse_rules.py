"""Rules that need the parse, not just a pattern: each a small named function.

A parse rule takes the doc and the shared RuleContext and yields (start, end,
evidence) token ranges. Rules name them in YAML as `function: <key>`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from nlp.doccache import count_between, memo, sentence_starts
from nlp.guards import PRAISE_THRESHOLD, predicate_polarity
from nlp.lexicons import faux_feelings, feeling_family_of, single_words
from nlp.questions import QuestionReading, read_questions
from nlp.resources import Resources
from nlp.syntax import FIRST_PERSON, SECOND_PERSON, clause_head, subjects
from nlp.tone import valence
from nlp.units import UnitSpan, split_units, unit_index

Hit = tuple[int, int, str]


@dataclass
class RuleContext:
    resources: Resources
    context: object = None  # ContextFeatures of what the other person said, if given
    context_text: str | None = None  # their words as typed, for rules that need the order
    cache: dict = field(default_factory=dict)

    @property
    def has_context(self) -> bool:
        return self.context is not None

    def units(self, doc: Doc) -> tuple[UnitSpan, ...]:
        """The reply's units (nlp/units.py), split once for every rule that asks."""
        if "units" not in self.cache:
            self.cache["units"] = split_units(doc, self.invitation_starts(doc))
        return self.cache["units"]

    def invitation_starts(self, doc: Doc) -> set[int]:
        """Token indices where an open invitation ("tell me about") starts."""
        if "invitation_starts" not in self.cache:
            self.cache["invitation_starts"] = {s for _, s, _ in self.resources.invitations(doc)}
        return self.cache["invitation_starts"]

    def unit_at(self, doc: Doc, token: int) -> UnitSpan:
        """The unit holding a token: an index built once per reply, then a lookup."""
        if "unit_index" not in self.cache:
            self.cache["unit_index"] = unit_index(self.units(doc), len(doc))
        return self.units(doc)[self.cache["unit_index"][token]]

    def questions(self, doc: Doc) -> QuestionReading:
        if "questions" not in self.cache:
            self.cache["questions"] = read_questions(self.units(doc))
        return self.cache["questions"]

    def spans(self, lexicon: str, doc: Doc) -> list[tuple[int, int]]:
        """A word list's matches in this doc, found once however many rules ask.
        Lists of words about people also match inflected forms by lemma ("slobs",
        "the laziest")."""
        key = ("spans", lexicon)
        if key not in self.cache:
            found = Resources.spans(getattr(self.resources, lexicon), doc)
            if lexicon in BY_LEMMA:
                found = _with_lemmas(found, doc, BY_LEMMA[lexicon])
            self.cache[key] = found
        return self.cache[key]

    def tokens_in(self, lexicon: str, doc: Doc) -> frozenset[int]:
        key = ("tokens_in", lexicon)
        if key not in self.cache:
            self.cache[key] = frozenset(i for start, end in self.spans(lexicon, doc) for i in range(start, end))
        return self.cache[key]


BY_LEMMA = {"insults": "insults", "traits": "negative_traits"}  # lexicon -> its word list


def _with_lemmas(found: list[tuple[int, int]], doc: Doc, list_name: str) -> list[tuple[int, int]]:
    words = single_words(list_name)
    taken = {i for start, end in found for i in range(start, end)}
    # Nouns and adjectives only: "nagging" the verb is not "a nag".
    extra = [(t.i, t.i + 1) for t in doc
             if t.i not in taken and t.pos_ in ("NOUN", "PROPN", "ADJ") and t.lemma_.lower() in words]
    return sorted(found + extra) if extra else found


ParseRule = Callable[[Doc, RuleContext], Iterator[Hit]]
PARSE_RULES: dict[str, ParseRule] = {}

OWNING_VERBS = frozenset({"feel", "be", "get", "become", "grow", "seem", "stay", "remain", "go"})
NOT_LABELS = frozenset({"wrong", "right", "late", "sorry", "sure", "welcome", "busy", "tired", "sick"})
MARKERS = ("like", "that", "as if", "as though")
HEDGES = frozenset({"really", "just", "sometimes", "kind", "sort", "of", "honestly", "so", "a", "bit", "lot",
                    "little", "tad", "kinda", "very", "quite", "pretty", "super", "too", "totally", "bloody",
                    "heaps", "dead", "proper", "well", "ever", "awfully", "incredibly"})
HARD_FOR_THEM = frozenset({"exhausting", "embarrassing", "difficult", "annoying", "boring"})  # sympathy
CONTEMPT_WORDS = frozenset({"pathetic", "joke", "disgusting", "worthless", "embarrassing", "unbelievable"})
BY_YOU = frozenset({"you", "u", "your", "ur"})


def parse_rule(name: str) -> Callable[[ParseRule], ParseRule]:
    def register(fn: ParseRule) -> ParseRule:
        PARSE_RULES[name] = fn
        return fn

    return register


OWNERS = frozenset({"i", "we"})
CLIMB = frozenset({"acomp", "attr", "oprd", "advmod", "amod", "conj", "dobj", "pobj", "prep"})


def _owned(word: Token) -> Token | None:
    """The first-person subject that owns this word ("I [am so] worried"), if any."""
    verb = word
    for _ in range(4):
        if verb.dep_ not in CLIMB or verb.head is verb:
            break
        verb = verb.head
    verb = clause_head(verb)
    if verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_ in OWNING_VERBS:
        verb = verb.head
    if verb.lemma_ == "make" or verb.head.lemma_ == "make":  # "you make me feel X"
        return None
    for subj in subjects(verb):
        if subj.norm_ in OWNERS:
            return subj
    return None


@parse_rule("owned_feeling")
def owned_feeling(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    families = feeling_family_of()
    fed_up = ctx.tokens_in("exasperation", doc)
    for start, end in ctx.spans("feelings", doc):
        if start in fed_up:
            continue  # "I'm sick of it", "tired of you": what they've had enough of, not a feeling
        word = doc[start:end].root
        if word.tag_ == "VBD" or any(c.dep_ == "dobj" for c in word.children):
            continue  # "we spent", "I'd lost the job": an action, not a feeling
        subj = _owned(word) or _owned_nearby(doc, start) or _unspoken_i(doc, start)
        if subj is None or subj.i > start:
            continue
        family = families.get(doc[start:end].text.lower(), "")
        # "I'm happy to help" offers help; it is not sharing a feeling.
        if family == "glad" and any(c.dep_ == "xcomp" for c in word.children):
            continue
        yield subj.i, end, f"feeling: {doc[start:end].text.lower()} ({family})"


@parse_rule("it_feels_like_you")
def it_feels_like_you(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"It feels like you'd rather be anywhere else", said about them (no context to
    reflect): a judgement of them. In reply to their story the same words reflect."""
    if ctx.has_context:
        return
    for tok in doc:
        if tok.lemma_ not in ("feel", "seem") or not any(s.norm_ == "it" for s in subjects(tok)):
            continue
        window = [t.norm_ for t in doc[tok.i + 1 : tok.i + 4]]
        if window[:1] in (["like"], ["as"]) and "you" in window[1:3]:
            yield tok.i - 1, tok.i + 1 + window.index("you") + 1, "a thought about them, phrased as a feeling"


def _owned_nearby(doc: Doc, start: int) -> Token | None:
    """Fallback when the parse is odd: "I('m| was| feel) [so|really] <feeling>"."""
    i = start - 1
    while i >= 0 and (doc[i].pos_ in ("ADV", "PART") or doc[i].lower_ in HEDGES) and start - i <= 5:
        i -= 1
    if i < 1 or not (doc[i].lemma_ in OWNING_VERBS or doc[i].norm_ in ("am", "was")):
        return None
    return doc[i - 1] if doc[i - 1].norm_ in OWNERS else None


def _unspoken_i(doc: Doc, start: int) -> Token | None:
    """"Gutted tbh.": a feeling word that opens a sentence with no subject is the speaker's."""
    if doc[start].tag_ == "VB":
        return None  # "Calm down." is an order to them, not the speaker's calm
    sent = doc[start].sent
    lead = [t for t in doc[sent.start : start] if not (t.lower_ in HEDGES or t.is_punct)]
    if lead or any(t.dep_ in ("nsubj", "nsubjpass") for t in sent):
        return None
    return doc[start]


def _faux(doc: Doc, ctx: RuleContext) -> Iterator[tuple[int, int, bool, bool]]:
    """(start, end, accusing, aimed_at_you) for each first-person faux feeling."""
    words = faux_feelings()
    for start, end in ctx.spans("faux", doc):
        if doc[end - 1].tag_ == "VBD":
            continue  # "we used the app", "I ignored it": something done, not felt
        subj = _owned(doc[start:end].root)
        if subj is None:
            continue
        entry = words.get(doc[start:end].text.lower()) or words.get(doc[start:end].lemma_.lower())
        after = {t.norm_ for t in doc[end : min(end + 3, len(doc))]}
        aimed = "by" in after and bool(after & BY_YOU)
        sent_you = any(t.norm_ in BY_YOU for t in doc[start].sent)
        accusing = bool(entry and entry.accusing)
        yield subj.i, end, accusing and (sent_you or not _explained_elsewhere(doc, end)), aimed


def _explained_elsewhere(doc: Doc, end: int) -> bool:
    """"I felt betrayed when the company…": the cause named is not the listener."""
    return any(t.norm_ in ("by", "when", "because", "after") for t in doc[end : end + 2])


@parse_rule("faux_feeling_accusing")
def faux_feeling_accusing(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    for start, end, accusing, aimed in _faux(doc, ctx):
        if accusing or aimed:
            yield start, end, f"describes what they did: {doc[start:end][-1].text.lower()}"


@parse_rule("faux_feeling_note")
def faux_feeling_note(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    for start, end, accusing, aimed in _faux(doc, ctx):
        if not (accusing or aimed):
            yield start, end, f"faux feeling: {doc[end - 1].text.lower()}"


@parse_rule("feel_like_you")
def feel_like_you(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"I feel like/that/as if you…", "I feel you are…": a thought about them."""
    for tok in doc:
        if tok.lemma_ != "feel" or not any(s.norm_ in FIRST_PERSON for s in subjects(tok)):
            continue
        i = tok.i + 1
        while i < len(doc) and doc[i].norm_ in HEDGES:
            i += 1
        window = " ".join(t.norm_ for t in doc[i : i + 3])
        for marker in MARKERS:
            if window.startswith(marker):
                i += len(marker.split())
                break
        if i < len(doc) and doc[i].norm_ in BY_YOU | {"youre", "you're"}:
            subj = next((s for s in subjects(tok) if s.i < tok.i), tok)
            yield subj.i, i + 1, "a thought about them, phrased as a feeling"


@parse_rule("you_absolute")
def you_absolute(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    for start, end in ctx.spans("absolutes", doc):
        evidence = f"absolute: {doc[start:end].text.lower()}"
        found = _absolute_about_you(doc, start, end)
        if found is None and doc[start].lower_ in ("every", "each", "whenever"):
            you, target = _later_you(doc, end)  # "every time I ask, you disappear"
            if you is not None and not _generic_you(target):
                yield you.i, target.i + 1, evidence
        elif found is not None:
            lo, hi = found
            yield (lo, hi, evidence) if hi - lo <= 8 else (start, end, evidence)


def _absolute_about_you(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The words from "you" to the verb the absolute qualifies, if said of them."""
    verb = clause_head(doc[start:end].root)
    targets = [verb] + [c for c in doc[start:end].root.children if c.dep_ in ("relcl", "acl")]
    for target in targets:
        if doc[start].lower_ == "everything" and predicate_polarity(target)[0] > -PRAISE_THRESHOLD:
            continue  # "after everything you do for her" is not a complaint
        if target.dep_ == "relcl" and target.head.pos_ == "NOUN" and target is verb:
            continue  # "a flatmate you never agreed to" describes the flatmate
        if doc[start].lower_ == "never" and _permission(target):
            continue  # "you never have to apologise to me" reassures
        you = next((s for s in subjects(target) if s.norm_ in SECOND_PERSON
                    or any(c.norm_ == "you" for c in s.children)), None)
        ordered = target.lemma_ in ("stop", "quit", "keep") or target.head.lemma_ in ("stop", "quit", "keep")
        if you is None and ordered and target.tag_ == "VB" and not subjects(target):
            you = target  # "stop being so dramatic all the time"
        if you is not None and not _generic_you(target):
            return min(you.i, start, target.i), max(end, target.i + 1)
    return None


def _later_you(doc: Doc, after: int) -> tuple[Token | None, Token]:
    for tok in doc[after : doc[after - 1].sent.end]:
        if tok.norm_ in SECOND_PERSON and tok.dep_ == "nsubj":
            return tok, tok.head
    return None, doc[after - 1]


def _permission(verb: Token) -> bool:
    return verb.lemma_ in ("have", "need") and any(c.dep_ == "xcomp" for c in verb.children)


GENERIC_FRAMES = ("when you're a", "when you are a", "if you're a", "if you are a", "as a parent you",
                  "when you have kids", "when you've got kids", "once you're a")


TELLING = frozenset({"tell", "mention", "say", "warn", "ask", "inform"})


def _generic_you(verb: Token) -> bool:
    """"You never know with trains", "you can never find parking": anyone, not them.
    Also "you never told me the meeting moved": one missed message, not a pattern."""
    return memo(verb.doc, ("generic_you", verb.i), lambda: _is_generic_you(verb))


PERSONAL = frozenset({"me", "i", "us", "we", "my", "our", "your", "yours"})


def _is_generic_you(verb: Token) -> bool:
    doc = verb.doc  # a subtree is one contiguous range (the parse is projective)
    personal = count_between(doc, "personal", lambda t: t.norm_ in PERSONAL,
                             verb.left_edge.i, verb.right_edge.i + 1) > 0
    modal = any(c.norm_ in ("can", "could") and c.dep_ == "aux" for c in verb.children)
    objectless_know = verb.lemma_ == "know" and not any(c.dep_ in ("dobj", "ccomp") for c in verb.children)
    surprise = verb.lemma_ in ("guess", "believe")  # "you'll never guess who I saw"
    one_message = verb.lemma_ in TELLING and verb.tag_ == "VBD" and any(
        c.dep_ in ("ccomp", "dobj") and c.lower_ not in ("anything", "nothing") for c in verb.children
    )
    start = sentence_starts(doc)[verb.i]
    framed = doc[start : start + 6].text.lower().replace("’", "'").startswith(GENERIC_FRAMES)
    return (not personal and (modal or objectless_know)) or one_message or surprise or framed


def _is_label(word: Token, trait_tokens: frozenset[int]) -> bool:
    if word.lower_ in NOT_LABELS:
        return False
    if any(t.i in trait_tokens for t in word.subtree):
        return True
    if word.lower_ in feeling_family_of():
        return False
    if word.pos_ == "NOUN" and any(c.lower_ == "such" for c in word.children) and valence(word.lower_) <= 0:
        # "you're such a credit-grabber"; with an adjective, the adjective says which way
        # ("such a social guy" is not name-calling).
        described = [c for c in word.children if c.dep_ == "amod" and c.lower_ != "such"]
        return not described or any(valence(c.lower_) < 0 for c in described)
    return word.pos_ in ("ADJ", "NOUN") and valence(word.lower_) <= -1.0


@parse_rule("insult_words")
def insult_words(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """Name-calling from the insults list (nlp/lexicons/insults.txt)."""
    for start, end in ctx.spans("insults", doc):
        yield start, end, f"insult: {doc[start:end].text.lower()}"


@parse_rule("that_label")
def that_label(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"That was pretty careless": a verdict on what they did, in reply to them."""
    if not ctx.has_context:
        return
    traits = ctx.tokens_in("traits", doc)
    for word in (doc[i] for i in sorted(traits)):
        if word.dep_ not in ("acomp", "attr") or word.lower_ in HARD_FOR_THEM:
            continue
        if word.head.lemma_ in ("feel", "seem", "sound", "look"):
            continue  # "makes it feel impossible" describes how it is for them
        own_act = any(t.dep_ == "nsubj" and t.norm_ in ("i", "we") for t in word.sent)
        if not own_act and any(s.norm_ in ("that", "this", "it") for s in subjects(word.head)):
            yield word.head.i - 1 if word.head.i else word.head.i, word.i + 1, f"verdict: {word.lower_}"


def _name_calling(word: Token) -> bool:
    """"Such a child", "a total jerk": a noun for the person, not a trait of theirs."""
    return word.pos_ == "NOUN" and any(
        c.lower_ in ("such", "total", "complete", "absolute", "utter", "proper", "right") for c in word.children
    )


@parse_rule("you_name_calling")
def you_name_calling(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    for start, end, word in _labels(doc, ctx):
        if _name_calling(word):
            yield start, end, f"name-calling: {word.lower_}"


@parse_rule("you_label")
def you_label(doc: Doc, ctx: RuleContext) -> Iterator[Hit]:
    """"You're so lazy", "you're being ridiculous" (names are contempt, another rule)."""
    for start, end, word in _labels(doc, ctx):
        if not _name_calling(word):
            yield start, end, f"label: {word.lower_}"


def _labels(doc: Doc, ctx: RuleContext) -> tuple[tuple[int, int, Token], ...]:
    """Each word said of "you" that judges them: (start, end, the judging word); found
    once per reply for the two rules that split them."""
    if "labels" not in ctx.cache:
        ctx.cache["labels"] = tuple(_find_labels(doc, ctx))
    return ctx.cache["labels"]


def _find_labels(doc: Doc, ctx: RuleContext) -> Iterator[tuple[int, int, Token]]:
    trait_tokens = ctx.tokens_in("traits", doc)
    for word in doc:
        if word.dep_ not in ("acomp", "attr", "oprd") or not _is_label(word, trait_tokens):
            continue
        if word.lower_ in CONTEMPT_WORDS or word.lower_ in faux_feelings():
            continue  # contempt words have their own rule; faux feelings are feelings
        if word.head.lemma_ in ("feel", "seem", "sound", "look"):
            continue  # "you're feeling unappreciated" names a feeling: a reflection
        if any(t.lower_ in ("yourself", "urself") for t in word.subtree):
            continue  # "so hard on yourself" is about their self-talk, said kindly
        verb = word.head
        candidates = subjects(verb) or subjects(verb.head)
        you = next((s for s in candidates if s.norm_ in SECOND_PERSON), None)
        if you is None and verb.head.lemma_ in ("stop", "quit") and not subjects(verb.head):
            you = verb.head  # "stop being so dramatic"
        if you is None or you.i > word.i:
            continue
        yield you.i, min(word.right_edge.i + 1, word.i + 4), word
