"""The Analyzer: model and rules loaded once, then `analyze()` per reply."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.tokens import Doc

import nlp.advice  # noqa: F401  (registers its parse rules)
import nlp.asking  # noqa: F401  (registers its parse rules)
import nlp.hostility  # noqa: F401  (registers its parse rules)
import nlp.listening_moves  # noqa: F401  (registers its parse rules)
import nlp.observation  # noqa: F401  (registers its parse rules)
from nlp.errors import (
    MAX_CHARS,
    EmptyInputError,
    InputError,
    InputTooLongError,
    RuleFileError,
    check_encodable,
)
from nlp.labels import decide, labels_of
from nlp.language import NOTICE, looks_english
from nlp.matching import Hit, RuleMatcher
from nlp.model import MODEL_NAME, load_pipeline
from nlp.normalise import normalise_contractions
from nlp.parse_rules import RuleContext
from nlp.reflection import ContextFeatures, context_features
from nlp.resources import Resources
from nlp.ruleset import RULES_DIR, load_categories, load_rules
from nlp.safety import RiskHit, SafetyScreen, screen
from nlp.scoring import WEIGHTS_FILE, load_weights, score_listening
from nlp.speaking import decide_speaking, load_speaking, silence
from nlp.tone import measure
from nlp.types import Analysis, Flag
from nlp.version import engine_version

log = logging.getLogger(__name__)
KNOWN_LABEL_PREFIXES = ("style.", "horsemen.", "roadblocks.", "request.", "reflection.")
SUPPORTING_CUES = frozenset({"reflection.echo", "reflection.second_person"})
CONTEXT_CACHE_SIZE = 256  # a session's worth of prompts; each entry is a few sets of words


def check_text(text: object, safety: SafetyScreen | None = None) -> str:
    """The text as given, or an InputError saying what is wrong with it (an over-long
    text's error carries its crisis screen)."""
    if not isinstance(text, str):
        raise InputError(f"Expected text, got {type(text).__name__}.")
    if not text.strip():
        raise EmptyInputError()
    if len(text) > MAX_CHARS:
        raise InputTooLongError(len(text), screen=safety if safety is not None else screen(text))
    check_encodable(text)
    return text


class Analyzer:
    def __init__(self, rules_dir=RULES_DIR) -> None:
        self.nlp = load_pipeline()
        self.rules, self.rules_version = load_rules(rules_dir)
        self.categories = load_categories(rules_dir)
        self.speaking = load_speaking(rules_dir, frozenset(rule.id for rule in self.rules))
        self._check_categories()
        self.resources = Resources.build(self.nlp)
        self.matcher = RuleMatcher(self.nlp, self.rules)
        self.weights = load_weights(rules_dir / "weights.yaml")
        self._check_weights()
        # Shared by every thread that calls analyze(); the lock keeps the LRU's order
        # and size consistent (OrderedDict.move_to_end/popitem are not atomic together).
        self._contexts: OrderedDict[str, ContextFeatures] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)

    def _check_categories(self) -> None:
        for rule in self.rules:
            if rule.category not in self.categories:
                raise RuleFileError(f"{rule.source}: rule '{rule.id}': category '{rule.category}' is not in categories.yaml")
            for label in rule.labels or ():
                if not label.startswith(KNOWN_LABEL_PREFIXES):
                    raise RuleFileError(f"{rule.source}: rule '{rule.id}': unknown label '{label}'")

    def _check_weights(self) -> None:
        advising = [r.id for r in self.rules if "roadblocks.advising" in labels_of(Hit(r, 0, 0), self.categories)]
        missing = [rule_id for rule_id in advising if rule_id not in self.weights.cues]
        if missing:
            raise RuleFileError(f"{WEIGHTS_FILE.name}: listening: no weight for advice rule(s) {', '.join(missing)}")

    # -- context -------------------------------------------------------------
    def context(self, text: str | None) -> ContextFeatures | None:
        if text is None:
            return None
        if not isinstance(text, str):
            raise InputError(f"The context must be text, got {type(text).__name__}.")
        if not text.strip():
            return None
        text = text[:MAX_CHARS]
        check_encodable(text, what="The context")
        with self._lock:
            if text in self._contexts:
                self._contexts.move_to_end(text)
                return self._contexts[text]
        features = context_features(self.nlp.make_doc(text))  # outside the lock: may be slow
        with self._lock:
            self._contexts[text] = features
            if len(self._contexts) > CONTEXT_CACHE_SIZE:
                self._contexts.popitem(last=False)
        return features

    # -- analysis ------------------------------------------------------------
    def analyze(self, text: str, context: str | None = None) -> Analysis:
        """Analyse one reply; raises InputError for empty or over-long text.

        The crisis screen runs first, on every input, so an over-long text's error still
        says whether it holds signs of risk (`InputTooLongError.screen`)."""
        safety = screen(text) if isinstance(text, str) else None
        check_text(text, safety)
        return self._from_doc(self.nlp(text), context, safety)

    def analyze_many(
        self,
        texts: Iterable[str],
        contexts: Iterable[str | None] | None = None,
        batch_size: int = 256,
    ) -> Iterator[Analysis | InputError]:
        """One result per input, in order; a bad row yields its InputError instead."""
        pairs = iter(zip(texts, contexts, strict=False) if contexts is not None else ((t, None) for t in texts))
        while chunk := list(islice(pairs, batch_size)):
            yield from self._chunk(chunk, batch_size)

    def _chunk(self, chunk: list[tuple[str, str | None]], batch_size: int) -> Iterator[Analysis | InputError]:
        errors: dict[int, InputError] = {}
        valid: list[tuple[int, str]] = []
        screens: dict[int, SafetyScreen] = {}
        for i, (text, context) in enumerate(chunk):
            if isinstance(text, str):
                screens[i] = screen(text)
            try:
                checked = check_text(text, screens.get(i))
                self.context(context)  # a bad context is this row's error, not the batch's
                valid.append((i, checked))
            except InputError as exc:
                errors[i] = exc
        docs = dict(zip((i for i, _ in valid), self.nlp.pipe((t for _, t in valid), batch_size=batch_size), strict=True))
        for i, (_, context) in enumerate(chunk):
            yield errors[i] if i in errors else self._from_doc(docs[i], context, screens[i])

    def _from_doc(self, doc: Doc, context: str | None, safety: SafetyScreen | None = None) -> Analysis:
        normalise_contractions(doc)
        text = doc.text
        safety = safety if safety is not None else screen(text)
        features = self.context(context)
        ctx = RuleContext(self.resources, context=features, context_text=context if features else None)
        english = looks_english(doc)
        hits = self.matcher.find(doc, ctx) if english else []  # only the safety screen applies
        hits, silenced = silence(doc, hits, self.speaking)
        speaking = decide_speaking(doc, hits, self.speaking, silenced)
        units = ctx.units(doc)
        listening = score_listening(doc, units, hits, self._labels_of, self.weights, features)
        asked = any(u.kind == "request_question" for u in units)
        labels = decide(hits, self.categories, ctx.questions(doc), listening, asked, speaking)
        if not labels.reflection:  # listening cues only show when they made a reflection
            hits = [h for h in hits if h.rule.id not in SUPPORTING_CUES]
        if not listening.advising:  # advice cues only show when they added up to advice
            hits = [h for h in hits if "roadblocks.advising" not in self._labels_of(h)]
        return Analysis(
            text=text,
            context=context,
            language="en" if english else "other",
            style=labels.style,
            pseudo_i_statement=labels.pseudo_i_statement,
            horsemen=labels.horsemen,
            reflection=labels.reflection,
            roadblocks=labels.roadblocks,
            question=labels.question if english else "none",
            request=labels.request,
            crisis=safety.risk,
            tone=measure(text),
            flags=tuple(sorted((*map(_crisis_flag, safety.hits), *(self._flag(doc, text, h) for h in hits)),
                               key=lambda f: (f.start, f.end, f.rule_id))),
            notices=() if english else (NOTICE,),
            model_name=MODEL_NAME,
            rules_version=self.rules_version,
            engine_version=engine_version(MODEL_NAME),
            units=tuple(u.public() for u in units) if english else (),
            decisions=speaking.decisions + (listening.decisions if english else ()),
        )

    def _labels_of(self, hit: Hit) -> tuple[str, ...]:
        return labels_of(hit, self.categories)

    def _flag(self, doc: Doc, text: str, hit: Hit) -> Flag:
        span = doc[hit.start : hit.end]
        start, end = span.start_char, span.end_char
        return Flag(
            rule_id=hit.rule.id,
            category=hit.rule.category,
            start=start,
            end=end,
            text=text[start:end],
            explanation=hit.rule.explain,
            polarity=hit.rule.polarity,
            evidence=hit.evidence,
        )


def _crisis_flag(hit: RiskHit) -> Flag:
    """A safety hit as a flag; its evidence is the kind of risk the screen saw."""
    return Flag(
        rule_id=hit.rule_id,
        category="CRISIS",
        start=hit.start,
        end=hit.end,
        text=hit.text,
        explanation=hit.explanation,
        polarity="note",
        evidence=hit.kind,
    )
