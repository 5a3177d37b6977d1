"""Listening labels decided by evidence: named cues per unit, weighed against a threshold.

Each statement or restatement unit gets a reflection decision and each unit an advice
decision (`nlp/evidence.py`). The reply is a reflection / gives advice when one of its
units does: a roadblock vetoes only the unit it sits in. Weights and thresholds are data
(`rules/weights.yaml`); `tools/calibrate.py` refits them. Each cue is found once per reply
(hits are placed in their unit by a token lookup; tokens are read once).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from spacy.tokens import Doc

from nlp.errors import RuleFileError
from nlp.evidence import Cue, Decision, decide_by_score
from nlp.lexicons import word_list
from nlp.matching import Hit
from nlp.ruleset import RULES_DIR
from nlp.syntax import SECOND_PERSON
from nlp.tone import valence
from nlp.units import UnitSpan, unit_index

WEIGHTS_FILE = RULES_DIR / "weights.yaml"
REFLECTION_UNITS = frozenset({"statement", "restatement"})
# Verbs with which "I" reports taking in their story, not telling mine ("I hear you're…").
TAKING_IN = frozenset({
    "hear", "see", "think", "guess", "wonder", "imagine", "sense", "get", "understand", "notice",
    "know", "gather", "suppose", "bet", "believe", "take", "mean", "appreciate", "wish", "sound",
})
# "you'll", "you should", "you could": telling or predicting, not giving back.
DIRECTING_MODALS = frozenset({"should", "could", "might", "will", "would", "can", "need", "ought", "shall", "wo", "ca"})
SYMPATHY_VERBS = frozenset({"be", "feel", "seem", "sound", "look", "have"})
IMPERATIVE_FUNCTIONS = frozenset({"imperative", "imperative_advice"})
OWNING_CATEGORIES = frozenset({"RESPONSIBILITY", "REPAIR"})
OPINING = frozenset({"think", "believe", "reckon", "bet", "know", "feel"})  # "I think you'll be fine": my view of them
WISHING = frozenset({"hope", "wish", "pray", "trust"})  # "I hope you feel better": my wish for them
PREDICATES = frozenset({"acomp", "attr", "oprd"})
PRAISE_VALENCE = 1.5  # VADER rates "strong" 2.3, "brave" 2.4, "good" 1.9; "fine" 0.8 stays out
REASSURE_VALENCE = 1.0  # "alone" -1.0, "wrong" -2.1, "crazy" -1.4: "you're not alone" reassures


@dataclass(frozen=True, slots=True)
class Weights:
    """Cue weights and label thresholds, read from weights.yaml."""

    cues: Mapping[str, float]
    thresholds: Mapping[str, float]
    echo_cap: int = 3

    def of(self, cue: str) -> float:
        return self.cues[cue]

    def replace(self, cues: Mapping[str, float] | None = None, thresholds: Mapping[str, float] | None = None) -> Weights:
        return Weights({**self.cues, **(cues or {})}, {**self.thresholds, **(thresholds or {})}, self.echo_cap)


def load_weights(path: Path = WEIGHTS_FILE) -> Weights:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"{path}: cannot be read as YAML ({exc})") from exc
    data = data.get("listening") if isinstance(data, dict) else None
    if not isinstance(data, dict):
        raise RuleFileError(f"{path}: expected a 'listening' section with 'labels' and 'cues'")
    cues, thresholds = data.get("cues"), data.get("labels")
    if not isinstance(cues, dict) or not isinstance(thresholds, dict):
        raise RuleFileError(f"{path}: listening: expected mappings 'cues' (name: weight) and 'labels' (name: threshold)")
    for where, table in (("cues", cues), ("labels", thresholds)):
        for name, value in table.items():
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise RuleFileError(f"{path}: listening: {where}.{name}: expected a number, got {value!r}")
    missing = sorted(set(REQUIRED_CUES) - set(cues))
    if missing:
        raise RuleFileError(f"{path}: listening: cues lack weight(s) for {', '.join(missing)}")
    for label in ("reflection", "advice"):
        if label not in thresholds:
            raise RuleFileError(f"{path}: listening: labels lack a threshold for '{label}'")
    cap = data.get("echo_cap", 3)
    if not isinstance(cap, int) or cap < 1:
        raise RuleFileError(f"{path}: listening: echo_cap: expected a whole number of at least 1, got {cap!r}")
    return Weights(dict(cues), dict(thresholds), cap)


REQUIRED_CUES = (
    "reflection.stem", "reflection.weak_stem", "reflection.generic_empathy", "reflection.feeling",
    "reflection.feeling_family", "reflection.unvoiced_feeling",
    "reflection.echo", "reflection.second_person", "reflection.restatement", "reflection.no_context",
    "reflection.modal", "reflection.imperative", "reflection.praise", "reflection.pleasantry",
    "reflection.you_know", "reflection.own_story", "reflection.roadblock", "reflection.advice_elsewhere",
    "reflection.story_elsewhere", "reflection.reassurance", "reflection.wish", "reflection.object_you",
    "reflection.my_opinion", "reflection.exclaimed", "advice.no_context",
)


# Cues that count against a label by definition; calibration keeps their sign.
NEGATIVE_CUES = frozenset({
    "reflection.unvoiced_feeling", "reflection.no_context", "reflection.modal", "reflection.imperative",
    "reflection.praise", "reflection.pleasantry", "reflection.you_know", "reflection.own_story",
    "reflection.roadblock", "reflection.advice_elsewhere", "reflection.story_elsewhere", "advice.no_context",
    "reflection.generic_empathy", "reflection.reassurance", "reflection.wish", "reflection.my_opinion",
    "reflection.exclaimed",
})


@lru_cache(maxsize=1)
def _pleasantries() -> frozenset[str]:
    return frozenset(word_list("pleasantries"))


@lru_cache(maxsize=1)
def _generic_empathy() -> re.Pattern[str]:
    """One pattern for the whole list, searched once per unit."""
    words = sorted(word_list("generic_empathy"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w).replace("\\ ", r"\s+") for w in words) + r")\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Listening:
    reflection: bool
    advising: bool
    decisions: tuple[Decision, ...]


class _UnitCues:
    """Cues gathered for one unit, each name at most once unless repeats count (echo)."""

    def __init__(self) -> None:
        self.reflection: list[Cue] = []
        self.advice: list[Cue] = []

    def add(self, bucket: list[Cue], cue: Cue, repeat: bool = False) -> None:
        if repeat or all(c.name != cue.name for c in bucket):
            bucket.append(cue)


def _cue(doc: Doc, weights: Weights, name: str, start: int, end: int, vetoed_by: str = "") -> Cue:
    span = doc[start:end]
    return Cue(name, weights.of(name), span.start_char, span.end_char, span.text, vetoed_by)


def score_listening(doc: Doc, units: tuple[UnitSpan, ...], hits: list[Hit], labels_of, weights: Weights,
                    context) -> Listening:
    """`labels_of(hit)` gives the detector labels a hit supports; `context` is the
    ContextFeatures of what they said, or None."""
    if not units:
        return Listening(False, False, ())
    where = unit_index(units, len(doc))
    found = [_UnitCues() for _ in units]
    echoes = [0] * len(units)
    for hit in hits:
        i = where[hit.start] if hit.start < len(doc) else len(units) - 1
        cues = found[i]
        labels = labels_of(hit)
        if "roadblocks.advising" in labels:
            name = hit.rule.id
            if name in weights.cues:
                cues.add(cues.advice, _cue(doc, weights, name, hit.start, hit.end))
        if any(lab.startswith("roadblocks.") and lab != "roadblocks.interrogating" for lab in labels):
            cues.add(cues.reflection, _cue(doc, weights, "reflection.roadblock", hit.start, hit.end))
        if hit.rule.function in IMPERATIVE_FUNCTIONS:
            cues.add(cues.reflection, _cue(doc, weights, "reflection.imperative", hit.start, hit.end))
        if hit.rule.category == "APPRECIATION":
            cues.add(cues.reflection, _cue(doc, weights, "reflection.praise", hit.start, hit.end))
        for lab in labels:
            if lab == "reflection.echo":
                echoes[i] += 1
                capped = "echo_cap" if echoes[i] > weights.echo_cap else ""
                cues.add(cues.reflection, _cue(doc, weights, lab, hit.start, hit.end, capped), repeat=True)
            elif lab == "reflection.second_person" and hit.evidence.startswith("speaks to what it is doing"):
                # "the silence is getting to you": they are the object, not the subject
                cues.add(cues.reflection, _cue(doc, weights, "reflection.object_you", hit.start, hit.end))
            elif lab in ("reflection.stem", "reflection.weak_stem", "reflection.second_person"):
                cues.add(cues.reflection, _cue(doc, weights, lab, hit.start, hit.end))
            elif lab == "reflection.feeling":
                cues.add(cues.reflection, _cue(doc, weights, lab, hit.start, hit.end))
                if hit.evidence.startswith("same family"):
                    cues.add(cues.reflection, _cue(doc, weights, "reflection.feeling_family", hit.start, hit.end))
                elif context is not None and hit.evidence.startswith("their feeling"):
                    # a feeling word they never used, nor one of its family: check it with them
                    cues.add(cues.reflection, _cue(doc, weights, "reflection.unvoiced_feeling", hit.start, hit.end))
    # "You're right, I made it about me": owning my part is not turning to my own story.
    owning = any(h.rule.category in OWNING_CATEGORIES for h in hits)
    for i, unit in enumerate(units):
        _token_cues(doc, unit, found[i], weights)
        found[i].reflection = _inside_full_stem(found[i].reflection, owning)
    return _decide(doc, units, found, weights, context)


def _inside_full_stem(cues: list[Cue], owning: bool) -> list[Cue]:
    """Guards on a unit's cues: "it sounds" inside "it sounds like" is part of the full stem,
    not a second cue; "I made it about me" in a reply that owns my part is not my story."""
    full = [(c.start, c.end) for c in cues if c.name == "reflection.stem"]

    def guard(c: Cue) -> str:
        if c.name == "reflection.weak_stem" and any(s <= c.start and c.end <= e for s, e in full):
            return "inside a full stem"
        return "owning my part" if owning and c.name == "reflection.own_story" else ""

    return [Cue(c.name, c.weight, c.start, c.end, c.text, v) if (v := guard(c)) else c for c in cues]


def _token_cues(doc: Doc, unit: UnitSpan, cues: _UnitCues, weights: Weights) -> None:
    """Cues read off the unit's own tokens: one pass over them."""
    pleasant = _pleasantries()
    span = unit.span
    if span.text.rstrip().endswith("!"):
        cues.add(cues.reflection, _cue(doc, weights, "reflection.exclaimed", span.end - 1, span.end))
    if unit.kind == "restatement":
        cues.add(cues.reflection, _cue(doc, weights, "reflection.restatement", span.start, span.end))
    generic = _generic_empathy().search(span.text)
    if generic:
        begin = span.char_span(generic.start(), generic.end(), alignment_mode="expand")
        if begin is not None:
            cues.add(cues.reflection, _cue(doc, weights, "reflection.generic_empathy", begin.start, begin.end))
    words = [t for t in span if not t.is_punct and not t.is_space]
    if words and (words[0].lower_ in pleasant or " ".join(t.lower_ for t in words[:2]) in pleasant):
        cues.add(cues.reflection, _cue(doc, weights, "reflection.pleasantry", words[0].i, words[0].i + 1))
    for tok in span:
        if tok.norm_ in SECOND_PERSON and tok.dep_ in ("nsubj", "nsubjpass"):
            verb = tok.head
            modals = {c.norm_ for c in verb.children if c.dep_ == "aux"} & DIRECTING_MODALS
            if (modals or verb.lemma_ in ("need", "ought")) and verb.lemma_ not in SYMPATHY_VERBS:
                cues.add(cues.reflection, _cue(doc, weights, "reflection.modal", tok.i, min(verb.i + 1, span.end)))
            judged = _judged(verb)
            if judged:
                name, word = judged
                cues.add(cues.reflection, _cue(doc, weights, name, tok.i, word.i + 1))
            if verb.dep_ == "ccomp" and verb.head.lemma_ in OPINING and any(
                    s.norm_ == "i" for s in verb.head.children if s.dep_ == "nsubj"):
                cues.add(cues.reflection, _cue(doc, weights, "reflection.my_opinion", verb.head.i - 1, verb.head.i + 1))
            if verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_ in WISHING and any(
                    s.norm_ in ("i", "we") for s in verb.head.children if s.dep_ == "nsubj"):
                cues.add(cues.reflection, _cue(doc, weights, "reflection.wish", verb.head.i - 1, verb.i + 1))
            after = doc[verb.i + 1] if verb.i + 1 < span.end else None
            if verb.lemma_ == "know" and verb.i == tok.i + 1 and (after is None or after.is_punct or after.lower_ in ("like", "what")):
                cues.add(cues.reflection, _cue(doc, weights, "reflection.you_know", tok.i, verb.i + 1))
        elif tok.norm_ in ("i", "we") and tok.dep_ in ("nsubj", "nsubjpass") and _tells_my_story(tok.head):
            cues.add(cues.reflection, _cue(doc, weights, "reflection.own_story", tok.i, tok.head.i + 1))


def _judged(verb) -> tuple[str, object] | None:
    """"You're so strong" (praise of them) or "you're not alone" (reassurance): a verdict
    on them, not their experience given back. Valence from VADER's word ratings."""
    negated = any(c.dep_ == "neg" for c in verb.children)
    if verb.dep_ == "ccomp":  # "it's great that you're involved": the verdict sits on the main clause
        for child in verb.head.children:
            if child.dep_ in PREDICATES and valence(child.lower_) >= PRAISE_VALENCE:
                return "reflection.praise", child
    for child in verb.children:
        if child.dep_ not in PREDICATES and child.dep_ != "dobj":
            continue
        own = () if child.dep_ == "dobj" else (child,)  # "a great job": the adjective, not "job"
        for word in (*own, *(g for g in child.children if g.dep_ in ("amod", "advmod"))):
            score = valence(word.lower_)
            if not negated and score >= PRAISE_VALENCE:
                return "reflection.praise", word
            if negated and score <= -REASSURE_VALENCE:
                return "reflection.reassurance", word
    return None


def _tells_my_story(verb) -> bool:
    """"I had a bad break-up", "we've been through it", "I'll fix it": what happened to me
    or what I will do; not "I'm sorry", "I hope", "I can see" (taking in theirs)."""
    if verb.lemma_ in TAKING_IN or verb.pos_ not in ("VERB", "AUX"):
        return False
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    objects += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    if any(t.norm_ in SECOND_PERSON for t in objects):
        return False  # "I let you down", "I turned it on you": what I did to them, owned, not my story
    aux = {c.lemma_ for c in verb.children if c.dep_ == "aux"}
    # past ("I cried"), perfect ("I've been there") or my own plan ("I'll correct it")
    return verb.tag_ == "VBD" or "have" in aux or bool(aux & {"will", "shall"})


def _decide(doc: Doc, units: tuple[UnitSpan, ...], found: list[_UnitCues], weights: Weights, context) -> Listening:
    advice: dict[int, Decision] = {}
    for i, cues in enumerate(found):
        if cues.advice:
            listed = list(cues.advice)
            if context is None:
                listed.append(Cue("advice.no_context", weights.of("advice.no_context")))
            advice[i] = decide_by_score("roadblocks.advising", tuple(listed), weights.thresholds["advice"], unit=i)
    advising = [i for i, d in advice.items() if d.value == "1"]
    storied = [i for i, cues in enumerate(found)
               if any(c.name == "reflection.own_story" and not c.vetoed_by for c in cues.reflection)]
    decisions: list[Decision] = []
    reflection = False
    for i, (unit, cues) in enumerate(zip(units, found, strict=True)):
        if unit.kind in REFLECTION_UNITS and cues.reflection:
            listed = list(cues.reflection)
            if context is None:
                listed.append(Cue("reflection.no_context", weights.of("reflection.no_context")))
            # Not a veto: a reply whose other units advise or tell my story leans away from reflecting.
            if any(j != i for j in advising):
                listed.append(Cue("reflection.advice_elsewhere", weights.of("reflection.advice_elsewhere")))
            if any(j != i for j in storied):
                listed.append(Cue("reflection.story_elsewhere", weights.of("reflection.story_elsewhere")))
            d = decide_by_score("reflection", tuple(listed), weights.thresholds["reflection"], unit=i)
            reflection = reflection or d.value == "1"
            decisions.append(d)
        if i in advice:
            decisions.append(advice[i])
        if unit.asks:
            how = "request" if unit.kind == "request_question" else unit.question
            cue = Cue(f"question.{how}", 1.0, unit.span.start_char, unit.span.end_char, unit.span.text)
            decisions.append(Decision("question", unit.question, 1.0, 1.0, (cue,), i,
                                      f"{unit.kind} typed {unit.question} by its main clause"))
    return Listening(reflection, bool(advising), tuple(decisions))
