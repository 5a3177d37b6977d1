"""Streamlit building blocks shared by the pages: the feedback card and its neighbours.

Layout only: the words come from `coach.feedback`, the HTML from `ui.render` (the only
HTML ever passed with `unsafe_allow_html`).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from coach.feedback import build_feedback
from coach.help import load_help
from coach.history import Turn
from coach.practice import Summary, last_change
from coach.progress import Pair, Scored
from coach.scenarios import Scenario
from coach.scoring import not_scored_reason
from coach.task import Turn as Task
from coach.task import turn_for
from nlp.types import Analysis
from ui import render, state
from ui.words import when


def html(markup: str) -> None:
    """Show HTML built by ui.render (never anything else)."""
    st.markdown(markup, unsafe_allow_html=True)


def history_notice() -> None:
    """The one-time notice from loading the history (e.g. a damaged file moved aside)."""
    ss = st.session_state
    if ss.get("history_notice"):
        st.info(ss["history_notice"], icon=":material/info:")
        ss["history_notice"] = None


def save_warning() -> None:
    """Shown while the last save failed (the in-memory history is kept)."""
    if st.session_state.get("save_warning"):
        st.warning(st.session_state["save_warning"], icon=":material/warning:")


def notices() -> None:
    history_notice()
    save_warning()


def other_says(name: str, says: str) -> None:
    """The other person's line as a chat bubble (data text: escaped, never markdown)."""
    with st.chat_message("assistant", avatar=":material/record_voice_over:"):
        st.markdown(f"**{render.md_escape(name)}:** {render.md_escape(says)}")


def crisis_notice() -> None:
    html(render.crisis_html(load_help()))


def confirm(
    question: str,
    yes_label: str,
    key: str,
    on_yes: Callable[..., None],
    on_no: Callable[[], None],
    args: tuple[object, ...] = (),
) -> None:
    """A question with "yes" and "Cancel", for actions that cannot be taken back."""
    st.warning(question)
    yes, no = st.columns(2)
    yes.button(yes_label, type="primary", key=f"{key}_yes", on_click=on_yes, args=args)
    no.button("Cancel", key=f"{key}_no", on_click=on_no)


def confirm_restart(scenario: Scenario) -> None:
    """Ask before "Start over" throws the conversation back to its first line."""
    confirm(
        "Start this conversation again from the first line? Your replies so far stay in your history.",
        "Yes, start over",
        "confirm_restart",
        state.restart_scenario,
        state.cancel_restart,
        (scenario,),
    )


def _task(analysis: Analysis, task: Task | str | None) -> Task | None:
    """A skill given by name (or scenario slug) becomes a Task with the reply's context."""
    return turn_for(task, analysis.context) if isinstance(task, str) else task


def feedback_card(analysis: Analysis, task: Task | str | None = None) -> None:
    """The whole card for one reply: marks, verdict, one thing to try, meters, breakdown.

    `task` is the skill being practised and their line, or just a skill name (None: free
    practice).
    """
    task = _task(analysis, task)
    if analysis.crisis:
        crisis_notice()
        return
    reason = not_scored_reason(analysis)
    if reason:  # no verdict, no marks: only the reply and why it was not scored
        with st.container(border=True):
            html(render.plain_html(analysis.text, "rh-reply") + render.not_scored_html(reason))
        return
    feedback = build_feedback(analysis, turn=task)
    for notice in feedback.notices:
        st.info(notice, icon=":material/translate:")
    with st.container(border=True):
        html(render.card_html(analysis.text, feedback))
        with st.expander(f"Full breakdown: what each mark means ({len(feedback.points)})"):
            html(render.legend_html(feedback.points) + render.METER_NOTE + render.meter_meanings_html(feedback.meters))


def attempt_comparison(turn: Turn, task: Task | None = None) -> None:
    """The last two attempts side by side, and what changed between them."""
    change = last_change(turn, task.skill if task else None)
    if change is None:
        return
    st.markdown(f"**What changed** (attempt {len(turn.attempts) - 1} → {len(turn.attempts)})")
    before, after = (Analysis.from_dict(a.analysis) for a in turn.attempts[-2:])
    left, right = st.columns(2)
    with left:
        st.caption("Before")
        html(render.highlight_html(before.text, build_feedback(before, turn=task).points))
    with right:
        st.caption("Now")
        html(render.highlight_html(after.text, build_feedback(after, turn=task).points))
    html(render.change_html(change))


def summary_view(summary: Summary) -> None:
    st.subheader("That's the end of this conversation")
    turns = "turn" if summary.turns == 1 else "turns"
    attempts = "attempt" if summary.attempts == 1 else "attempts"
    lines = [
        f"**{summary.turns} {turns}, {summary.attempts} {attempts}.** Skill practised: **{summary.skill}**",
        "",
        "**What improved**",
    ]
    if summary.improved:
        lines += [f"- {line}" for line in summary.improved]  # the bullet is the mark: no "• ✓"
    elif summary.attempts == summary.turns:
        lines.append(
            "- You went with your first reply each time. Next time, try a second version "
            "of one reply and compare what changes."
        )
    else:
        lines.append("- What was flagged stayed the same between your first and last tries.")
    if summary.strengths:
        lines += ["", "**What you did well:** " + " · ".join(summary.strengths)]
    if summary.to_work_on:
        lines += ["", "**Still worth practising:** " + " · ".join(summary.to_work_on)]
    st.markdown("\n".join(lines))


def reminder(analysis: Analysis, task: Task | str | None) -> None:
    """Before another try: the one thing to try from the last attempt, in one line."""
    task = _task(analysis, task)
    if not_scored_reason(analysis):
        return
    suggestion = build_feedback(analysis, turn=task).try_next
    if suggestion:
        st.caption(f"From your last try: {suggestion.headline} {suggestion.template}".strip())


def attempt_result(analysis: Analysis, skill: str | None = None) -> None:
    """What one saved reply got: the marked reply, the verdict and its points, compactly."""
    reason = not_scored_reason(analysis)
    if reason:
        html(render.plain_html(analysis.text) + render.not_scored_html(reason))
        return
    feedback = build_feedback(analysis, skill)
    parts = [render.highlight_html(analysis.text, feedback.points)]
    if feedback.verdict:
        parts.append(render.verdict_html(feedback.verdict))
    parts.append(render.points_line_html(feedback.points))
    html("".join(parts))


def scored_reply(item: Scored) -> None:
    """A reply on the progress page, with where and when it was said."""
    a = item.attempt
    with st.container(border=True):
        st.caption(f"{a.title or 'Free practice'} · {when(a.at)}")
        if a.prompt:
            html(render.said_html(a.prompt))
        attempt_result(a.analysis, a.skill)
        if item.skills:
            st.caption("Showed: " + " · ".join(item.skills))


def before_after(pair: Pair) -> None:
    """A first try and a later, better try at the same line, side by side."""
    first, later = pair.before.attempt, pair.after.attempt
    with st.container(border=True):
        st.caption(f"{first.title or 'Free practice'}")
        if first.prompt:
            html(render.said_html(first.prompt))
        left, right = st.columns(2)
        with left:
            st.caption(f"First try · {when(first.at)}")
            attempt_result(first.analysis, first.skill)
        with right:
            st.caption(f"Later try · {when(later.at)}")
            attempt_result(later.analysis, later.skill)
