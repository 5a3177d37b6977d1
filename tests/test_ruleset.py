"""Rule-file loading: regressions for bugs seen while writing the rules."""

from pathlib import Path

import pytest

from nlp.errors import RuleFileError
from nlp.ruleset import RULES_DIR, load_categories, load_rules

RULE = """\
rules:
  - id: test.words_stay_words
    category: ADVISING
    polarity: hurts
    kind: token
    patterns:
      - [{{LOWER: {{IN: [{words}]}}}}]
    explain: A rule whose pattern lists words YAML 1.1 would turn into booleans.
    examples:
      match: [on]
      no_match: [off the record]
"""


def test_yes_no_on_off_stay_words_in_rule_patterns(tmp_path: Path):
    # Regression: plain safe_load read `on`, `off`, `yes`, `no` as booleans and spaCy
    # rejected the pattern ("Input should be a valid string").
    (tmp_path / "categories.yaml").write_text((RULES_DIR / "categories.yaml").read_text())
    (tmp_path / "words.yaml").write_text(RULE.format(words="on, off, yes, no, y, n"))
    rules, _ = load_rules(tmp_path)
    assert rules[0].patterns[0][0]["LOWER"]["IN"] == ["on", "off", "yes", "no", "y", "n"]
    assert rules[0].source == "words.yaml"


def test_true_and_false_are_still_booleans(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text(RULE.format(words="fine").replace("kind: token", "kind: true"))
    with pytest.raises(RuleFileError, match=r"bad\.yaml: rule 'test\.words_stay_words', field 'kind'"):
        load_rules(tmp_path)


def test_every_category_names_known_labels():
    prefixes = ("style.", "horsemen.", "roadblocks.", "request.", "reflection.", "crisis")
    for name, spec in load_categories().items():
        assert spec.name, name
        assert all(label.startswith(prefixes) for label in spec.labels), name
