"""Scenario models, loader, router and the library in exercises/.

Everything here runs instantly with hand-built analyses, except `test_sample`, which is
marked `model` and runs each scenario's sample replies through the real engine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import ValidationError

from coach.scenarios import (
    EXERCISES_DIR,
    MAX_TURNS,
    RELATIONSHIPS,
    SKILLS,
    Condition,
    LoadError,
    Scenario,
    ScenarioError,
    ScenarioLibrary,
    load_library,
    load_scenario,
    next_node_id,
)
from nlp.types import HORSEMEN, ROADBLOCKS, Analysis
from tests.analysis_factory import analysis as neutral_analysis

FIXTURES = Path(__file__).parent / "fixtures" / "scenarios"
LIBRARY = load_library()

NEUTRAL = neutral_analysis("Okay.")


def labels(**changes: object) -> Analysis:
    """A hand-built analysis: neutral, with the given labels changed."""
    return replace(NEUTRAL, **changes)


# --- the loader, on deliberately broken files ---------------------------------------

# file -> (scenario id in the error, field in the error, words in the message)
BROKEN = {
    "bad-yaml.yaml": ("bad-yaml", None, "not valid YAML: line 18"),
    "missing-field.yaml": ("missing-field", "purpose", "required"),
    "bad-enum.yaml": ("bad-enum", "relationship", "'spouse'"),
    "dangling-goto.yaml": ("dangling-goto", "nodes.opening.branches[1].goto", "'nowhere'"),
    "cycle.yaml": ("cycle", "nodes.opening", "loops: opening -> hurt -> opening"),
    "wrong-id.yaml": ("not-the-file-name", "id", "'wrong-id'"),
    "duplicate-node.yaml": ("duplicate-node", None, "duplicate key 'hurt'"),
    "dupe.yml": ("dupe", "id", "another file already uses this id"),
    "unknown-condition.yaml": (
        "unknown-condition",
        "nodes.opening.branches[1].when.mood",
        "unknown field 'mood'; expected one of: style,",
    ),
    "bad-condition-value.yaml": (
        "bad-condition-value",
        "nodes.opening.branches[1].when.roadblocks[2]",
        "'nagging'",
    ),
    "unreachable.yaml": ("unreachable", "nodes.orphan", "unreachable"),
    "no-default.yaml": ("no-default", "nodes.opening", "needs a `default`"),
    "too-many-tips.yaml": ("too-many-tips", "tips", "at most 3"),
    "bad-sample.yaml": ("bad-sample", "samples[1].node", "'nowhere'"),
    "too-long.yaml": ("too-long", "nodes", "5 replies (opening -> two -> three -> four -> five)"),
    "wrong-types.yaml": ("wrong-types", "difficulty", "'hard'"),
    "not-a-mapping.yaml": (None, None, "expected a mapping"),
    "empty.yaml": (None, None, "empty"),
    "non-utf8.yaml": (None, None, "not UTF-8"),
}
GOOD_COPIES = ("partner-dishes.yaml", "other-tutor-thanks.yaml")


@pytest.fixture(scope="module")
def mixed_library(tmp_path_factory: pytest.TempPathFactory) -> ScenarioLibrary:
    """The broken fixtures beside two valid fixtures and copies of two real scenarios."""
    folder = tmp_path_factory.mktemp("scenarios")
    for path in FIXTURES.iterdir():
        shutil.copy(path, folder / path.name)
    for name in GOOD_COPIES:
        shutil.copy(EXERCISES_DIR / name, folder / name)
    (folder / "notes.txt").write_text("not a scenario, ignored")
    return load_library(folder)


def test_good_files_load_beside_broken_ones(mixed_library: ScenarioLibrary) -> None:
    ids = {s.id for s in mixed_library}
    assert ids == {"good-minimal", "dupe", "partner-dishes", "other-tutor-thanks"}


def test_every_broken_file_reports_an_error(mixed_library: ScenarioLibrary) -> None:
    files = {Path(e.file).name for e in mixed_library.errors}
    assert files == set(BROKEN)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_error_names_file_id_and_field(mixed_library: ScenarioLibrary, name: str) -> None:
    scenario_id, field, words = BROKEN[name]
    errors = [e for e in mixed_library.errors if Path(e.file).name == name]
    matching = [e for e in errors if e.field == field and words in e.message]
    assert matching, f"no error with field {field!r} and {words!r} in: {errors}"
    error = matching[0]
    assert error.scenario_id == scenario_id
    line = str(error)
    assert name in line and "\n" not in line
    if scenario_id:
        assert repr(scenario_id) in line
    if field:
        assert repr(field) in line


@pytest.mark.parametrize("name", sorted(set(BROKEN) - {"dupe.yml"}))
def test_load_scenario_raises_a_value_error(name: str) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(FIXTURES / name)
    assert isinstance(info.value, ValueError)
    assert info.value.errors and all(name in str(e) for e in info.value.errors)


def test_wrong_types_reports_every_bad_field() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario(FIXTURES / "wrong-types.yaml")
    assert {e.field for e in info.value.errors} == {"difficulty", "tips"}


def test_missing_folder_is_an_error_not_a_crash(tmp_path: Path) -> None:
    library = load_library(tmp_path / "nope")
    assert library.scenarios == () and "folder not found" in str(library.errors[0])


def test_load_error_reads_as_one_line() -> None:
    error = LoadError("exercises/x.yaml", "x", "nodes.opening.says", "required field is missing")
    assert str(error) == (
        "exercises/x.yaml, scenario 'x', field 'nodes.opening.says': required field is missing"
    )
    assert str(LoadError("x.yaml", None, None, "the file is empty")) == "x.yaml: the file is empty"


# --- models -------------------------------------------------------------------------

MINIMAL = load_scenario(FIXTURES / "good-minimal.yaml")


def test_scenario_is_frozen_and_hashable() -> None:
    with pytest.raises(ValidationError):
        MINIMAL.title = "changed"  # type: ignore[misc]
    assert hash(MINIMAL) == hash(load_scenario(FIXTURES / "good-minimal.yaml"))


def test_graph_helpers() -> None:
    assert MINIMAL.is_branching
    assert MINIMAL.opening == "Hi."
    assert MINIMAL.paths() == (("opening", "hurt"), ("opening", "fine"))
    assert MINIMAL.max_turns == 2
    assert MINIMAL.node("hurt").is_end
    with pytest.raises(KeyError, match="no node 'ghost'"):
        MINIMAL.node("ghost")


def test_sample_node_defaults_to_start() -> None:
    scenario = LIBRARY.get("partner-dishes")
    assert scenario is not None
    assert scenario.samples[0].node == scenario.start


def test_branch_condition_cannot_be_empty() -> None:
    data = MINIMAL.model_dump()
    data["nodes"][0]["branches"][0]["when"] = {}
    with pytest.raises(ValidationError, match="at least one condition"):
        Scenario.model_validate(data)


# --- conditions and routing, on hand-built analyses ------------------------------------


def test_condition_accepts_one_value_or_a_list_or_any() -> None:
    assert Condition(style="blame").style == ("blame",)
    assert Condition(style=["blame", "neutral"]).style == ("blame", "neutral")
    assert Condition(horsemen="any").horsemen == HORSEMEN
    assert Condition(roadblocks="any").roadblocks == ROADBLOCKS
    with pytest.raises(ValidationError):
        Condition(style="any")
    with pytest.raises(ValidationError):
        Condition(roadblocks=[])
    with pytest.raises(ValidationError):
        Condition(reflection="yes")


@pytest.mark.parametrize(
    ("condition", "analysis", "expected"),
    [
        ({"style": "blame"}, labels(style="blame"), True),
        ({"style": "blame"}, labels(style="i_statement"), False),
        ({"style": ["blame", "neutral"]}, labels(), True),
        ({"horsemen": ["criticism"]}, labels(horsemen=("criticism", "contempt")), True),
        ({"horsemen": ["stonewalling"]}, labels(horsemen=("criticism",)), False),
        ({"horsemen": "any"}, labels(horsemen=("defensiveness",)), True),
        ({"horsemen": "any"}, labels(), False),
        ({"roadblocks": "any"}, labels(roadblocks=("advising",)), True),
        ({"reflection": True}, labels(reflection=True), True),
        ({"reflection": False}, labels(reflection=True), False),
        ({"question": "open"}, labels(question="open"), True),
        ({"request": ["request"]}, labels(request="demand"), False),
        ({"crisis": True}, labels(crisis=True), True),
        ({"pseudo_i_statement": True}, labels(style="blame", pseudo_i_statement=True), True),
        ({"style": "blame", "horsemen": "any"}, labels(style="blame"), False),  # keys are ANDed
        ({}, labels(), True),
    ],
)
def test_condition_matches(condition: dict, analysis: Analysis, expected: bool) -> None:
    assert Condition(**condition).matches(analysis) is expected


def test_must_not_forbids_each_key_on_its_own() -> None:
    must_not = Condition(horsemen=["criticism"], roadblocks="any")
    assert must_not.met(labels(roadblocks=("judging",))) == ("roadblocks",)
    assert must_not.met(labels()) == ()
    assert Condition(style="blame", reflection=True).unmet(labels(style="blame")) == ("reflection",)


def test_router_follows_first_matching_branch_then_default() -> None:
    dishes = LIBRARY.get("partner-dishes")
    assert dishes is not None
    assert next_node_id(dishes, "opening", labels(style="blame")) == "defensive"
    assert next_node_id(dishes, "opening", labels(style="i_statement")) == "opens_up"
    assert next_node_id(dishes, "opening", labels()) == "unsure"
    # blame is checked before the request, as the file orders them
    both = labels(style="blame", request="request")
    assert next_node_id(dishes, "opens_up", both) == "escalates"
    assert next_node_id(dishes, "escalates", labels(style="i_statement")) is None


def test_router_is_deterministic() -> None:
    teen = LIBRARY.get("family-teen-school")
    assert teen is not None
    reply = labels(reflection=True, roadblocks=("advising",))
    assert {next_node_id(teen, "opening", reply) for _ in range(20)} == {"shuts_down"}


def test_listening_scenario_routes_reflections_and_roadblocks() -> None:
    teen = LIBRARY.get("family-teen-school")
    assert teen is not None
    assert next_node_id(teen, "opening", labels(reflection=True)) == "says_more"
    assert next_node_id(teen, "opening", labels(roadblocks=("dismissing",))) == "shuts_down"
    assert next_node_id(teen, "opening", labels()) == "guarded"


def test_coach_scenarios_never_import_spacy() -> None:
    code = "import sys, coach.scenarios; print('spacy' in sys.modules)"
    root = Path(__file__).resolve().parent.parent
    run = [sys.executable, "-c", code]
    out = subprocess.run(run, cwd=root, capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "False", out.stderr


# --- the library in exercises/ -----------------------------------------------------


def test_every_exercise_loads() -> None:
    assert LIBRARY.errors == (), "\n".join(map(str, LIBRARY.errors))
    files = sorted(p.stem for p in EXERCISES_DIR.glob("*.y*ml"))
    assert sorted(s.id for s in LIBRARY) == files


def test_library_coverage() -> None:
    assert len(LIBRARY) >= 36
    assert sum(s.is_branching for s in LIBRARY) >= 12
    assert {s.relationship for s in LIBRARY} == set(RELATIONSHIPS)
    assert {s.skill for s in LIBRARY} == set(SKILLS)
    missing = {(r, k) for r in RELATIONSHIPS for k in SKILLS} - {(s.relationship, s.skill) for s in LIBRARY}
    assert not missing, f"no scenario for {sorted(missing)}"
    assert {s.difficulty for s in LIBRARY} == {1, 2, 3}


def test_every_scenario_has_samples_and_short_paths() -> None:
    for scenario in LIBRARY:
        assert scenario.samples, scenario.id
        assert scenario.max_turns <= MAX_TURNS, scenario.id


HURTING = (
    Condition(style="blame"),
    Condition(horsemen="any"),
    Condition(roadblocks="any"),
    Condition(request="demand"),
)


def test_every_branching_scenario_reacts_to_a_hurtful_reply() -> None:
    """Counterparts that always cooperate teach little: some branch must punish a
    blaming, contemptuous, roadblocking or demanding reply."""
    for scenario in (s for s in LIBRARY if s.is_branching):
        whens = [b.when for n in scenario.nodes for b in n.branches]
        hurt = [w for w in whens if any(_overlaps(w, h) for h in HURTING)]
        assert hurt, f"{scenario.id}: no branch reacts to a hurtful reply"


def _overlaps(when: Condition, hurting: Condition) -> bool:
    return any(set(getattr(when, key) or ()) & set(getattr(hurting, key)) for key in hurting.keys)


def test_library_get_and_filter() -> None:
    assert LIBRARY.get("partner-dishes") is not None
    assert LIBRARY.get("no-such-scenario") is None
    partner = LIBRARY.filter(relationship="partner")
    assert partner and all(s.relationship == "partner" for s in partner)
    both = LIBRARY.filter(relationship="work", skill="repair", difficulty=2)
    assert [s.id for s in both] == ["work-standup-snap"]
    assert LIBRARY.filter() == LIBRARY.scenarios
    with pytest.raises(ValueError, match="unknown relationship 'Partner'"):
        LIBRARY.filter(relationship="Partner")


# --- samples through the real engine ----------------------------------------------

SAMPLES = [
    pytest.param(scenario, i, id=f"{scenario.id}:sample{i}")
    for scenario in LIBRARY
    for i in range(1, len(scenario.samples) + 1)
]


@pytest.mark.model
@pytest.mark.parametrize(("scenario", "number"), SAMPLES)
def test_sample(scenario: Scenario, number: int) -> None:
    import nlp

    sample = scenario.samples[number - 1]
    analysis = nlp.analyze(sample.text, context=scenario.node(sample.node).says)
    unmet, met = sample.must.unmet(analysis), sample.must_not.met(analysis)
    assert not unmet and not met, (
        f"{sample.text!r}\n  must {sample.must.describe()} (unmet: {unmet})"
        f"\n  must_not {sample.must_not.describe()} (present: {met})"
        f"\n  got {_summary(analysis)}"
    )


def _summary(a: Analysis) -> str:
    return (
        f"style={a.style} pseudo={a.pseudo_i_statement} reflection={a.reflection} "
        f"horsemen={list(a.horsemen)} roadblocks={list(a.roadblocks)} "
        f"question={a.question} request={a.request} crisis={a.crisis}"
    )
