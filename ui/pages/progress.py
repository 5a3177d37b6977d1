"""My progress: each skill over time, counts, best replies, and before/after pairs."""

import altair as alt
import pandas as pd
import streamlit as st

from coach.progress import compute
from ui import components, render, state
from ui.attempts import load_attempts
from ui.words import plural


def not_scored_note(count: int) -> None:
    if count:
        replies = plural(count, "reply", "replies")
        st.caption(f"{replies} in another language or without words were not scored and are not counted.")


state.init_state()
st.title("My progress")
components.notices()
progress = compute(load_attempts())

if progress.is_empty:
    st.info(
        "Nothing to show yet. Once you have replied in a scenario or in free practice, this "
        "page shows, for five skills (owning feelings, blame-free replies, listening, open "
        "questions, clear requests), how often your replies showed each one day by day; your "
        "best replies; and the lines you improved on a second try, side by side."
    )
    not_scored_note(progress.not_scored)
    st.page_link("ui/pages/practise.py", label="Practise a conversation")
    st.stop()

c1, c2, c3 = st.columns(3)
c1.metric("Replies", progress.replies)
c2.metric("Days practised", progress.days)
c3.metric("Scenarios tried", progress.scenarios)
not_scored_note(progress.not_scored)

st.subheader("Each skill over time")
st.caption("The share of each day's replies that showed the skill.")
frame = pd.DataFrame(
    {"Day": pd.to_datetime(d.day), "Skill": d.label, "Share of replies (%)": round(100 * d.share)}
    for d in progress.by_day
)
percent = alt.Scale(domain=[0, 100])
if progress.days > 1:
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("Day:T", title=None),
            y=alt.Y("Share of replies (%):Q", scale=percent),
            color=alt.Color("Skill:N", legend=alt.Legend(orient="bottom", columns=2)),
        )
    )
else:
    chart = (
        alt.Chart(frame)
        .mark_bar(color="#2f6f73")
        .encode(
            y=alt.Y("Skill:N", title=None, sort=None),
            x=alt.X("Share of replies (%):Q", scale=percent),
        )
    )
st.altair_chart(chart, width="stretch")
if progress.days == 1:
    st.caption("One day so far: come back on another day to see how each skill moves.")

st.subheader("How often each skill showed")
components.html(render.skill_counts_html(progress.totals, progress.replies))

st.subheader("Your best replies")
if progress.best:
    for item in progress.best:
        components.scored_reply(item)
else:
    st.caption("A reply with something that helps and nothing to work on will show here.")

st.subheader("Before and after")
if progress.pairs:
    for pair in progress.pairs:
        components.before_after(pair)
else:
    st.caption(
        "When you try the same line of a scenario again and the new reply does better, the "
        "first and the better try will show here side by side."
    )
