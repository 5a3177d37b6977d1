"""The feedback an attempt got, as plain text columns for the export download."""

from __future__ import annotations

from coach.feedback import build_feedback
from nlp.types import Analysis


def feedback_columns(analysis: Analysis, skill: str | None = None) -> dict[str, str]:
    """What the feedback card said: the verdict, what went well, and the one thing to try."""
    feedback = build_feedback(analysis, skill)
    verdict = feedback.verdict
    came_across = ""
    if verdict is not None:
        came_across = verdict.came_across or verdict.headline  # nothing flagged: the headline says so
        came_across += f': "{verdict.quote}"' if verdict.quote else ""
    return {
        "came_across_as": came_across,
        "went_well": "; ".join(p.name for p in feedback.went_well),
        "one_thing_to_try": feedback.try_next.headline if feedback.try_next else "",
        "feedback_points": " | ".join(f"{p.name}: {p.why}" for p in feedback.points),
    }
