"""Walk every branch of every branching scenario.

Each branch carries an `example` reply and each branching node a `default_example`.
The model tests run the example through the engine, with the node's line as context,
and check the router sends it where the file says. The path tests need no model.
"""

from __future__ import annotations

import pytest

from coach.scenarios import MAX_TURNS, Scenario, load_library, next_node_id

LIBRARY = load_library()
BRANCHING = [s for s in LIBRARY if s.is_branching]


def _routes(scenario: Scenario) -> list[tuple[str, str, str | None, str]]:
    """(node id, rule, expected next node, example reply) for every branch and default."""
    out = []
    for node in scenario.nodes:
        if not node.branches:
            continue
        for i, branch in enumerate(node.branches, start=1):
            out.append((node.id, f"branch{i}", branch.goto, branch.example or ""))
        out.append((node.id, "default", node.default, node.default_example or ""))
    return out


ROUTES = [
    pytest.param(scenario, node_id, expected, example, id=f"{scenario.id}:{node_id}:{rule}")
    for scenario in BRANCHING
    for node_id, rule, expected, example in _routes(scenario)
]


def test_there_are_branching_scenarios() -> None:
    assert len(BRANCHING) >= 12


@pytest.mark.parametrize("scenario", list(LIBRARY), ids=lambda s: s.id)
def test_the_other_person_reacts_at_least_once(scenario: Scenario) -> None:
    """No conversation ends after one reply: the opening branches on a good and a poor
    reply, and every path gives the other person a second line."""
    assert scenario.is_branching, f"{scenario.id}: the opening needs branches for good and poor replies"
    assert len(scenario.node(scenario.start).branches) >= 2, f"{scenario.id}: branch on good AND poor"
    short = [p for p in scenario.paths() if len(p) < 2]
    assert not short, f"{scenario.id}: these paths end after one reply: {short}"


@pytest.mark.parametrize("scenario", BRANCHING, ids=lambda s: s.id)
def test_every_route_has_an_example(scenario: Scenario) -> None:
    missing = [f"{n}:{rule}" for n, rule, _, example in _routes(scenario) if not example]
    assert not missing, f"{scenario.id}: add an example reply for {missing}"


@pytest.mark.parametrize("scenario", BRANCHING, ids=lambda s: s.id)
def test_every_path_ends_within_max_turns(scenario: Scenario) -> None:
    paths = scenario.paths()
    ends = {p[-1] for p in paths}
    assert all(scenario.node(end).is_end for end in ends)
    assert {n for p in paths for n in p} == {n.id for n in scenario.nodes}
    too_long = [p for p in paths if len(p) > MAX_TURNS]
    assert not too_long, f"{scenario.id}: paths over {MAX_TURNS} turns: {too_long}"
    assert all(len(p) >= 2 for p in paths), "a branching scenario lasts 2-4 turns"


@pytest.mark.model
@pytest.mark.parametrize(("scenario", "node_id", "expected", "example"), ROUTES)
def test_example_reply_takes_its_branch(
    scenario: Scenario, node_id: str, expected: str | None, example: str
) -> None:
    import nlp

    analysis = nlp.analyze(example, context=scenario.node(node_id).says)
    got = next_node_id(scenario, node_id, analysis)
    assert got == expected, (
        f"{example!r} went to {got!r}, not {expected!r}; engine said: style={analysis.style} "
        f"reflection={analysis.reflection} horsemen={list(analysis.horsemen)} "
        f"roadblocks={list(analysis.roadblocks)} question={analysis.question} "
        f"request={analysis.request}"
    )
