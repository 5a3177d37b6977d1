"""The verdict the app would show, as text or JSON for `python -m coach feedback`, and as
the `verdict`/`headline` cells `batch` adds. Pure: no model, no Streamlit."""

from __future__ import annotations

from typing import Any

from coach.feedback import Feedback
from coach.help import load_help

VERDICTS = ("helps", "hurts", "mixed", "neutral")
_MARK = {"helps": "+", "hurts": "-", "note": "i"}


def verdict_cells(feedback: Feedback) -> tuple[str, str]:
    """(verdict, headline); a crisis reply has no verdict and the notice's title."""
    if feedback.crisis or feedback.verdict is None:
        return "", load_help().title
    return feedback.verdict.polarity, feedback.verdict.headline


def feedback_dict(feedback: Feedback, skill: str | None) -> dict[str, Any]:
    verdict, headline = verdict_cells(feedback)
    suggestion = feedback.try_next
    return {
        "text": feedback.analysis.text,
        "context": feedback.analysis.context,
        "skill": skill,
        "crisis": feedback.crisis,
        "verdict": verdict,
        "headline": headline,
        "quote": feedback.verdict.quote if feedback.verdict else "",
        "went_well": [{"name": p.name, "words": p.quote or p.flag.text, "said": p.well or p.name} for p in feedback.went_well],
        "points": [
            {
                "polarity": p.polarity,
                "name": p.name,
                "words": p.quote or p.flag.text,
                "start": p.flag.start,
                "end": p.flag.end,
                "why": p.why,
                "rule_id": p.flag.rule_id,
            }
            for p in feedback.points
        ],
        "try": None
        if suggestion is None
        else {
            "headline": suggestion.headline,
            "template": suggestion.template,
            "example": suggestion.example,
            "options": list(suggestion.options),
        },
        "meters": [{"key": m.key, "label": m.label, "score": m.score, "max": m.maximum} for m in feedback.meters],
        "notices": list(feedback.notices),
    }


def format_feedback(feedback: Feedback) -> str:
    """The card as plain text: headline, what went well, the points, one thing to try, meters."""
    if feedback.crisis:
        notice = load_help()
        services = [f"  - {s.name} ({s.region}): {s.contact}. {s.how}" for s in notice.services]
        return "\n".join([notice.title, "", notice.intro, "", *services, "", notice.caveat])
    verdict, headline = verdict_cells(feedback)
    quote = f"  “{feedback.verdict.quote}”" if feedback.verdict and feedback.verdict.quote else ""
    lines = [f"[{verdict}] {headline}{quote}"]
    if feedback.went_well:
        lines += ["", "What went well"] + [f"  + {p.well or p.name}  “{p.quote or p.flag.text}”" for p in feedback.went_well]
    if feedback.points:
        lines += ["", "Points"]
        for p in feedback.points:
            lines.append(f"  {_MARK.get(p.polarity, '?')} {p.name}: “{p.quote or p.flag.text}”  ({p.flag.rule_id})")
            lines.append(f"      {p.why}")
    if feedback.try_next:
        t = feedback.try_next
        lines += ["", f"One thing to try: {t.headline}"]
        if t.options:
            lines.append(f"  feelings that may be underneath: {', '.join(t.options)}")
        if t.template:
            lines.append(f"  {t.template}")
        if t.example:
            lines.append(f"  For example: “{t.example}”")
    if feedback.meters:
        lines += ["", "Meters"] + [f"  {m.label:<24}{m.score}/{m.maximum}" for m in feedback.meters]
    if feedback.notices:
        lines += ["", *(f"Note: {n}" for n in feedback.notices)]
    return "\n".join(lines)
