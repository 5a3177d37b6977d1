"""My history: every saved reply with what it got, what was said before it, and when;
a download, and a way to delete it."""

import streamlit as st

from ui import components, couples_pages, my_data, render, state
from ui.attempts import attempts_by_run, load_attempts
from ui.words import plural, when

RUNS_SHOWN = 30
FREE_SHOWN = 50

state.init_state()
ss = st.session_state
st.title("My history")
components.notices()
where = (
    f"saved for {render.md_escape(ss['profile_name'])}" if state.saving() else "kept for this session only (nothing is saved)"
)

attempts = load_attempts()
if not attempts:
    st.info(
        "Nothing saved yet. Each reply you check in a scenario or in free practice will "
        "appear here with what it got, what the other person had said, and when."
    )
else:
    runs = attempts_by_run(attempts)
    free = [a for a in attempts if a.run_id is None]
    st.markdown(
        f"{plural(len(runs), 'scenario run', 'scenario runs')} and "
        f"{plural(len(free), 'free-practice reply', 'free-practice replies')}, {where}."
    )
    for run_attempts in reversed(runs[-RUNS_SHOWN:]):
        first = run_attempts[0]
        with st.expander(
            f"{render.md_escape(first.title)} · {when(first.at)} · {plural(len(run_attempts), 'attempt', 'attempts')}"
        ):
            said = None
            for attempt in run_attempts:
                if attempt.prompt != said:
                    said = attempt.prompt
                    components.html(render.said_html(said or ""))
                st.caption(when(attempt.at))
                components.attempt_result(attempt.analysis, attempt.skill)
    if free:
        with st.expander(f"Free practice ({plural(len(free), 'reply', 'replies')})"):
            for attempt in reversed(free[-FREE_SHOWN:]):
                st.caption(when(attempt.at))
                if attempt.prompt:
                    components.html(render.said_html(attempt.prompt))
                components.attempt_result(attempt.analysis)

if state.saving():
    couples_pages.history_section(ss["profile_id"])

st.subheader("My data")
my_data.data_controls()
