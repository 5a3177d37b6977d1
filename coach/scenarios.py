"""Practice scenarios: the YAML files in `exercises/`, loaded into frozen models.

A scenario is a short scripted conversation. Every line the other person says is in the
file; which one comes next is picked by rules on the `Analysis` of the user's reply
(`next_node_id`), so a run is deterministic. A bad file becomes a `LoadError` that names
the file, the scenario id and the field; the rest of the library still loads.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    ValidationError,
    model_validator,
)

from coach.safe_yaml import UnsafeYamlError, check_size, load_untrusted
from coach.scenario_router import (
    MAX_TURNS,
    Branch,
    Condition,
    GraphError,
    Node,
    NodeId,
    all_paths,
    graph_problems,
)

if TYPE_CHECKING:
    from nlp.types import Analysis

__all__ = [
    "EXERCISES_DIR",
    "MAX_TURNS",
    "RELATIONSHIPS",
    "SKILLS",
    "Branch",
    "Condition",
    "LoadError",
    "Node",
    "Person",
    "Sample",
    "Scenario",
    "ScenarioError",
    "ScenarioLibrary",
    "load_library",
    "load_scenario",
    "next_node_id",
]

log = logging.getLogger(__name__)

EXERCISES_DIR = Path(__file__).resolve().parent.parent / "exercises"
RELATIONSHIPS: dict[str, str] = {
    "partner": "Partner",
    "family": "Family",
    "friend_or_roommate": "Friend or roommate",
    "work": "Work",
    "co_parenting": "Co-parenting",
    "other": "Someone else (a neighbour, a coach, a doctor…)",
}
SKILLS: dict[str, str] = {
    "speak_up": "Speak up with an I-statement",
    "listen_reflect": "Listen and reflect",
    "respond_to_criticism": "Respond to criticism without defending",
    "make_request": "Make a request",
    "appreciation": "Express appreciation",
    "repair": "Repair after a rupture",
}

Relationship = Literal[tuple(RELATIONSHIPS)]  # type: ignore[valid-type]
Skill = Literal[tuple(SKILLS)]  # type: ignore[valid-type]
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _text(max_length: int, one_line: bool = False) -> Any:
    rule = StringConstraints(
        strip_whitespace=True,
        min_length=1,
        max_length=max_length,
        pattern=r"^[^\n]*$" if one_line else None,
    )
    return Annotated[str, rule]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Person(_Frozen):
    name: _text(40, one_line=True)
    role: _text(80, one_line=True)


class Sample(_Frozen):
    """A reply with the labels the engine must and must not give it (a test runs it)."""

    text: _text(600)
    node: NodeId
    must: Condition = Condition()
    must_not: Condition = Condition()

    @model_validator(mode="after")
    def _tests_something(self) -> Sample:
        if self.must.is_empty and self.must_not.is_empty:
            raise ValueError("a sample needs `must` or `must_not` (or both)")
        return self


class Scenario(_Frozen):
    id: Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]
    title: _text(80, one_line=True)
    relationship: Relationship
    skill: Skill
    difficulty: StrictInt = Field(ge=1, le=3)
    other_person: Person
    setting: _text(300)
    purpose: _text(200, one_line=True)
    tips: tuple[_text(200), ...] = Field(min_length=1, max_length=3)
    start: NodeId
    nodes: tuple[Node, ...] = Field(min_length=1)
    samples: tuple[Sample, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_file_shape(cls, data: Any) -> Any:
        """In the file `nodes` maps id -> node, and a sample's node defaults to `start`."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if isinstance(data.get("nodes"), dict):
            data["nodes"] = [
                {"id": key, **body} if isinstance(body, dict) else body for key, body in data["nodes"].items()
            ]
        if isinstance(data.get("samples"), list) and isinstance(data.get("start"), str):
            data["samples"] = [
                {"node": data["start"], **s} if isinstance(s, dict) else s for s in data["samples"]
            ]
        return data

    @model_validator(mode="after")
    def _check_graph(self) -> Scenario:
        problems = graph_problems(self.start, self.nodes)
        known = {n.id for n in self.nodes}
        for i, sample in enumerate(self.samples, start=1):
            if sample.node not in known:
                problems.append((f"samples[{i}].node", f"no node {sample.node!r}"))
        if problems:
            raise GraphError(problems)
        return self

    def node(self, node_id: str) -> Node:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(f"scenario {self.id!r} has no node {node_id!r}")

    @property
    def opening(self) -> str:
        """The other person's first line."""
        return self.node(self.start).says

    @property
    def is_branching(self) -> bool:
        """Whether the other person's next line depends on the reply."""
        return any(node.branches for node in self.nodes)

    def paths(self) -> tuple[tuple[str, ...], ...]:
        """Every conversation from start to an end, as node ids (one per user turn)."""
        return all_paths(self.start, self.nodes)

    @property
    def max_turns(self) -> int:
        """User replies in the longest conversation."""
        return max(len(p) for p in self.paths())


def next_node_id(scenario: Scenario, node_id: str, analysis: Analysis) -> str | None:
    """Where the talk goes after a reply to `node_id`; None means the conversation ends."""
    return scenario.node(node_id).route(analysis)


@dataclass(frozen=True)
class LoadError:
    """One problem in one scenario file. List positions in `field` count from 1."""

    file: str
    scenario_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.scenario_id:
            where.append(f"scenario {self.scenario_id!r}")
        if self.field:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}"


class ScenarioError(ValueError):
    """A scenario file could not be loaded; `errors` holds each problem."""

    def __init__(self, errors: list[LoadError]) -> None:
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass(frozen=True)
class ScenarioLibrary:
    scenarios: tuple[Scenario, ...] = ()
    errors: tuple[LoadError, ...] = ()

    def __len__(self) -> int:
        return len(self.scenarios)

    def __iter__(self) -> Iterator[Scenario]:
        return iter(self.scenarios)

    def get(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)

    def filter(
        self,
        relationship: str | None = None,
        skill: str | None = None,
        difficulty: int | None = None,
    ) -> tuple[Scenario, ...]:
        """Scenarios matching every filter given (None means any)."""
        _check_choice("relationship", relationship, RELATIONSHIPS)
        _check_choice("skill", skill, SKILLS)
        _check_choice("difficulty", difficulty, (1, 2, 3))
        return tuple(
            s
            for s in self.scenarios
            if relationship in (None, s.relationship)
            and skill in (None, s.skill)
            and difficulty in (None, s.difficulty)
        )


def _check_choice(name: str, value: object, allowed: Any) -> None:
    if value is not None and value not in allowed:
        raise ValueError(f"unknown {name} {value!r}; expected one of {', '.join(map(str, allowed))}")


def load_library(folder: Path = EXERCISES_DIR) -> ScenarioLibrary:
    """Every `*.yaml` / `*.yml` scenario in `folder`; bad files go to `errors`."""
    folder = Path(folder)
    if not folder.is_dir():
        return ScenarioLibrary(errors=(LoadError(str(folder), None, None, "folder not found"),))
    scenarios: dict[str, Scenario] = {}
    errors: list[LoadError] = []
    paths = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    for path in paths:
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            errors.extend(exc.errors)
            continue
        if scenario.id in scenarios:
            message = "another file already uses this id; each scenario needs its own id"
            errors.append(LoadError(str(path), scenario.id, "id", message))
            continue
        scenarios[scenario.id] = scenario
    for error in errors:
        log.warning("scenario not loaded: %s", error)
    return ScenarioLibrary(tuple(scenarios.values()), tuple(errors))


def load_scenario(path: Path) -> Scenario:
    """One scenario file, validated; raises ScenarioError naming file, id and field."""
    path = Path(path)
    raw = _read_yaml(path)
    scenario_id = raw.get("id") if isinstance(raw.get("id"), str) else None
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        raise ScenarioError(_explain(exc, path, scenario_id, raw)) from None
    if scenario.id != path.stem:
        message = f"the id must equal the file name without extension ({path.stem!r})"
        raise ScenarioError([LoadError(str(path), scenario.id, "id", message)])
    return scenario


def _read_yaml(path: Path) -> dict[str, Any]:
    def fail(message: str, scenario_id: str | None = None) -> ScenarioError:
        return ScenarioError([LoadError(str(path), scenario_id, None, message)])

    try:
        check_size(path.stat().st_size)
        data = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read the file ({exc.strerror})") from None
    except UnsafeYamlError as exc:
        raise fail(str(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise fail(
            f"not UTF-8 text (byte {exc.object[exc.start]:#x} at position {exc.start}); "
            "save the file as UTF-8"
        ) from None
    try:
        raw = load_untrusted(text)
    except UnsafeYamlError as exc:
        raise fail(str(exc), _guess_id(text)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise fail(f"not valid YAML: {where}{' '.join(problem.split())}", _guess_id(text)) from None
    if raw is None:
        raise fail("the file is empty")
    if not isinstance(raw, dict):
        raise fail(f"expected a mapping of fields (id: …, title: …), got a {type(raw).__name__}")
    return raw


def _guess_id(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("id:"):
            return line[3:].split("#")[0].strip().strip("'\"") or None
    return None


_MODEL_UNDER: dict[str | None, type[BaseModel]] = {
    "other_person": Person,
    "nodes": Node,
    "branches": Branch,
    "when": Condition,
    "must": Condition,
    "must_not": Condition,
    "samples": Sample,
}


def _explain(
    exc: ValidationError, path: Path, scenario_id: str | None, raw: dict[str, Any]
) -> list[LoadError]:
    """Turn pydantic's errors into LoadErrors with readable field paths and messages."""
    node_ids = list(raw["nodes"]) if isinstance(raw.get("nodes"), dict) else []
    out: list[LoadError] = []
    for err in exc.errors():
        field = _field_path(err["loc"], node_ids)
        cause = err.get("ctx", {}).get("error")
        if isinstance(cause, GraphError):
            for sub_field, message in cause.problems:
                full = f"{field}.{sub_field}" if field else sub_field
                out.append(LoadError(str(path), scenario_id, full, message))
            continue
        out.append(LoadError(str(path), scenario_id, field or None, _message(err)))
    return out


def _field_path(loc: tuple[Any, ...], node_ids: list[Any]) -> str:
    parts: list[str] = []
    for i, part in enumerate(loc):
        if part == "[key]":  # pydantic's marker after a bad mapping key, shown as is
            continue
        if i + 1 < len(loc) and loc[i + 1] == "[key]":
            parts.append(f".{part}")
        elif isinstance(part, int):
            if i == 1 and loc[0] == "nodes" and part < len(node_ids):
                parts.append(f".{node_ids[part]}")
            else:
                parts.append(f"[{part + 1}]")
        else:
            parts.append(f".{part}")
    return "".join(parts).lstrip(".")


def _message(err: Any) -> str:
    kind, loc = err["type"], [p for p in err["loc"] if isinstance(p, str)]
    got = f"; got {_short(err['input'])}" if "input" in err else ""
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        model = _MODEL_UNDER.get(loc[-2] if len(loc) > 1 else None, Scenario)
        allowed = [k for k in model.model_fields if not (model is Node and k == "id")]
        return f"unknown field {loc[-1]!r}; expected one of: {', '.join(allowed)}"
    if kind == "string_pattern_mismatch":
        if loc == ["id"]:
            return f"use lower-case letters, digits and hyphens (e.g. partner-dishes){got}"
        if loc[-1] in ("start", "default", "goto", "node", "id"):
            return f"a node id uses lower-case letters, digits and _ (e.g. opens_up){got}"
        return f"must be a single line{got}"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    message = err["msg"][:1].lower() + err["msg"][1:]
    return f"{message.replace('tuple', 'list')}{got}"  # YAML has lists, not tuples


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"
