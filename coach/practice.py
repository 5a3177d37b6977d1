"""A scenario run, turn by turn: start, record attempts, continue, summarise.

Pure functions over `coach.history` models, so the flow is tested without Streamlit. The
run is its own saved record, which is why a refresh or restart resumes where it stopped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.feedback import Change, compare, counted_flags, point_for
from coach.history import Attempt, History, Run, Turn, new_id, now
from coach.messages import load_messages
from coach.scenarios import next_node_id
from coach.scoring import not_scored_reason
from nlp.types import Analysis

if TYPE_CHECKING:
    from coach.scenarios import Scenario


def start_run(history: History, scenario: Scenario) -> Run:
    first = scenario.node(scenario.start)
    run = Run(
        id=new_id(),
        scenario_id=scenario.id,
        title=scenario.title,
        skill=scenario.skill,
        started=now(),
        turns=[Turn(node_id=first.id, says=first.says)],
    )
    history.runs.append(run)
    return run


def find_run(history: History, run_id: str | None) -> Run | None:
    return next((r for r in history.runs if r.id == run_id), None) if run_id else None


def unfinished_run(history: History, scenario_id: str) -> Run | None:
    """The latest unfinished run of this scenario, to resume after a refresh."""
    for run in reversed(history.runs):
        if run.scenario_id == scenario_id and run.finished is None:
            return run
    return None


def current_turn(run: Run) -> Turn:
    return run.turns[-1]


def add_attempt(run: Run, analysis: Analysis) -> Attempt:
    attempt = Attempt(text=analysis.text, at=now(), analysis=analysis.to_dict())
    current_turn(run).attempts.append(attempt)
    return attempt


def last_analysis(turn: Turn) -> Analysis | None:
    return Analysis.from_dict(turn.attempts[-1].analysis) if turn.attempts else None


def last_change(turn: Turn, skill: str | None = None) -> Change | None:
    """What changed between the last two attempts at this turn (None with fewer than two)."""
    if len(turn.attempts) < 2:
        return None
    before, after = (Analysis.from_dict(a.analysis) for a in turn.attempts[-2:])
    return compare(before, after, skill=skill)


def advance(run: Run, scenario: Scenario) -> bool:
    """Move to the next node, routed by the LAST attempt's analysis.

    Returns False (and marks the run finished) when the conversation is over. A turn with
    no attempt does not move: there is nothing to route on.
    """
    turn = current_turn(run)
    analysis = last_analysis(turn)
    if analysis is None:
        return True
    following = next_node_id(scenario, turn.node_id, analysis)
    if following is None or len(run.turns) >= scenario.max_turns:
        run.finished = now()
        return False
    node = scenario.node(following)
    run.turns.append(Turn(node_id=node.id, says=node.says))
    return True


@dataclass(frozen=True, slots=True)
class Summary:
    turns: int
    attempts: int
    skill: str
    improved: tuple[str, ...]  # "Turn 1: “Blame” gone after another try"
    strengths: tuple[str, ...]  # names of what helped, most frequent first
    to_work_on: tuple[str, ...]  # names of what hurt in the final replies


def summarise(run: Run, skill_label: str) -> Summary:
    messages = load_messages()
    improved: list[str] = []
    strengths: Counter[str] = Counter()
    still: Counter[str] = Counter()
    answered = [t for t in run.turns if t.attempts]
    for number, turn in enumerate(answered, start=1):
        # Replies that were not scored (no words, another language) neither count as a
        # first try nor as what was said in the end.
        parsed = [Analysis.from_dict(attempt.analysis) for attempt in turn.attempts]
        tries = [a for a in parsed if not not_scored_reason(a)]
        if not tries:
            continue
        first, final = tries[0], tries[-1]
        if len(tries) > 1:
            change = compare(first, final, messages, run.skill)
            for polarity, name in change.gone:
                if polarity == "hurts":
                    improved.append(messages.improved_gone.format(name=name, turn=number))
            for polarity, name in change.new:
                if polarity == "helps":
                    improved.append(messages.improved_new.format(name=name, turn=number))
        for flag in counted_flags(final, run.skill):
            name = point_for(flag, messages).name
            if flag.polarity == "helps":
                strengths[name] += 1
            elif flag.polarity == "hurts":
                still[name] += 1
    return Summary(
        turns=len(answered),
        attempts=sum(len(t.attempts) for t in answered),
        skill=skill_label,
        improved=tuple(improved),
        strengths=tuple(n for n, _ in strengths.most_common(3)),
        to_work_on=tuple(n for n, _ in still.most_common(2)),
    )
