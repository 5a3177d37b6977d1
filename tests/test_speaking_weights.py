"""The speaking side's weights file: every speaking rule is a named cue, and a file
that names a rule that does not exist fails at load with the file's name."""

from __future__ import annotations

import shutil

import pytest

from nlp.errors import RuleFileError
from nlp.ruleset import RULES_DIR, load_categories, load_rules
from nlp.speaking import load_speaking


def test_every_rule_that_supports_a_speaking_label_is_a_named_cue():
    rules, _ = load_rules()
    categories = load_categories()
    weights = load_speaking(rule_ids=frozenset(r.id for r in rules))
    for rule in rules:
        labels = rule.labels if rule.labels is not None else categories[rule.category].labels
        if any(label.startswith(("style.", "horsemen.")) for label in labels):
            assert weights.cue_of(rule.id) is not None, f"{rule.id} is not a cue in weights.yaml"


@pytest.mark.parametrize(("new", "message"), [
    ("rules: [istatement.nope]", "weights.yaml.*istatement.nope"),  # no such rule
    ("rules: [istatement.need, blame.you_absolute]", "blame.you_absolute"),  # a rule in two cues
])
def test_a_bad_weights_file_fails_at_load_with_its_name(tmp_path, new, message):
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    path = folder / "weights.yaml"
    path.write_text(path.read_text().replace("rules: [istatement.need]", new))
    with pytest.raises(RuleFileError, match=message):
        load_speaking(folder, frozenset(r.id for r in load_rules(folder)[0]))
