"""`python -m coach analyze --explain`: every cue, its weight, every guard veto, every label.

A developer's trace, so rule ids and guard names are shown on purpose (the app never
shows them). It reads the engine's own structures: the matcher's candidates before the
guards, each rule's weight and labels, `Analysis.decisions` and `Analysis.units` when
the engine records them, and the coach's judgement for the turn.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from coach.feedback import build_feedback
from coach.task import Turn
from nlp.types import Analysis

logger = logging.getLogger(__name__)


def explain_lines(analyzer: Any, analysis: Analysis, turn: Turn) -> list[str]:
    """The trace for one reply, after the ordinary report."""
    lines = ["", "Matches (before guards)"]
    lines += _matches(analyzer, analysis)
    decisions = getattr(analysis, "decisions", ()) or ()
    lines += ["", "How each label was decided"]
    if decisions:  # labels the engine scores over named cues, cue by cue
        lines += _decisions(decisions) + ["", "  Rule weights per label (labels decided from flags)"]
    lines += _weights(analyzer, analysis)
    units = getattr(analysis, "units", ()) or ()
    if units:
        lines += ["", "Units"]
        lines += [
            f"  [{i}] {getattr(u, 'kind', '?'):<18}{getattr(u, 'text', '')!r}" for i, u in enumerate(units)
        ]
    lines += ["", "Coach"] + _coach(analysis, turn)
    return lines


def _why(name: str, doc: str | None) -> str:
    """A guard's reason: the first line of its docstring, else read from its name."""
    if doc and doc.strip():
        return doc.strip().splitlines()[0]
    words = name.replace("_", " ")
    if name.startswith("not_"):
        return f"keeps a match only when it is not {words[4:]}"
    return f"keeps a match only when it is {words}"


def _matches(analyzer: Any, analysis: Analysis) -> list[str]:
    """Each candidate match: kept, or vetoed by which guard and why."""
    try:
        from nlp.guards import GUARDS
        from nlp.normalise import normalise_contractions
        from nlp.parse_rules import RuleContext

        doc = analyzer.nlp(analysis.text)
        normalise_contractions(doc)
        features = analyzer.context(analysis.context)
        try:
            ctx = RuleContext(analyzer.resources, context=features, context_text=analysis.context if features else None)
        except TypeError:  # an engine whose rules do not read their words
            ctx = RuleContext(analyzer.resources, context=features)
        hits = analyzer.matcher.candidates(doc, ctx)
    except (AttributeError, ImportError, TypeError) as exc:  # an engine without a matcher trace
        logger.info("no match trace: %s", exc)
        return ["  (this engine does not expose its matches)"]
    shown = {(f.rule_id, f.start, f.end) for f in analysis.flags}
    lines = []
    for hit in sorted(hits, key=lambda h: (h.start, h.end, h.rule.id)):
        span = doc[hit.start : hit.end]
        rule = hit.rule
        head = f"  {span.text!r}  {rule.id}  {rule.category}  weight {rule.weight:g}"
        vetoes = [g for g in rule.guards if not GUARDS[g](doc, hit.start, hit.end)]
        if vetoes:
            lines.append(f"  x{head[1:]}")
            lines += [f"      vetoed by guard {g}: {_why(g, GUARDS[g].__doc__)}" for g in vetoes]
            continue
        kept = (rule.id, span.start_char, span.end_char) in shown
        lines.append(f"  {'+' if kept else '~'}{head[1:]}")
        if hit.evidence:
            lines.append(f"      evidence: {hit.evidence}")
        if not kept:
            same_rule = any(
                f.rule_id == rule.id and f.start < span.end_char and span.start_char < f.end for f in analysis.flags
            )
            why = (
                "overlaps a longer match of the same rule"
                if same_rule
                else "silenced (see the decisions) or a cue for a label that was not decided"
            )
            lines.append(f"      passed its guards but is not a flag: {why}")
    return lines or ["  (no rule matched)"]


def _weights(analyzer: Any, analysis: Analysis) -> list[str]:
    """Older engines: each label's summed rule weights, then the labels as decided."""
    rules = getattr(getattr(analyzer, "matcher", None), "rules", {}) or {}
    categories = getattr(analyzer, "categories", {}) or {}
    totals: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for flag in analysis.flags:
        rule = rules.get(flag.rule_id)
        if rule is None:
            continue
        labels = rule.labels if rule.labels is not None else getattr(categories.get(rule.category), "labels", ())
        for label in labels:
            totals[label].append((flag.rule_id, rule.weight))
    lines = [
        f"  {label:<28}{sum(w for _, w in parts):g}  ({', '.join(f'{r} +{w:g}' for r, w in parts)})"
        for label, parts in sorted(totals.items())
    ] or ["  (no flag carries a label weight)"]
    lines.append(
        f"  decided: style={analysis.style}, horsemen={list(analysis.horsemen)}, "
        f"roadblocks={list(analysis.roadblocks)}, reflection={analysis.reflection}, "
        f"question={analysis.question}, request={analysis.request}, crisis={analysis.crisis}"
    )
    return lines


def _decisions(decisions: tuple[Any, ...]) -> list[str]:
    lines = []
    for d in decisions:
        unit = f" (unit {d.unit})" if getattr(d, "unit", -1) >= 0 else ""
        lines.append(
            f"  {d.label} = {d.value}{unit}: score {d.score:g}, threshold {d.threshold:g}"
            f"{' — ' + d.reason if getattr(d, 'reason', '') else ''}"
        )
        for c in getattr(d, "cues", ()):
            words = f" {c.text!r}" if getattr(c, "text", "") else ""
            if getattr(c, "vetoed_by", ""):
                lines.append(f"      x {c.name} {c.weight:+g}{words}  vetoed by {c.vetoed_by}")
            else:
                lines.append(f"      + {c.name} {c.weight:+g}{words}")
    return lines


def _coach(analysis: Analysis, turn: Turn) -> list[str]:
    if analysis.crisis:
        return ["  safety screen: coaching stops and the help notice is shown"]
    feedback = build_feedback(analysis, turn=turn)
    judged = feedback.judged
    mode = "listening" if judged and judged.listening else "not listening"
    lines = [f"  skill: {turn.skill or 'none given'} ({mode} turn)"]
    for dropped in judged.dropped if judged else ():
        flag = dropped.flag
        lines.append(f"  - {flag.text!r} {flag.category} ({flag.rule_id}) dropped: {dropped.reason}")
    by_span = {(f.rule_id, f.start, f.end): f for f in analysis.flags}
    for flag in judged.flags if judged else ():
        original = by_span.get((flag.rule_id, flag.start, flag.end))
        if original and original.category != flag.category:
            lines.append(
                f"  ~ {flag.text!r} {original.category} -> {flag.category} ({flag.rule_id}): "
                "a feeling they never named"
            )
    if judged and judged.echoed:
        lines.append(f"  their words carried over: {', '.join(judged.echoed)}")
    if feedback.verdict:
        lines.append(f"  verdict: {feedback.verdict.polarity}: {feedback.verdict.headline}")
    return lines
