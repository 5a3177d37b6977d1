"""Every rule against its own match / no-match examples (from its YAML)."""

import pytest

from nlp.ruleset import load_rules

RULES, _ = load_rules()
CASES = [
    pytest.param(rule.id, ex.text, ex.context, expected, ex.span, id=f"{rule.id}:{kind}{i}")
    for rule in RULES
    for kind, expected, examples in (("match", True, rule.examples.match), ("no_match", False, rule.examples.no_match))
    for i, ex in enumerate(examples)
]


@pytest.mark.model
@pytest.mark.parametrize(("rule_id", "text", "context", "expected", "span"), CASES)
def test_rule_example(analyzer, rule_id, text, context, expected, span):
    result = analyzer.analyze(text, context=context)
    fired = [f for f in result.flags if f.rule_id == rule_id]
    # Listening cues are shown only when they add up to a reflection; check the raw hit.
    if not fired and expected and rule_id in ("reflection.echo", "reflection.second_person"):
        from nlp.parse_rules import RuleContext

        doc = analyzer.nlp(text)
        ctx = RuleContext(analyzer.resources, context=analyzer.context(context))
        fired = [h for h in analyzer.matcher.find(doc, ctx) if h.rule.id == rule_id]
    assert bool(fired) == expected, [(f.rule_id, f.text) for f in result.flags]
    if span is not None:
        assert span in [f.text for f in fired], [(f.rule_id, f.text) for f in fired]
    for flag in result.flags:
        assert result.text[flag.start : flag.end] == flag.text
