"""The conversation graph of a scenario: conditions, branches, nodes, and their checks.

A `Condition` is plain data from a scenario file (`when`, `must`, `must_not`). Every key
names one attribute of `nlp.types.Analysis`; the keys given are ANDed. Matching reads
only those attributes, so tests can route hand-built analyses with no model loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    StrictBool,
    StringConstraints,
    field_validator,
    model_validator,
)

from nlp.types import HORSEMEN, ROADBLOCKS, QuestionKind, RequestKind, Style

if TYPE_CHECKING:
    from collections.abc import Sequence

    from nlp.types import Analysis

MAX_TURNS = 4  # user replies in the longest conversation (from the product spec)
NodeId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]

# Literal[tuple] expands to the tuple's members, so the vocabulary stays the engine's own.
Horseman = Literal[HORSEMEN]  # type: ignore[valid-type]
Roadblock = Literal[ROADBLOCKS]  # type: ignore[valid-type]

CONDITION_KEYS = (
    "style",
    "pseudo_i_statement",
    "reflection",
    "horsemen",
    "roadblocks",
    "question",
    "request",
    "crisis",
)
_LIST_KEYS = ("style", "horsemen", "roadblocks", "question", "request")
_ANY = {"horsemen": HORSEMEN, "roadblocks": ROADBLOCKS}


class Condition(BaseModel):
    """Tests on one reply's analysis. Each key given must hold; an empty condition holds.

    - `style`, `question`, `request`: one value or a list (the reply has any of them).
    - `horsemen`, `roadblocks`: a list (the reply has at least one of them) or `any`.
    - `pseudo_i_statement`, `reflection`, `crisis`: true or false.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    style: tuple[Style, ...] | None = None
    pseudo_i_statement: StrictBool | None = None
    reflection: StrictBool | None = None
    horsemen: tuple[Horseman, ...] | None = None
    roadblocks: tuple[Roadblock, ...] | None = None
    question: tuple[QuestionKind, ...] | None = None
    request: tuple[RequestKind, ...] | None = None
    crisis: StrictBool | None = None

    @field_validator(*_LIST_KEYS, mode="before")
    @classmethod
    def _one_or_many(cls, value: Any, info: Any) -> Any:
        """Accept a single value for a list key, and `any` for horsemen and roadblocks."""
        if isinstance(value, str):
            if value == "any" and info.field_name in _ANY:
                return _ANY[info.field_name]
            return (value,)
        if isinstance(value, list | tuple) and not value:
            raise ValueError("give at least one value, or leave the key out")
        return value

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys this condition tests, in the canonical order."""
        return tuple(k for k in CONDITION_KEYS if getattr(self, k) is not None)

    @property
    def is_empty(self) -> bool:
        return not self.keys

    def holds(self, key: str, analysis: Analysis) -> bool:
        """Whether one key of this condition holds for `analysis`."""
        wanted = getattr(self, key)
        actual = getattr(analysis, key)
        if key in ("horsemen", "roadblocks"):
            return any(item in actual for item in wanted)
        if key in _LIST_KEYS:
            return actual in wanted
        return bool(actual) == wanted

    def matches(self, analysis: Analysis) -> bool:
        """All keys hold (an empty condition always matches)."""
        return all(self.holds(key, analysis) for key in self.keys)

    def unmet(self, analysis: Analysis) -> tuple[str, ...]:
        """Keys that do not hold: what a `must` condition reports when it fails."""
        return tuple(k for k in self.keys if not self.holds(k, analysis))

    def met(self, analysis: Analysis) -> tuple[str, ...]:
        """Keys that hold: what a `must_not` condition reports when it fails.

        `must_not: {horsemen: [criticism], style: blame}` forbids each key on its own.
        """
        return tuple(k for k in self.keys if self.holds(k, analysis))

    def describe(self) -> str:
        """A compact one-line form, e.g. `style=blame; roadblocks=advising|judging`."""
        parts = []
        for key in self.keys:
            value = getattr(self, key)
            shown = "|".join(value) if isinstance(value, tuple) else str(value).lower()
            parts.append(f"{key}={shown}")
        return "; ".join(parts) or "(always)"


class Branch(BaseModel):
    """If the reply matches `when`, the other person says node `goto` next.

    `example` is a reply a real person might give that clearly meets `when`; a test
    runs it through the engine to check the branch can be reached.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    when: Condition
    goto: NodeId
    example: Line | None = None

    @field_validator("when")
    @classmethod
    def _not_empty(cls, value: Condition) -> Condition:
        if value.is_empty:
            raise ValueError("a branch needs at least one condition; use the node's `default`")
        return value


def choose_branch(branches: Sequence[Branch], analysis: Analysis) -> Branch | None:
    """The first branch whose condition matches, or None (then the default applies)."""
    return next((b for b in branches if b.when.matches(analysis)), None)


class Node(BaseModel):
    """One line the other person says, and where the talk goes after the user's reply.

    No branches and no default: the conversation ends after the user answers this line.
    A default with no branches moves on whatever the reply.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: NodeId
    says: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
    branches: tuple[Branch, ...] = ()
    default: NodeId | None = None
    default_example: Line | None = None

    @model_validator(mode="after")
    def _default_with_branches(self) -> Node:
        if self.branches and self.default is None:
            raise ValueError("a node with branches needs a `default` node for other replies")
        return self

    @property
    def next_ids(self) -> tuple[str, ...]:
        """Every node this one can lead to, in rule order, default last, no repeats."""
        ids = [b.goto for b in self.branches] + ([self.default] if self.default else [])
        return tuple(dict.fromkeys(ids))

    @property
    def is_end(self) -> bool:
        return not self.next_ids

    def route(self, analysis: Analysis) -> str | None:
        """The next node id for a reply with this analysis; None ends the conversation."""
        branch = choose_branch(self.branches, analysis)
        return branch.goto if branch else self.default


class GraphError(ValueError):
    """Problems with a conversation graph, each as (field, message)."""

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{field}: {msg}" for field, msg in self.problems))


def graph_problems(start: str, nodes: Sequence[Node]) -> list[tuple[str, str]]:
    """Duplicate or dangling ids, unreachable nodes, loops, and paths over MAX_TURNS."""
    ids = [n.id for n in nodes]
    by_id = {n.id: n for n in nodes}
    problems = [(f"nodes.{d}", "node id used twice") for d in sorted(_repeated(ids))]
    if start not in by_id:
        problems.append(("start", f"{start!r} is not a node; nodes are: {', '.join(ids)}"))
    for n in nodes:
        for i, b in enumerate(n.branches, start=1):  # positions count from 1, as people do
            if b.goto not in by_id:
                problems.append((f"nodes.{n.id}.branches[{i}].goto", f"no node {b.goto!r}"))
        if n.default and n.default not in by_id:
            problems.append((f"nodes.{n.id}.default", f"no node {n.default!r}"))
    if problems:
        return problems

    longest: dict[str, int] = {}  # node id -> user turns from here to the furthest end

    def turns_from(node_id: str, trail: tuple[str, ...]) -> int:
        if node_id in trail:
            loop = " -> ".join((*trail[trail.index(node_id) :], node_id))
            raise GraphError([(f"nodes.{node_id}", f"the conversation loops: {loop}")])
        if node_id not in longest:
            after = (turns_from(n, (*trail, node_id)) for n in by_id[node_id].next_ids)
            longest[node_id] = 1 + max(after, default=0)
        return longest[node_id]

    try:
        turns = turns_from(start, ())
    except GraphError as exc:
        return list(exc.problems)
    for node_id in ids:
        if node_id not in longest:
            problems.append((f"nodes.{node_id}", f"unreachable from start node {start!r}"))
    if turns > MAX_TURNS:
        path = [start]
        while by_id[path[-1]].next_ids:
            path.append(max(by_id[path[-1]].next_ids, key=longest.__getitem__))
        route = " -> ".join(path)
        message = f"a conversation can take {turns} replies ({route}); at most {MAX_TURNS}"
        problems.append(("nodes", message))
    return problems


def all_paths(start: str, nodes: Sequence[Node]) -> tuple[tuple[str, ...], ...]:
    """Every conversation from `start` to an end, as node ids (one per user turn).

    Assumes a checked graph (no loops, no dangling ids).
    """
    by_id = {n.id: n for n in nodes}
    found: list[tuple[str, ...]] = []
    stack = [(start,)]
    while stack:
        path = stack.pop()
        after = by_id[path[-1]].next_ids
        if not after:
            found.append(path)
        stack.extend((*path, n) for n in reversed(after))
    return tuple(found)


def _repeated(items: Sequence[str]) -> set[str]:
    seen: set[str] = set()
    return {i for i in items if i in seen or seen.add(i)}
