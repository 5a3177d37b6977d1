"""The speaking side decided by evidence: style, pseudo_i_statement and the four
horsemen, each a score over named cues (nlp/evidence.py) with the weights and
thresholds in nlp/rules/weights.yaml (`speaking:`).

Two checks that need more than one hit at a time also live here:
- sarcasm silences praise: thanks or "I appreciate" in a sentence that a sarcasm rule
  fired in is not appreciation, so it is neither flagged nor credited;
- an owned feeling whose situation slot holds an insult or a label ("When you were a
  lazy slob yesterday, I felt…") is not credited as an I-statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError
from spacy.tokens import Doc

from nlp.errors import RuleFileError
from nlp.evidence import Cue, Decision, decide_by_score
from nlp.matching import Hit
from nlp.ruleset import RULES_DIR
from nlp.types import HORSEMEN

SARCASM = "sarcasm in the same sentence"
ATTACK_IN_SITUATION = "an insult or label in the situation it describes"
SITUATION_OPENERS = frozenset({"when", "whenever", "if", "after", "every", "each"})


class CueSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    weight: float
    labels: tuple[str, ...] = Field(min_length=1)
    rules: tuple[str, ...] = Field(min_length=1)


class Thresholds(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    i_statement: float
    blame_margin: float
    pseudo: float
    horseman: float


class SpeakingWeights(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    cues: dict[str, CueSpec]
    thresholds: Thresholds
    situation_vetoes: tuple[str, ...] = ()
    supporting_only: tuple[str, ...] = ()
    sarcasm_rules: tuple[str, ...] = ()
    praise_rules: tuple[str, ...] = ()
    _by_rule: dict[str, tuple[str, CueSpec]] = PrivateAttr(default_factory=dict)

    def cue_of(self, rule_id: str) -> tuple[str, CueSpec] | None:
        return self._by_rule.get(rule_id)

    def model_post_init(self, _context: object) -> None:
        by_rule: dict[str, tuple[str, CueSpec]] = {}
        for name, spec in self.cues.items():
            for rule_id in spec.rules:
                if rule_id in by_rule:
                    raise ValueError(f"rule '{rule_id}' is in cues '{by_rule[rule_id][0]}' and '{name}'")
                by_rule[rule_id] = (name, spec)
        self._by_rule = by_rule
        unknown = [v for v in (*self.situation_vetoes, *self.supporting_only) if v not in self.cues]
        if unknown:
            raise ValueError(f"situation_vetoes / supporting_only name unknown cues {unknown}")


def load_speaking(folder: Path = RULES_DIR, rule_ids: frozenset[str] | None = None) -> SpeakingWeights:
    path = folder / "weights.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        weights = SpeakingWeights.model_validate((data or {}).get("speaking"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RuleFileError(f"{path.name}: cannot be read ({exc})") from exc
    except (ValidationError, ValueError) as exc:
        raise RuleFileError(f"{path.name}: speaking: {exc}") from exc
    if rule_ids is not None:
        named = {r for spec in weights.cues.values() for r in spec.rules}
        named |= set(weights.sarcasm_rules) | set(weights.praise_rules)
        missing = sorted(named - rule_ids)
        if missing:
            raise RuleFileError(f"{path.name}: speaking names rules that do not exist: {missing}")
    return weights


@dataclass(frozen=True, slots=True)
class SpeakingLabels:
    style: str
    pseudo_i_statement: bool
    horsemen: tuple[str, ...]
    decisions: tuple[Decision, ...]


def _sentence_of(doc: Doc, hit: Hit) -> int:
    return doc[hit.start].sent.start


def silence(doc: Doc, hits: list[Hit], weights: SpeakingWeights) -> tuple[list[Hit], list[tuple[Hit, str]]]:
    """(hits kept, (hit, why) silenced): praise in a sentence a sarcasm rule fired in,
    and owning words whose situation slot holds an attack. Silenced hits are neither
    flagged nor credited; they show in the decisions as vetoed cues."""
    sarcastic = {_sentence_of(doc, h) for h in hits if h.rule.id in weights.sarcasm_rules}
    attacks = [h for h in hits if (weights.cue_of(h.rule.id) or ("",))[0] in weights.situation_vetoes]
    silenced: list[tuple[Hit, str]] = []
    for hit in hits:
        named = weights.cue_of(hit.rule.id)
        if hit.rule.id in weights.praise_rules and _sentence_of(doc, hit) in sarcastic:
            silenced.append((hit, SARCASM))
        elif named and "style.i_statement" in named[1].labels and _situation_veto(doc, hit, attacks):
            silenced.append((hit, ATTACK_IN_SITUATION))
    dropped = {id(h) for h, _ in silenced}
    return [h for h in hits if id(h) not in dropped], silenced


def _cue(doc: Doc, name: str, weight: float, hit: Hit, vetoed_by: str = "") -> Cue:
    span = doc[hit.start : hit.end]
    return Cue(f"speaking.{name}", weight, span.start_char, span.end_char, span.text, vetoed_by)


def _situation_veto(doc: Doc, hit: Hit, attacks: list[Hit]) -> bool:
    """An attack sits in the when/if clause that opens this feeling's sentence."""
    sent = doc[hit.start].sent
    if sent[0].lower_ not in SITUATION_OPENERS:
        return False
    return any(sent.start <= a.start < hit.start for a in attacks)


def decide_speaking(doc: Doc, hits: list[Hit], weights: SpeakingWeights,
                    silenced: list[tuple[Hit, str]] = ()) -> SpeakingLabels:
    cues: dict[str, list[Cue]] = {}
    for hit, veto in [(h, "") for h in hits] + list(silenced):
        named = weights.cue_of(hit.rule.id)
        if named is None:
            continue
        name, spec = named
        for label in spec.labels:
            cues.setdefault(label, []).append(_cue(doc, name, spec.weight, hit, veto))
    t = weights.thresholds
    owned = cues.get("style.i_statement", [])
    defensive = cues.get("style.defensive", [])
    blame_cues = cues.get("style.blame", [])
    blame = decide_by_score("style.blame", tuple(blame_cues + [_negate(c) for c in owned] + defensive),
                            t.blame_margin)
    if not any(not c.vetoed_by for c in blame_cues):
        blame = _no(blame, "no blame cue")
    i_statement = decide_by_score("style.i_statement", tuple(owned + [_negate(c) for c in defensive]),
                                  t.i_statement)
    supporting = {f"speaking.{name}" for name in weights.supporting_only}
    if i_statement.value == "1" and all(c.name in supporting for c in i_statement.counted if c.weight > 0):
        i_statement = _no(i_statement, "only supporting cues")
    style = "blame" if blame.value == "1" else "i_statement" if i_statement.value == "1" else "neutral"
    pseudo = decide_by_score("pseudo_i_statement", tuple(cues.get("style.pseudo", [])), t.pseudo)
    if style != "blame" and pseudo.value == "1":
        pseudo = _no(pseudo, "not blame overall")
    horsemen = [decide_by_score(f"horsemen.{h}", tuple(cues.get(f"horsemen.{h}", [])), t.horseman) for h in HORSEMEN]
    decisions = [blame, i_statement, pseudo, *horsemen]
    if any(h.rule.id in weights.sarcasm_rules for h in hits):
        sarcasm = [_cue(doc, "sarcasm", 1.0, h) for h in hits if h.rule.id in weights.sarcasm_rules]
        sarcasm += [_cue(doc, "praise", 0.0, h, why) for h, why in silenced if why == SARCASM]
        decisions.append(decide_by_score("sarcasm", tuple(sarcasm), 1.0))
    return SpeakingLabels(
        style=style,
        pseudo_i_statement=pseudo.value == "1",
        horsemen=tuple(h for h, d in zip(HORSEMEN, horsemen, strict=True) if d.value == "1"),
        decisions=tuple(decisions),
    )


def _negate(cue: Cue) -> Cue:
    return Cue(cue.name, -cue.weight, cue.start, cue.end, cue.text, cue.vetoed_by)


def _no(decision: Decision, reason: str) -> Decision:
    return Decision(decision.label, "0", decision.score, decision.threshold, decision.cues, decision.unit,
                    f"{decision.reason}; {reason}")
